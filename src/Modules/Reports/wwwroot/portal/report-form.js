// The report form (/reports/new?category=…): the place by tapping the map, the phone's location or an address; open
// reports of the same category nearby with "this is my problem too"; photo previews within the limit; and sending
// through the phone's queue (report-queue.js), which keeps the report while there is no signal.
(function () {
  'use strict';
  const form = document.getElementById('report-form');
  if (!form || form.dataset.started === 'true') { return; }
  form.dataset.started = 'true';
  const d = form.dataset;
  const $ = id => document.getElementById(id);
  const lat = $('lat'), lon = $('long'), placeStatus = $('place-status');
  const category = form.querySelector('input[name=service_code]').value;
  const english = document.documentElement.lang === 'en';
  let marker = null, map = null;

  // ---- the place ----
  function setPlace(latitude, longitude, fromMap) {
    lat.value = latitude.toFixed(6);
    lon.value = longitude.toFixed(6);
    placeStatus.textContent = d.labelPlaceChosen.replace('{0}', lat.value + ', ' + lon.value);
    form.dataset.place = 'chosen';
    if (map) {
      if (marker) { marker.setLatLng([latitude, longitude]); } else { marker = L.circleMarker([latitude, longitude], { radius: 9, color: '#b91c1c', weight: 3, fillOpacity: 0.6 }).addTo(map); }
      if (!fromMap) { map.setView([latitude, longitude], Math.max(map.getZoom(), 16)); }
    }
    loadNearby(latitude, longitude);
  }

  const mapEl = $('report-map');
  if (mapEl && typeof L !== 'undefined') {
    mapEl.hidden = false;
    map = L.map(mapEl, { zoomSnap: 0.5, tap: true });
    if (mapEl.dataset.tileUrl) { L.tileLayer(mapEl.dataset.tileUrl, { attribution: mapEl.dataset.tileAttribution || '', maxZoom: 19 }).addTo(map); }
    map.setView([9.6, 105.95], 10);
    // Without a base map (no internet) the communes' outlines are what the resident finds the place by.
    fetch('/api/v1/admin-units.geojson?level=commune', { credentials: 'same-origin' })
      .then(r => r.ok ? r.json() : null)
      .then(data => {
        if (!data) { return; }
        const layer = L.geoJSON(data, { style: { color: '#1d6fa5', weight: 1, fillOpacity: 0.05 }, interactive: false }).addTo(map);
        if (!marker && layer.getBounds().isValid()) { map.fitBounds(layer.getBounds()); }
      })
      .catch(() => { /* offline: the map stays empty, the address and location still work */ });
    map.on('click', e => setPlace(e.latlng.lat, e.latlng.lng, true));
  }

  const locate = $('use-location');
  if (locate && 'geolocation' in navigator) {
    locate.hidden = false;
    locate.addEventListener('click', () => {
      placeStatus.textContent = d.labelFinding;
      navigator.geolocation.getCurrentPosition(
        p => setPlace(p.coords.latitude, p.coords.longitude, false),
        () => { placeStatus.textContent = d.labelDenied; },
        { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
    });
  }

  // ---- similar reports nearby ----
  const nearby = $('nearby'), nearbyList = $('nearby-list');
  let nearbySeq = 0;
  async function loadNearby(latitude, longitude) {
    if (!nearby || navigator.onLine === false) { return; }
    const seq = ++nearbySeq;
    const url = d.nearbyUrl + '?category=' + encodeURIComponent(category) + '&lat=' + latitude.toFixed(6) + '&lon=' + longitude.toFixed(6) + (english ? '&culture=en' : '');
    let body;
    try {
      const response = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
      if (!response.ok) { return; }
      body = await response.json();
    } catch (e) { return; }
    if (seq !== nearbySeq) { return; }
    nearbyList.textContent = '';
    nearby.hidden = false;
    nearby.dataset.count = String(body.items.length);
    if (body.items.length === 0) {
      const li = document.createElement('li'); li.className = 'muted'; li.textContent = d.labelNearbyNone; nearbyList.appendChild(li);
      return;
    }
    body.items.forEach(item => nearbyList.appendChild(nearbyItem(item)));
  }

  function nearbyItem(item) {
    const li = document.createElement('li');
    li.className = 'nearby-item';
    li.dataset.id = item.id;
    if (item.photo_url) {
      const img = document.createElement('img'); img.src = item.photo_url; img.alt = ''; img.loading = 'lazy'; img.className = 'nearby-photo';
      li.appendChild(img);
    }
    const box = document.createElement('div');
    const title = document.createElement('a');
    title.href = item.url; title.textContent = '#' + item.id + ' · ' + item.service_name; title.className = 'nearby-title';
    box.appendChild(title);
    const meta = document.createElement('p');
    meta.className = 'muted';
    const count = document.createElement('span');
    count.className = 'nearby-count';
    count.textContent = d.labelCount.replace('{0}', item.supporters);
    meta.textContent = item.status_name + ' · ' + d.labelDistance.replace('{0}', Math.round(item.distance_m)) + ' · ';
    meta.appendChild(count);
    box.appendChild(meta);
    if (item.description) { const p = document.createElement('p'); p.textContent = item.description; box.appendChild(p); }
    // The supporter's optional e-mail, then the button.
    const emailId = 'support-email-' + item.id;
    const label = document.createElement('label'); label.htmlFor = emailId; label.textContent = d.labelSupportEmail;
    const email = document.createElement('input'); email.type = 'email'; email.id = emailId; email.autocomplete = 'email'; email.maxLength = 254;
    const button = document.createElement('button');
    button.type = 'button'; button.className = 'button button-secondary support-button'; button.textContent = d.labelSupport;
    const done = document.createElement('p'); done.className = 'support-done'; done.setAttribute('role', 'status');
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        const body = new FormData();
        body.append('__RequestVerificationToken', form.querySelector('input[name=__RequestVerificationToken]').value);
        if (email.value.trim()) { body.append('email', email.value.trim()); }
        const response = await fetch('/api/v1/portal/reports/' + item.id + '/supporters', { method: 'POST', body: body, credentials: 'same-origin', headers: { Accept: 'application/json' } });
        const answer = await response.json().catch(() => ({}));
        if (!response.ok) { done.textContent = d.labelFailed + ' ' + (answer.detail || response.status); button.disabled = false; return; }
        count.textContent = d.labelCount.replace('{0}', answer.supporters);
        done.textContent = answer.alreadySupported ? d.labelAlready : d.labelSupported;
        li.dataset.supported = 'true';
      } catch (e) { done.textContent = d.labelFailed + ' ' + e.message; button.disabled = false; }
    });
    box.append(label, email, button, done);
    li.appendChild(box);
    return li;
  }

  // ---- photos ----
  const max = parseInt(d.maxPhotos, 10) || 5;
  const inputs = [$('photo-camera'), $('photo-files')].filter(Boolean);
  const previews = $('photo-previews'), photoError = $('photo-error');
  function photos() { return inputs.flatMap(i => Array.from(i.files || [])); }
  function showPhotos() {
    previews.textContent = '';
    const files = photos();
    files.forEach(f => {
      const li = document.createElement('li');
      const img = document.createElement('img');
      img.src = URL.createObjectURL(f); img.alt = f.name; img.className = 'photo-preview';
      img.addEventListener('load', () => URL.revokeObjectURL(img.src), { once: true });
      li.appendChild(img); previews.appendChild(li);
    });
    const tooMany = files.length > max;
    photoError.hidden = !tooMany;
    photoError.textContent = tooMany ? d.labelTooMany : '';
    return !tooMany;
  }
  inputs.forEach(i => i.addEventListener('change', showPhotos));

  // ---- sending ----
  const status = $('send-status'), sendButton = $('send-report');
  const queue = window.mekongReportQueue;
  let leaving = false;
  // Sent (by this attempt, or by the queue once the signal returned): open the report's page, once.
  function goTo(url) {
    if (leaving) { return; }
    leaving = true;
    window.location.assign(url + (url.indexOf('?') >= 0 ? '&' : '?') + 'sent=1');
  }
  if (queue) {
    queue.onChange(sent => {
      if (sent && sent.key === form.querySelector('input[name=idempotency_key]').value) { goTo(sent.url); }
    });
  }
  form.addEventListener('submit', async e => {
    if (!queue || !('indexedDB' in window)) { return; } // the plain form post still works
    e.preventDefault();
    if (!showPhotos()) { return; }
    sendButton.disabled = true;
    status.dataset.state = 'sending';
    status.textContent = d.labelSending;
    let record;
    try { record = await queue.save(form, d.categoryName); } catch (err) { sendButton.disabled = false; form.submit(); return; }
    const result = await queue.send(record);
    if (result.sent) { status.dataset.state = 'sent'; goTo(result.url); return; }
    if (result.retry) {
      status.dataset.state = 'waiting';
      status.textContent = d.labelWaiting;
      return;
    }
    status.dataset.state = 'refused';
    status.textContent = d.labelFailed + ' ' + result.message;
    await queue.remove(record.key);
    sendButton.disabled = false;
  });
})();
