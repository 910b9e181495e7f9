// The portal's places pages (ADR 0037). The pages are whole without this script (server-rendered search results,
// place page and route); it adds suggestions as one types, the maps, "directions from my location" and picking a
// start on the map. Every text comes from the page's data attributes, in the reader's language.
(function () {
  'use strict';

  function baseMap(el, options) {
    const map = L.map(el, Object.assign({ zoomSnap: 0.5 }, options || {}));
    if (el.dataset.tileUrl) { L.tileLayer(el.dataset.tileUrl, { attribution: el.dataset.tileAttribution || '', maxZoom: 19 }).addTo(map); }
    return map;
  }

  function point(text) {
    const parts = String(text || '').split(',').map(Number);
    return parts.length === 2 && parts.every(Number.isFinite) ? parts : null;
  }

  const fixed = (lat, lon) => lat.toFixed(6) + ',' + lon.toFixed(6);

  // A combobox over a listbox (WAI-ARIA 1.2): suggestions from the search API, debounced; arrows move, Enter
  // chooses, Escape closes. Mode "open" opens the chosen place, "pick" writes its point into the form.
  function suggest(box) {
    const input = box.querySelector('input[role=combobox]');
    const list = box.querySelector('[role=listbox]');
    const status = document.getElementById(input.id + '-status');
    const pointField = box.dataset.pointField ? document.getElementById(box.dataset.pointField) : null;
    let items = [];
    let active = -1;
    let timer = null;
    let controller = null;
    let typed = input.value;

    function close() {
      list.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
      active = -1;
    }

    function highlight(index) {
      const options = list.querySelectorAll('[role=option]');
      options.forEach((o, i) => o.setAttribute('aria-selected', String(i === index)));
      active = index;
      if (index >= 0 && options[index]) {
        input.setAttribute('aria-activedescendant', options[index].id);
        options[index].scrollIntoView({ block: 'nearest' });
      } else {
        input.removeAttribute('aria-activedescendant');
      }
    }

    function choose(index) {
      const item = items[index];
      if (!item) { return; }
      if (box.dataset.suggest === 'pick') {
        input.value = item.name;
        typed = input.value;
        if (pointField) { pointField.value = fixed(item.latitude, item.longitude); }
        close();
        box.dispatchEvent(new CustomEvent('places:picked', { bubbles: true, detail: item }));
      } else {
        window.location.assign('/places/' + encodeURIComponent(item.id));
      }
    }

    function render(found) {
      items = found;
      list.replaceChildren();
      found.forEach((item, i) => {
        const li = document.createElement('li');
        li.id = input.id + '-option-' + i;
        li.setAttribute('role', 'option');
        li.setAttribute('aria-selected', 'false');
        li.className = 'pl-suggestion';
        li.dataset.id = item.id;
        const name = document.createElement('span');
        name.className = 'pl-suggestion-name';
        name.textContent = item.name;
        li.appendChild(name);
        if (item.address) {
          const address = document.createElement('span');
          address.className = 'pl-suggestion-address';
          address.textContent = item.address;
          li.appendChild(address);
        }
        // mousedown, not click: the input's blur would close the list before a click lands.
        li.addEventListener('mousedown', (e) => { e.preventDefault(); choose(i); });
        list.appendChild(li);
      });
      if (status) {
        status.textContent = found.length ? box.dataset.labelCount.replace('{0}', String(found.length)) : box.dataset.labelNone;
      }
      if (found.length) {
        list.hidden = false;
        input.setAttribute('aria-expanded', 'true');
        highlight(-1);
      } else {
        close();
      }
    }

    async function fetchSuggestions(q) {
      if (controller) { controller.abort(); }
      controller = new AbortController();
      const url = new URL(box.dataset.suggestUrl, window.location.origin);
      url.searchParams.set('q', q);
      url.searchParams.set('limit', '8');
      if (box.dataset.lang === 'en') { url.searchParams.set('lang', 'en'); }
      if (box.dataset.near) { url.searchParams.set('near', box.dataset.near); }
      try {
        const response = await fetch(url.pathname + url.search, { headers: { Accept: 'application/json' }, signal: controller.signal });
        if (!response.ok) { close(); return; }
        const body = await response.json();
        if (input.value.trim() !== q) { return; }
        render(body.items || []);
      } catch (e) {
        if (e.name !== 'AbortError') { close(); }
      }
    }

    input.addEventListener('input', () => {
      if (input.value !== typed && pointField) { pointField.value = ''; }
      typed = input.value;
      clearTimeout(timer);
      const q = input.value.trim();
      if (q.length < 2) { if (controller) { controller.abort(); } render([]); if (status) { status.textContent = ''; } return; }
      timer = setTimeout(() => fetchSuggestions(q), 200);
    });
    input.addEventListener('keydown', (e) => {
      const open = !list.hidden && items.length > 0;
      if (e.key === 'ArrowDown') {
        e.preventDefault();
        if (open) { highlight((active + 1) % items.length); } else if (items.length) { list.hidden = false; input.setAttribute('aria-expanded', 'true'); highlight(0); }
      } else if (e.key === 'ArrowUp') {
        if (open) { e.preventDefault(); highlight(active <= 0 ? items.length - 1 : active - 1); }
      } else if (e.key === 'Enter') {
        if (open && active >= 0) { e.preventDefault(); choose(active); }
      } else if (e.key === 'Escape') {
        if (open) { e.preventDefault(); close(); }
      }
    });
    input.addEventListener('blur', () => setTimeout(close, 100));
  }

  // The search results on a map; a marker opens its place, a result's name stays the link.
  function resultsMap(el) {
    const map = baseMap(el);
    const markers = [];
    document.querySelectorAll('#places-results .pl-result').forEach((li) => {
      const lat = Number(li.dataset.lat), lon = Number(li.dataset.lon);
      const marker = L.circleMarker([lat, lon], { radius: 7, color: '#fff', weight: 1.5, fillColor: '#0b5e8e', fillOpacity: 0.9, className: 'pl-marker' });
      const a = document.createElement('a');
      a.href = '/places/' + encodeURIComponent(li.dataset.id);
      a.textContent = li.dataset.name;
      marker.bindPopup(a).addTo(map);
      markers.push(marker);
    });
    const group = L.featureGroup(markers);
    if (markers.length === 1) { map.setView(markers[0].getLatLng(), 15); } else { map.fitBounds(group.getBounds(), { padding: [24, 24], maxZoom: 15 }); }
    el.dataset.markers = String(markers.length);
    el.dataset.state = 'ready';
  }

  // "Sort by distance from me": the browser's location as near=lat,lon, ranked by the server.
  function nearMe(button) {
    if (!navigator.geolocation) { return; }
    button.hidden = false;
    const status = document.getElementById('places-near-status');
    button.addEventListener('click', () => {
      if (status) { status.textContent = button.dataset.locating; }
      navigator.geolocation.getCurrentPosition((position) => {
        const url = new URL(window.location.href);
        url.searchParams.set('near', fixed(position.coords.latitude, position.coords.longitude));
        url.searchParams.delete('offset');
        window.location.assign(url.pathname + url.search);
      }, () => { if (status) { status.textContent = button.dataset.failed; } }, { timeout: 15000, maximumAge: 60000 });
    });
  }

  // The place page: its map, and the start of the directions from the browser's location, a point tapped on the
  // map, or a place chosen in the start box.
  function placePage(el) {
    const lat = Number(el.dataset.lat), lon = Number(el.dataset.lon);
    const map = baseMap(el);
    map.setView([lat, lon], 15);
    L.circleMarker([lat, lon], { radius: 9, color: '#fff', weight: 2, fillColor: '#b91c1c', fillOpacity: 0.95, className: 'pl-marker pl-marker-place' })
      .bindTooltip(el.dataset.name, { permanent: false }).addTo(map);
    const form = document.getElementById('directions-form');
    const from = document.getElementById('directions-from');
    const fromName = document.getElementById('directions-from-q');
    const locate = document.getElementById('directions-locate');
    const status = document.getElementById('directions-status');
    document.getElementById('directions-howto').hidden = false;
    let start = null;
    const setStart = (latlng, name) => {
      if (start) { map.removeLayer(start); }
      start = L.circleMarker(latlng, { radius: 8, color: '#fff', weight: 2, fillColor: '#0f766e', fillOpacity: 0.95, className: 'pl-marker pl-marker-start' }).addTo(map);
      from.value = fixed(latlng.lat, latlng.lng);
      fromName.value = name;
    };
    map.on('click', (e) => { setStart(e.latlng, el.dataset.labelPicked); status.textContent = el.dataset.labelPicked; });
    form.addEventListener('places:picked', (e) => setStart(L.latLng(e.detail.latitude, e.detail.longitude), e.detail.name));
    if (navigator.geolocation) {
      locate.hidden = false;
      locate.addEventListener('click', () => {
        status.textContent = locate.dataset.locating;
        navigator.geolocation.getCurrentPosition((position) => {
          setStart(L.latLng(position.coords.latitude, position.coords.longitude), el.dataset.labelMine);
          form.requestSubmit ? form.requestSubmit() : form.submit();
        }, () => {
          status.textContent = locate.dataset.failed;
          fromName.focus();
        }, { timeout: 15000, maximumAge: 60000 });
      });
    }
    el.dataset.state = 'ready';
  }

  // The route page: the line, its two ends, and each step's place when its line is chosen.
  function routePage(el) {
    const coordinates = JSON.parse(el.dataset.geometry || '[]');
    const map = baseMap(el);
    const latlngs = coordinates.map((c) => [c[1], c[0]]);
    const line = L.polyline(latlngs, { color: '#0b5e8e', weight: 6, opacity: 0.85, className: 'pl-route-line' }).addTo(map);
    if (latlngs.length) {
      L.circleMarker(latlngs[0], { radius: 8, color: '#fff', weight: 2, fillColor: '#0f766e', fillOpacity: 0.95, className: 'pl-marker pl-marker-start' })
        .bindTooltip(el.dataset.fromName || '').addTo(map);
      L.circleMarker(latlngs[latlngs.length - 1], { radius: 9, color: '#fff', weight: 2, fillColor: '#b91c1c', fillOpacity: 0.95, className: 'pl-marker pl-marker-place' })
        .bindTooltip(el.dataset.toName || '').addTo(map);
      map.fitBounds(line.getBounds(), { padding: [24, 24] });
    } else {
      map.setView([9.6, 105.95], 10);
    }
    document.querySelectorAll('#route-steps li').forEach((li) => {
      li.tabIndex = 0;
      const show = () => map.setView([Number(li.dataset.lat), Number(li.dataset.lon)], Math.max(map.getZoom(), 16));
      li.addEventListener('click', show);
      li.addEventListener('keydown', (e) => { if (e.key === 'Enter') { show(); } });
    });
    el.dataset.points = String(latlngs.length);
    el.dataset.state = 'ready';
  }

  // A change of profile on the route page asks for the route again at once.
  function profileForm(form) {
    const button = document.getElementById('route-change');
    if (button) { button.hidden = true; }
    form.querySelectorAll('input[name=profile]').forEach((r) => r.addEventListener('change', () => form.submit()));
  }

  function start(id, fn) {
    const el = document.getElementById(id);
    if (!el || el.dataset.started === 'true') { return; }
    el.dataset.started = 'true';
    try { fn(el); } catch (e) { el.dataset.state = 'error'; throw e; }
  }

  document.querySelectorAll('[data-suggest]').forEach(suggest);
  const near = document.getElementById('places-near');
  if (near) { nearMe(near); }
  if (typeof L !== 'undefined') {
    start('places-map', resultsMap);
    start('place-map', placePage);
    start('route-map', routePage);
  }
  const profiles = document.getElementById('route-profile-form');
  if (profiles) { profileForm(profiles); }
})();
