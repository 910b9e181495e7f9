// The incidents card of /ops: when an incident changes (live topic layers.incidents), the list is fetched again (at
// most every two seconds). The map layer refetches its own features.
(function () {
  'use strict';
  const card = document.getElementById('ops-incidents');
  if (!card || card.dataset.started === 'true') { return; }
  card.dataset.started = 'true';
  const en = card.dataset.lang === 'en';
  let timer = null;

  async function refresh() {
    const response = await fetch(card.dataset.listUrl, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (!response.ok) { return; }
    const page = await response.json();
    const list = document.getElementById('ops-incidents-list');
    const count = document.getElementById('ops-incidents-count');
    if (count) { count.textContent = String(page.total); }
    if (!list) { return; }
    const rank = { Extreme: 0, Severe: 1, Moderate: 2, Minor: 3 };
    const items = page.items.slice().sort((a, b) => (rank[a.severity] - rank[b.severity]) || (b.overdueSteps - a.overdueSteps));
    list.replaceChildren();
    items.forEach((incident) => {
      const li = document.createElement('li');
      li.className = 'incident-' + String(incident.severity).toLowerCase().replace(/[^a-z]/g, '');
      const a = document.createElement('a');
      a.href = '/ops/incidents/' + encodeURIComponent(incident.id);
      a.textContent = incident.title;
      li.appendChild(a);
      const meta = document.createElement('span');
      meta.className = 'muted';
      meta.textContent = ' ' + (en ? incident.typeNameEn : incident.typeNameVi) + ' · ' + incident.severity;
      li.appendChild(meta);
      if (incident.overdueSteps > 0) {
        const badge = document.createElement('span');
        badge.className = 'badge badge-danger';
        badge.textContent = String(incident.overdueSteps) + (en ? ' overdue' : ' bước quá hạn');
        li.appendChild(badge);
      }
      list.appendChild(li);
    });
    card.dataset.refreshed = String(Date.now());
  }

  function later() {
    if (timer) { return; }
    timer = setTimeout(() => { timer = null; refresh().catch(console.error); }, 2000);
  }

  document.addEventListener('mekong:live', (event) => {
    if (event.detail && event.detail.topic === card.dataset.topic) { later(); }
  });
  document.addEventListener('mekong:live-reconnected', later);
})();
