// The statistics page's chart: reports per group (bars) and the share resolved on time (line, right axis), drawn
// with Chart.js (npm, pinned, served from this server) from the figures the page carries in data attributes.
(function () {
  'use strict';
  const canvas = document.getElementById('stats-chart');
  if (!canvas || typeof Chart === 'undefined' || canvas.dataset.state === 'ready') { return; }
  const labels = JSON.parse(canvas.dataset.labels || '[]');
  const volume = JSON.parse(canvas.dataset.volume || '[]');
  const onTime = JSON.parse(canvas.dataset.onTime || '[]');
  const chart = new Chart(canvas, {
    data: {
      labels,
      datasets: [
        { type: 'bar', label: canvas.dataset.labelVolume, data: volume, backgroundColor: '#4aa3df', yAxisID: 'y' },
        { type: 'line', label: canvas.dataset.labelOnTime, data: onTime, borderColor: '#9a3412', backgroundColor: '#9a3412', yAxisID: 'share', spanGaps: true }
      ]
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: {
        y: { beginAtZero: true, position: 'left', ticks: { precision: 0 } },
        share: { beginAtZero: true, max: 100, position: 'right', grid: { drawOnChartArea: false } }
      }
    }
  });
  window.mekongStatisticsChart = chart;
  canvas.dataset.state = 'ready';
})();
