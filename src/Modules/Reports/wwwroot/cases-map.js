// The officers' small map: the selection's reports as points (red when overdue), from the element's data-points.
// No inline script (CSP): this file reads the data attributes the server rendered.
(function () {
  'use strict';

  function start() {
    const el = document.getElementById('case-map');
    if (!el || el.dataset.started === 'true' || typeof L === 'undefined') { return; }
    el.dataset.started = 'true';
    let points = [];
    try { points = JSON.parse(el.dataset.points || '[]'); } catch (e) { points = []; }
    const map = L.map(el, { zoomControl: true, attributionControl: true });
    if (el.dataset.tileUrl) {
      L.tileLayer(el.dataset.tileUrl, { attribution: el.dataset.tileAttribution || '', maxZoom: 19 }).addTo(map);
    }
    const bounds = [];
    points.forEach(function (p) {
      const marker = L.circleMarker([p.lat, p.lon], {
        radius: 7, weight: 2, color: p.overdue ? '#b3261e' : '#1f5f99', fillColor: p.overdue ? '#e46962' : '#5b9bd5', fillOpacity: 0.8,
        className: p.overdue ? 'case-point case-point-overdue' : 'case-point'
      }).addTo(map);
      const box = document.createElement('a');
      box.href = '/reports/queue/' + p.id;
      box.textContent = '#' + p.id + ' ' + (p.name || '') + (p.overdue ? ' — ' + (el.dataset.labelOverdue || 'overdue') : '');
      marker.bindPopup(box);
      bounds.push([p.lat, p.lon]);
    });
    if (bounds.length > 0) {
      map.fitBounds(bounds, { padding: [20, 20], maxZoom: 15 });
    } else {
      map.setView([9.6, 105.95], 9);
    }
    el.dataset.state = 'ready';
  }

  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', start); } else { start(); }
  document.addEventListener('enhancedload', start);
})();
