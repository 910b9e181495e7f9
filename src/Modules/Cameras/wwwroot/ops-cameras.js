// The camera network card of /ops: when a camera changes state (live topic cameras.states), the headline figures and
// the list of failing cameras are fetched again (at most every two seconds). The map layer reloads itself.
(function () {
  'use strict';
  const card = document.getElementById('ops-cameras');
  if (!card || card.dataset.started === 'true') { return; }
  card.dataset.started = 'true';
  let timer = null;

  function set(id, value) { const el = document.getElementById(id); if (el) { el.textContent = value; } }

  async function refresh() {
    const response = await fetch(card.dataset.healthUrl, { credentials: 'same-origin' });
    if (!response.ok) { return; }
    const health = await response.json();
    const lang = document.documentElement.lang || 'vi';
    set('ops-cameras-online', health.onlinePercent === null ? '–' : health.onlinePercent.toLocaleString(lang, { minimumFractionDigits: 1 }) + ' %');
    set('ops-cameras-offline', String(health.offline));
    set('ops-cameras-degraded', String(health.degraded));
    set('ops-cameras-maintenance', String(health.maintenance));
    set('ops-cameras-tickets', String(health.openTickets));
    const list = document.getElementById('ops-cameras-worst');
    if (list) {
      list.replaceChildren();
      health.worst.forEach((camera) => {
        const li = document.createElement('li');
        li.className = 'cam-state-' + String(camera.state).replace(/[^a-z]/g, '');
        const a = document.createElement('a');
        a.href = '/ops/cameras/' + encodeURIComponent(camera.id);
        a.textContent = camera.code;
        li.appendChild(a);
        li.appendChild(document.createTextNode(' ' + camera.state + (camera.fault ? ' – ' + camera.fault : '')));
        list.appendChild(li);
      });
    }
    card.dataset.refreshed = String(Date.now());
  }

  document.addEventListener('mekong:live', (event) => {
    if (!event.detail || event.detail.topic !== card.dataset.topic) { return; }
    if (timer) { return; }
    timer = setTimeout(() => { timer = null; refresh().catch(console.error); }, 2000);
  });
  document.addEventListener('mekong:live-reconnected', () => { refresh().catch(console.error); });
})();
