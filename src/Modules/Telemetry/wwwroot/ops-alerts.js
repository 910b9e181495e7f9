// The sensor alert card of /ops (ADR 0033): open and acknowledged alerts coloured by severity, "acknowledge" for
// operators, and a short sound when a new critical alert opens (muted by the operator's choice, kept in this browser).
// The map (ops-map.js) holds the live connection: its alert layer watches topic telemetry.alerts and passes every
// update on as a 'mekong:live' event; the card asks the server again, at most twice a second.
(function () {
  'use strict';
  const card = document.getElementById('ops-telemetry-alerts');
  if (!card || card.dataset.started === 'true') { return; }
  card.dataset.started = 'true';
  const lang = card.dataset.lang === 'en' ? 'en' : 'vi-VN';
  const muteKey = 'mekong.telemetry.alerts.muted';
  const muteButton = document.getElementById('ops-telemetry-alert-mute');
  let audio = null;

  function muted() {
    try { return window.localStorage.getItem(muteKey) === 'true'; } catch (e) { return false; }
  }

  function showMute() {
    const on = muted();
    muteButton.hidden = false;
    muteButton.setAttribute('aria-pressed', String(on));
    muteButton.textContent = on ? card.dataset.labelUnmute : card.dataset.labelMute;
    card.dataset.muted = String(on);
  }

  muteButton.addEventListener('click', () => {
    try { window.localStorage.setItem(muteKey, String(!muted())); } catch (e) { /* private mode: the choice lasts this page */ }
    showMute();
  });

  // Two short tones from the Web Audio API (no sound file to fetch); a browser that refuses sound before a click stays quiet.
  function beep() {
    card.dataset.sounded = String(Number(card.dataset.sounded || '0') + 1);
    if (muted()) { return; }
    try {
      const Context = window.AudioContext || window.webkitAudioContext;
      if (!Context) { return; }
      audio = audio || new Context();
      [0, 0.3].forEach((start) => {
        const osc = audio.createOscillator();
        const gain = audio.createGain();
        osc.frequency.value = 880;
        gain.gain.value = 0.15;
        osc.connect(gain); gain.connect(audio.destination);
        osc.start(audio.currentTime + start);
        osc.stop(audio.currentTime + start + 0.18);
      });
    } catch (e) { /* no sound: the card still shows the alert */ }
  }

  async function getJson(url) {
    const response = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (!response.ok) { throw new Error(url + ': HTTP ' + response.status); }
    return response.json();
  }

  async function acknowledge(alert, button) {
    button.disabled = true;
    const response = await fetch(card.dataset.ackUrl.replace('{id}', encodeURIComponent(alert.id)), {
      method: 'POST', credentials: 'same-origin', headers: { Accept: 'application/json', 'Content-Type': 'application/json' }, body: '{}'
    });
    if (!response.ok && response.status !== 409) { button.disabled = false; throw new Error('acknowledge: HTTP ' + response.status); }
    await load();
  }

  function severityLabel(s) {
    return s === 'critical' ? card.dataset.labelCritical : s === 'warning' ? card.dataset.labelWarning : card.dataset.labelInfo;
  }

  async function load() {
    const body = await getJson(card.dataset.listUrl);
    const list = document.getElementById('ops-telemetry-alert-list');
    list.replaceChildren();
    body.items.forEach((alert) => {
      const li = document.createElement('li');
      li.className = 'ops-telemetry-alert alert-severity-' + String(alert.severity).replace(/[^a-z]/g, '');
      li.dataset.alertId = alert.id;
      li.dataset.state = alert.state;
      const title = document.createElement('strong');
      title.textContent = alert.title;
      const meta = document.createElement('span');
      meta.className = 'ops-telemetry-alert-meta';
      meta.textContent = [
        severityLabel(alert.severity),
        alert.state === 'open' ? card.dataset.labelOpen : card.dataset.labelAcked,
        card.dataset.labelDevices.replace('{0}', String(alert.devices.length)),
        alert.communes.join(', '),
        card.dataset.labelOpened + ' ' + new Date(alert.openedAt).toLocaleString(lang, { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit' })
      ].filter(Boolean).join(' · ');
      const actions = document.createElement('span');
      actions.className = 'ops-telemetry-alert-actions';
      if (alert.latitude !== null && window.mekongOps) {
        const show = document.createElement('button');
        show.type = 'button'; show.className = 'link-button'; show.textContent = card.dataset.labelShow;
        show.addEventListener('click', () => window.mekongOps.focus(card.dataset.layer, alert.id));
        actions.appendChild(show);
      }
      if (card.dataset.canAck === 'true' && alert.state === 'open') {
        const ack = document.createElement('button');
        ack.type = 'button'; ack.className = 'button ops-telemetry-alert-ack'; ack.textContent = card.dataset.labelAck;
        ack.addEventListener('click', () => acknowledge(alert, ack).catch(console.error));
        actions.appendChild(ack);
      }
      li.appendChild(title); li.appendChild(meta); li.appendChild(actions);
      list.appendChild(li);
    });
    document.getElementById('ops-telemetry-alert-none').hidden = body.items.length > 0;
    document.getElementById('ops-telemetry-alert-count').textContent = body.total > 0 ? '(' + Number(body.total).toLocaleString(lang) + ')' : '';
    card.dataset.count = String(body.total);
  }

  let timer = null; let again = false;
  function refresh() {
    if (timer) { again = true; return; }
    load().catch(console.error);
    timer = setTimeout(() => { timer = null; if (again) { again = false; refresh(); } }, 500);
  }

  document.addEventListener('mekong:live', (e) => {
    if (!e.detail || e.detail.topic !== card.dataset.topic) { return; }
    const payload = e.detail.payload || {};
    if (payload.opened && payload.severity === 'critical') { beep(); }
    refresh();
  });
  document.addEventListener('mekong:live-reconnected', refresh);

  showMute();
  load().catch(console.error);
})();
