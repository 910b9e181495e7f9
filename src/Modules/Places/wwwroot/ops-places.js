// The routes card of /ops (ADR 0037): a route between two points clicked on the console's map, with its steps, and
// for operators the road closures: the list, closing the road at a clicked point with a reason and an end time,
// reopening. Works on the map ops-map.js made (window.mekongOps). Texts come from the cards' data attributes.
(function () {
  'use strict';
  const card = document.getElementById('ops-routes');
  if (!card || card.dataset.started === 'true') { return; }
  card.dataset.started = 'true';
  const closuresCard = document.getElementById('ops-closures');

  // The console's map is made by ops-map.js, which runs before this deferred script; wait for it all the same.
  function whenMap(fn) {
    if (window.mekongOps && window.mekongOps.map) { fn(window.mekongOps.map); return; }
    setTimeout(() => whenMap(fn), 100);
  }

  const fixed = (latlng) => latlng.lat.toFixed(6) + ',' + latlng.lng.toFixed(6);

  function distance(metres) {
    const lang = card.dataset.lang === 'en' ? 'en' : 'vi-VN';
    return metres < 1000 ? Math.round(metres / 10) * 10 + ' m' : (metres / 1000).toLocaleString(lang, { maximumFractionDigits: 1 }) + ' km';
  }

  function duration(seconds) {
    const minutes = Math.max(1, Math.round(seconds / 60));
    return minutes < 60 ? card.dataset.labelMinutes.replace('{0}', minutes)
      : card.dataset.labelHours.replace('{0}', Math.floor(minutes / 60)).replace('{1}', minutes % 60);
  }

  // Only one tool listens to map clicks at a time: the route's two points or the road to close.
  let mode = null;
  function setMode(next) {
    mode = next;
    const map = window.mekongOps && window.mekongOps.map;
    if (map) { map.getContainer().classList.toggle('ops-picking', mode !== null); }
    document.getElementById('ops-route-pick').setAttribute('aria-pressed', String(mode === 'route-from' || mode === 'route-to'));
    const closePick = document.getElementById('ops-closure-pick');
    if (closePick) { closePick.setAttribute('aria-pressed', String(mode === 'closure')); }
  }

  whenMap((map) => {
    const status = document.getElementById('ops-route-status');
    const steps = document.getElementById('ops-route-steps');
    const clear = document.getElementById('ops-route-clear');
    const profile = document.getElementById('ops-route-profile');
    const route = L.layerGroup().addTo(map);
    let from = null, to = null, seq = 0;

    function endMarker(latlng, colour, cls) {
      return L.circleMarker(latlng, { radius: 8, color: '#fff', weight: 2, fillColor: colour, fillOpacity: 0.95, className: 'ops-route-end ' + cls });
    }

    async function draw() {
      if (!from || !to) { return; }
      const current = ++seq;
      status.textContent = card.dataset.labelLoading;
      card.dataset.state = 'loading';
      const url = card.dataset.routeUrl + '?from=' + fixed(from) + '&to=' + fixed(to) + '&profile=' + encodeURIComponent(profile.value) + (card.dataset.lang === 'en' ? '&lang=en' : '');
      const response = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
      if (current !== seq) { return; }
      route.clearLayers();
      steps.replaceChildren();
      route.addLayer(endMarker(from, '#0f766e', 'ops-route-from'));
      route.addLayer(endMarker(to, '#b91c1c', 'ops-route-to'));
      if (!response.ok) {
        let text = card.dataset.labelFailed;
        if (response.status === 422) { text = card.dataset.labelUnreachable; }
        if (response.status === 400) {
          const problem = await response.json().catch(() => ({}));
          const errors = problem.errors || {};
          text = errors.from ? card.dataset.labelTooFarFrom : errors.to ? card.dataset.labelTooFarTo : text;
        }
        status.textContent = text;
        card.dataset.state = 'failed';
        return;
      }
      const body = await response.json();
      const line = L.polyline(body.geometry.coordinates.map((c) => [c[1], c[0]]), { color: '#7c3aed', weight: 6, opacity: 0.85, className: 'ops-route-line' });
      route.addLayer(line);
      status.textContent = card.dataset.labelDistance + ': ' + distance(body.distance) + ' · ' + card.dataset.labelDuration + ': ' + duration(body.duration)
        + (body.avoidsClosures ? ' · ' + card.dataset.labelAvoids : '');
      body.steps.forEach((step) => {
        const li = document.createElement('li');
        li.textContent = step.instruction + (step.distance > 0 ? ' · ' + distance(step.distance) : '');
        li.tabIndex = 0;
        const show = () => map.setView([step.location[1], step.location[0]], Math.max(map.getZoom(), 15));
        li.addEventListener('click', show);
        li.addEventListener('keydown', (e) => { if (e.key === 'Enter') { show(); } });
        steps.appendChild(li);
      });
      card.dataset.state = 'ready';
      card.dataset.distance = String(body.distance);
    }

    document.getElementById('ops-route-pick').addEventListener('click', () => {
      from = null; to = null;
      route.clearLayers();
      steps.replaceChildren();
      clear.hidden = false;
      status.textContent = card.dataset.labelFrom;
      setMode('route-from');
    });
    clear.addEventListener('click', () => {
      from = null; to = null; seq++;
      route.clearLayers();
      steps.replaceChildren();
      status.textContent = '';
      clear.hidden = true;
      delete card.dataset.state;
      if (mode === 'route-from' || mode === 'route-to') { setMode(null); }
    });
    profile.addEventListener('change', () => { draw().catch(console.error); });

    // 'preclick': a click on a layer's feature (a commune) opens its popup and stops there, before the map's 'click';
    // while picking, the click is the tool's, so the popup is closed again.
    map.on('preclick', (e) => {
      if (mode === null) { return; }
      setTimeout(() => map.closePopup(), 0);
      if (mode === 'route-from') {
        from = e.latlng;
        route.clearLayers();
        route.addLayer(endMarker(from, '#0f766e', 'ops-route-from'));
        status.textContent = card.dataset.labelTo;
        setMode('route-to');
      } else if (mode === 'route-to') {
        to = e.latlng;
        setMode(null);
        draw().catch(console.error);
      } else if (mode === 'closure') {
        setMode(null);
        closureAt(e.latlng).catch(console.error);
      }
    });

    if (!closuresCard) { return; }
    const list = document.getElementById('ops-closure-list');
    const form = document.getElementById('ops-closure-form');
    const road = document.getElementById('ops-closure-road');
    const reason = document.getElementById('ops-closure-reason');
    const ends = document.getElementById('ops-closure-ends');
    const closureStatus = document.getElementById('ops-closure-status');
    const picked = L.layerGroup().addTo(map);
    let point = null;
    const label = (key) => closuresCard.dataset[key];
    const reloadLayer = () => window.mekongOps.setLayerQuery(closuresCard.dataset.layer, {}).catch(console.error);

    async function loadClosures() {
      const response = await fetch(closuresCard.dataset.closuresUrl, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
      if (!response.ok) { list.dataset.state = 'error'; return; }
      const closures = await response.json();
      list.replaceChildren();
      if (closures.length === 0) {
        const li = document.createElement('li');
        li.className = 'muted';
        li.textContent = label('labelNone');
        list.appendChild(li);
      }
      closures.forEach((c) => {
        const li = document.createElement('li');
        li.dataset.closureId = c.id;
        const name = document.createElement('strong');
        name.textContent = c.road || label('labelUnnamed');
        li.appendChild(name);
        let text = ' – ' + c.reason;
        if (c.endsAt) {
          text += ' (' + label('labelUntil').replace('{0}', new Date(c.endsAt).toLocaleString(closuresCard.dataset.lang === 'en' ? 'en-GB' : 'vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', dateStyle: 'short', timeStyle: 'short' })) + ')';
        }
        li.appendChild(document.createTextNode(text + ' '));
        const reopen = document.createElement('button');
        reopen.type = 'button';
        reopen.className = 'link-button ops-closure-reopen';
        reopen.textContent = label('labelReopen');
        reopen.addEventListener('click', async () => {
          const answer = await fetch(closuresCard.dataset.closuresUrl + '/' + encodeURIComponent(c.id), { method: 'DELETE', credentials: 'same-origin' });
          closureStatus.textContent = answer.ok ? label('labelReopened').replace('{0}', c.road || label('labelUnnamed')) : label('labelFailed');
          await loadClosures();
          reloadLayer();
          if (from && to) { draw().catch(console.error); }
        });
        li.appendChild(reopen);
        list.appendChild(li);
      });
      list.dataset.state = 'ready';
      list.dataset.count = String(closures.length);
    }

    async function closureAt(latlng) {
      point = latlng;
      picked.clearLayers();
      picked.addLayer(L.circleMarker(latlng, { radius: 7, color: '#fff', weight: 2, fillColor: '#b91c1c', fillOpacity: 0.95, className: 'ops-closure-point' }));
      road.textContent = label('labelAt').replace('{0}', '…');
      form.hidden = false;
      reason.focus();
      const response = await fetch(closuresCard.dataset.reverseUrl + '?lat=' + latlng.lat.toFixed(6) + '&lon=' + latlng.lng.toFixed(6), { credentials: 'same-origin' });
      const body = response.ok ? await response.json() : {};
      road.textContent = label('labelAt').replace('{0}', (body.street && body.street.name) || label('labelUnnamed'));
    }

    document.getElementById('ops-closure-pick').addEventListener('click', () => {
      closureStatus.textContent = label('labelPick');
      setMode('closure');
    });
    document.getElementById('ops-closure-cancel').addEventListener('click', () => {
      form.hidden = true; point = null; picked.clearLayers(); closureStatus.textContent = '';
    });
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (!point) { return; }
      const body = { latitude: point.lat, longitude: point.lng, reason: reason.value.trim() };
      // datetime-local is the operator's wall clock: Vietnam's time (UTC+7, no daylight saving).
      if (ends.value) { body.endsAt = ends.value + ':00+07:00'; }
      const response = await fetch(closuresCard.dataset.closuresUrl, {
        method: 'POST', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(body)
      });
      if (!response.ok) {
        const problem = await response.json().catch(() => ({}));
        const errors = problem.errors ? Object.values(problem.errors).flat().join(' ') : '';
        closureStatus.textContent = label('labelFailed') + (errors ? ' ' + errors : '');
        return;
      }
      const created = await response.json();
      closureStatus.textContent = label('labelSaved').replace('{0}', created.road || label('labelUnnamed'));
      form.hidden = true; point = null; picked.clearLayers(); reason.value = ''; ends.value = '';
      await loadClosures();
      reloadLayer();
      if (from && to) { draw().catch(console.error); }
    });
    loadClosures().catch(console.error);
  });
})();
