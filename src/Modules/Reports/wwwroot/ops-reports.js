// The reports card of the operator console: emergency alerts (with "acknowledge"), counts by status and the reports
// layer's filters. The map (ops-map.js) holds the live connection and passes every update on as a 'mekong:live'
// event; this script asks the server again on the updates of its topic, at most every second and a half, so a burst
// of reports costs each console a few requests, not one per report. Alerts come from the server, so a reload shows
// every alert nobody has acknowledged yet.
(function () {
  'use strict';
  const card = document.getElementById('ops-reports');
  if (!card || card.dataset.started === 'true') { return; }
  card.dataset.started = 'true';
  const lang = card.dataset.lang === 'en' ? 'en' : 'vi-VN';
  const number = (n) => Number(n || 0).toLocaleString(lang);

  async function getJson(url) {
    const response = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (!response.ok) { throw new Error(url + ': HTTP ' + response.status); }
    return response.json();
  }

  function throttled(fn, wait) {
    let timer = null; let again = false;
    return function run() {
      if (timer) { again = true; return; }
      fn();
      timer = setTimeout(() => { timer = null; if (again) { again = false; run(); } }, wait);
    };
  }

  async function loadSummary() {
    const summary = await getJson(card.dataset.summaryUrl);
    document.getElementById('ops-reports-open').textContent = number(summary.open);
    document.getElementById('ops-reports-overdue').textContent = number(summary.overdue);
    document.getElementById('ops-reports-emergencies').textContent = number(summary.openEmergencies);
    const list = document.getElementById('ops-report-counts');
    list.replaceChildren();
    summary.statuses.filter((s) => s.open || s.count > 0).forEach((s) => {
      const row = document.createElement('div');
      row.dataset.status = s.status;
      const dt = document.createElement('dt'); dt.textContent = s.name;
      const dd = document.createElement('dd'); dd.textContent = number(s.count); dd.id = 'ops-count-' + s.status;
      row.appendChild(dt); row.appendChild(dd); list.appendChild(row);
    });
    list.dataset.state = 'ready';
    list.dataset.open = String(summary.open);
  }

  async function acknowledge(alert, button) {
    button.disabled = true;
    const response = await fetch(card.dataset.ackUrl.replace('{id}', encodeURIComponent(alert.id)), {
      method: 'POST', credentials: 'same-origin', headers: { Accept: 'application/json', 'Content-Type': 'application/json' }, body: '{}'
    });
    if (!response.ok) { button.disabled = false; throw new Error('acknowledge: HTTP ' + response.status); }
    await loadAlerts();
  }

  async function loadAlerts() {
    const body = await getJson(card.dataset.alertsUrl);
    const box = document.getElementById('ops-alerts');
    const list = document.getElementById('ops-alert-list');
    list.replaceChildren();
    body.items.forEach((alert) => {
      const li = document.createElement('li');
      li.className = 'ops-alert';
      li.dataset.reportId = String(alert.reportId);
      const title = document.createElement('strong');
      title.textContent = card.dataset.labelAlert.replace('{0}', alert.reportId).replace('{1}', alert.category);
      const when = document.createElement('span');
      when.className = 'ops-alert-when';
      when.textContent = card.dataset.labelReceived + ': ' + new Date(alert.requestedAt).toLocaleString(lang, { timeZone: 'Asia/Ho_Chi_Minh' });
      const actions = document.createElement('span');
      actions.className = 'ops-alert-actions';
      if (alert.latitude !== null && window.mekongOps) {
        const show = document.createElement('button');
        show.type = 'button'; show.className = 'link-button'; show.textContent = card.dataset.labelShow;
        show.addEventListener('click', () => window.mekongOps.focus(card.dataset.layer, alert.reportId));
        actions.appendChild(show);
      }
      const open = document.createElement('a');
      open.href = alert.link; open.textContent = card.dataset.labelOpenCase;
      actions.appendChild(open);
      if (card.dataset.canAck === 'true') {
        const ack = document.createElement('button');
        ack.type = 'button'; ack.className = 'button ops-alert-ack'; ack.textContent = card.dataset.labelAcknowledge;
        ack.addEventListener('click', () => acknowledge(alert, ack).catch(console.error));
        actions.appendChild(ack);
      }
      li.appendChild(title); li.appendChild(when); li.appendChild(actions);
      list.appendChild(li);
    });
    box.hidden = body.items.length === 0;
    box.dataset.count = String(body.items.length);
    document.getElementById('ops-alert-count').textContent = body.items.length > 0 ? '(' + number(body.items.length) + ')' : '';
  }

  const refreshSummary = throttled(() => loadSummary().catch(console.error), 1500);
  const refreshAlerts = throttled(() => loadAlerts().catch(console.error), 500);

  document.addEventListener('mekong:live', (e) => {
    if (!e.detail || e.detail.topic !== card.dataset.topic) { return; }
    const payload = e.detail.payload || {};
    refreshSummary();
    if ((payload.alerts && payload.alerts.length) || (payload.acknowledged && payload.acknowledged.length) || !payload.ids) { refreshAlerts(); }
  });
  document.addEventListener('mekong:live-reconnected', () => { refreshSummary(); refreshAlerts(); });

  // Filters: the layer reloads with them (ops-map.js adds them to its URLs, live updates included).
  const form = document.getElementById('ops-report-filter');
  function applyFilter() {
    if (!window.mekongOps) { return; }
    const data = new FormData(form);
    window.mekongOps.setLayerQuery(card.dataset.layer, { status: data.get('status'), category: data.get('category'), commune: data.get('commune') }).catch(console.error);
  }
  form.addEventListener('change', applyFilter);
  form.addEventListener('submit', (e) => { e.preventDefault(); applyFilter(); });

  function fill(select, items) {
    items.forEach((item) => {
      const option = document.createElement('option');
      option.value = item.value; option.textContent = item.text;
      select.appendChild(option);
    });
  }

  getJson(card.dataset.servicesUrl).then((services) => {
    fill(document.getElementById('ops-filter-category'), services.map((s) => ({ value: s.service_code, text: s.service_name })));
  }).catch(console.error);
  getJson(card.dataset.communesUrl).then((page) => {
    fill(document.getElementById('ops-filter-commune'), (page.items || []).map((u) => ({ value: u.code, text: lang === 'en' && u.nameEn ? u.nameEn : u.nameVi })));
  }).catch(console.error);

  loadSummary().catch(console.error);
  loadAlerts().catch(console.error);
})();
