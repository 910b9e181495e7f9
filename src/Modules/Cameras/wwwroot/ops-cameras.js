// The camera network card of /ops: when a camera changes state (live topic cameras.states), the headline figures, the
// list of failing cameras and (for operators) the stored grouped outages are fetched again (at most every two seconds).
// Operators acknowledge a grouped outage with its button. The map layer reloads itself.
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
    if (card.dataset.canAck === 'true') { await refreshOutages(); }
    card.dataset.refreshed = String(Date.now());
  }

  function ackButton(url) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'button ops-cameras-outage-ack';
    button.dataset.ackUrl = url;
    button.textContent = card.dataset.labelAck;
    return button;
  }

  async function refreshOutages() {
    const list = document.getElementById('ops-cameras-outages');
    if (!list) { return; }
    const response = await fetch(card.dataset.outagesUrl, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (!response.ok) { return; }
    const body = await response.json();
    list.replaceChildren();
    body.items.forEach((outage) => {
      const li = document.createElement('li');
      li.className = 'cam-state-offline';
      li.dataset.outageId = outage.id;
      li.dataset.state = outage.state;
      const text = document.createElement('span');
      const kind = card.dataset['labelKind' + outage.kind.charAt(0).toUpperCase() + outage.kind.slice(1)] || outage.kind;
      text.textContent = outage.offline + '/' + outage.cameras + ' · ' + kind + ' ' + outage.key;
      li.appendChild(text);
      if (outage.state === 'open') {
        li.appendChild(ackButton('/api/v1/cameras/outages/' + encodeURIComponent(outage.id) + '/acknowledge'));
      } else {
        const done = document.createElement('span');
        done.className = 'muted';
        done.textContent = card.dataset.labelAcked + (outage.acknowledgedBy ? ': ' + outage.acknowledgedBy : '');
        li.appendChild(done);
      }
      list.appendChild(li);
    });
    const none = document.getElementById('ops-cameras-outages-none');
    if (none) { none.hidden = body.items.length > 0; }
  }

  async function acknowledge(button) {
    button.disabled = true;
    const response = await fetch(button.dataset.ackUrl, {
      method: 'POST', credentials: 'same-origin', headers: { Accept: 'application/json', 'Content-Type': 'application/json' }, body: '{}'
    });
    if (!response.ok && response.status !== 409) { button.disabled = false; throw new Error('acknowledge: HTTP ' + response.status); }
    await refreshOutages();
  }

  card.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('.ops-cameras-outage-ack') : null;
    if (button) { acknowledge(button).catch(console.error); }
  });

  document.addEventListener('mekong:live', (event) => {
    if (!event.detail || event.detail.topic !== card.dataset.topic) { return; }
    if (timer) { return; }
    timer = setTimeout(() => { timer = null; refresh().catch(console.error); }, 2000);
  });
  document.addEventListener('mekong:live-reconnected', () => { refresh().catch(console.error); });
})();
