// The operator map: Leaflet with the layers every module registered, refreshed by the live channel.
// Works without internet: the base map is optional (Mekong:Map:TileUrl); our own layers come from our API.
(function () {
  'use strict';

  function text(el, key, fallback) { return el.dataset[key] || fallback; }

  // A feature may bring its popup, in the reader's language (title, rows of label and value, a link); laid out with
  // textContent only, never as HTML.
  function givenPopup(popup) {
    const box = document.createElement('div');
    box.className = 'map-popup';
    const title = document.createElement('strong');
    title.className = 'map-popup-title';
    title.textContent = String(popup.title || '');
    box.appendChild(title);
    const list = document.createElement('dl');
    (popup.rows || []).forEach((row) => {
      const dt = document.createElement('dt'); dt.textContent = String(row.label);
      const dd = document.createElement('dd'); dd.textContent = String(row.value);
      if (row.mark) { dd.className = 'map-popup-' + String(row.mark).replace(/[^a-z0-9-]/gi, ''); }
      list.appendChild(dt); list.appendChild(dd);
    });
    box.appendChild(list);
    if (popup.link && typeof popup.link.href === 'string' && popup.link.href.startsWith('/')) {
      const a = document.createElement('a');
      a.href = popup.link.href; a.textContent = String(popup.link.text || popup.link.href);
      a.className = 'map-popup-link';
      box.appendChild(a);
    }
    return box;
  }

  function popupContent(el, def, feature) {
    const p = feature.properties || {};
    if (p.popup && typeof p.popup === 'object') { return givenPopup(p.popup); }
    const english = el.dataset.lang === 'en';
    const name = (english && p.name_en) || p[def.labelProperty] || p.name || feature.id || '';
    const box = document.createElement('div');
    box.className = 'map-popup';
    const title = document.createElement('strong');
    title.className = 'map-popup-title';
    title.textContent = String(name);
    box.appendChild(title);
    const list = document.createElement('dl');
    const add = (label, value) => {
      const dt = document.createElement('dt'); dt.textContent = label;
      const dd = document.createElement('dd'); dd.textContent = value;
      list.appendChild(dt); list.appendChild(dd);
    };
    if (p.code) { add(text(el, 'labelCode', 'Code'), String(p.code)); }
    if ('population' in p) {
      const population = typeof p.population === 'number'
        ? p.population.toLocaleString(english ? 'en' : 'vi-VN')
        : text(el, 'labelNoData', '—');
      add(text(el, 'labelPopulation', 'Population'), population);
    }
    box.appendChild(list);
    return box;
  }

  function start(el) {
    if (el.dataset.started === 'true' || typeof L === 'undefined') { return; }
    el.dataset.started = 'true';
    const message = document.getElementById('ops-map-message');
    const showMessage = (value) => { if (message) { message.textContent = value; message.hidden = !value; } };

    // SVG rendering: every commune is an element that can be focused, clicked and tested.
    const map = L.map(el, { zoomControl: true, attributionControl: true, zoomSnap: 0.25 });
    window.mekongMap = map;
    const tileUrl = el.dataset.tileUrl;
    if (tileUrl) {
      L.tileLayer(tileUrl, { attribution: el.dataset.tileAttribution || '', maxZoom: 19 }).addTo(map);
    }
    map.setView([9.6, 105.95], 9);

    const list = document.getElementById('ops-layer-list');
    const overlays = new Map();
    let fitted = false;

    // A layer's URL with the view's box for {bbox}, the ids for {ids}, and the filters a panel set (setLayerQuery).
    function layerUrl(def, template, ids) {
      const url = new URL(template, window.location.origin);
      url.searchParams.forEach((value, key) => {
        if (value === '{bbox}') {
          const b = map.getBounds();
          url.searchParams.set(key, [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((v) => v.toFixed(5)).join(','));
        } else if (value === '{ids}') {
          url.searchParams.set(key, ids.join(','));
        }
      });
      const query = queries.get(def.id) || {};
      Object.keys(query).forEach((key) => {
        if (query[key] === '' || query[key] === null || query[key] === undefined) { url.searchParams.delete(key); } else { url.searchParams.set(key, query[key]); }
      });
      return url.pathname + url.search;
    }

    const usesView = (def) => def.dataUrl.indexOf('{bbox}') >= 0;

    function pointStyle(def, feature) {
      const p = feature.properties || {};
      const marks = String(p.marker || '').split(/\s+/).filter(Boolean).map((m) => 'map-marker-' + m.replace(/[^a-z0-9-]/gi, ''));
      return {
        radius: typeof p.radius === 'number' ? Math.min(24, p.radius) : (marks.indexOf('map-marker-emergency') >= 0 ? 9 : 6),
        color: def.style.color, fillColor: def.style.fillColor, fillOpacity: def.style.fillOpacity, weight: def.style.weight,
        className: ['map-marker'].concat(marks).join(' ')
      };
    }

    function makeLayer(def, data, index) {
      const layer = L.geoJSON(data, {
        style: () => ({ color: def.style.color, fillColor: def.style.fillColor, fillOpacity: def.style.fillOpacity, weight: def.style.weight }),
        pointToLayer: (feature, latlng) => L.circleMarker(latlng, pointStyle(def, feature)),
        onEachFeature: (feature, l) => {
          const p = feature.properties || {};
          const label = el.dataset.lang === 'en' && p.name_en ? p.name_en : (def.labelProperty ? p[def.labelProperty] : null);
          if (label) { l.bindTooltip(String(label), { sticky: true, className: 'map-tooltip' }); }
          l.bindPopup(() => popupContent(el, def, feature));
          if (feature.id !== undefined && feature.id !== null) { index.set(String(feature.id), l); }
          if (feature.geometry && feature.geometry.type === 'Point') { return; }
          l.on('mouseover', () => l.setStyle({ weight: def.style.weight + 1.5, fillOpacity: Math.min(1, def.style.fillOpacity + 0.2) }));
          l.on('mouseout', () => layer.resetStyle(l));
        }
      });
      return layer;
    }

    function showCount(def, count) {
      el.dataset['layer_' + def.id.replace(/[^a-z0-9]/gi, '_')] = String(count);
      const counter = document.getElementById('layer-count-' + def.id);
      if (counter) { counter.textContent = text(el, 'labelFeatures', '{0}').replace('{0}', count.toLocaleString(el.dataset.lang === 'en' ? 'en' : 'vi-VN')); }
    }

    const loads = new Map();
    // Which layers are switched on (the list's boxes). A layer that is off is not fetched; what would have reloaded it
    // meanwhile (a move, a live update, a panel's filter) marks it stale, and it loads when it is switched on.
    const switchedOn = new Map();
    const stale = new Set();
    const isOn = (def) => (switchedOn.has(def.id) ? switchedOn.get(def.id) : def.visibleByDefault);

    async function loadLayer(def) {
      if (!isOn(def)) { stale.add(def.id); return null; }
      stale.delete(def.id);
      // Only the latest load of a layer is drawn: a view moved twice quickly must not end on the first answer.
      const seq = (loads.get(def.id) || 0) + 1;
      loads.set(def.id, seq);
      const response = await fetch(layerUrl(def, def.dataUrl, []), { credentials: 'same-origin', headers: { Accept: 'application/geo+json' } });
      if (!response.ok) { throw new Error(def.id + ': HTTP ' + response.status); }
      const data = await response.json();
      if (loads.get(def.id) !== seq) { return overlays.get(def.id) && overlays.get(def.id).layer; }
      const index = new Map();
      const layer = makeLayer(def, data, index);
      const previous = overlays.get(def.id);
      const visible = isOn(def);
      if (previous) { map.removeLayer(previous.layer); }
      overlays.set(def.id, { def, layer, index });
      if (visible) { layer.addTo(map); }
      showCount(def, index.size || (data.features ? data.features.length : 0));
      if (!fitted && visible && !usesView(def) && layer.getBounds().isValid()) { map.fitBounds(layer.getBounds(), { padding: [16, 16] }); fitted = true; }
      return layer;
    }

    // A live update naming ids: fetch just those (with the layer's filters) and put them on the map in place of the
    // old ones; an id that does not come back (closed while the filter shows open ones) leaves the map.
    async function refreshFeatures(def, ids) {
      const entry = overlays.get(def.id);
      if (!entry || !isOn(def) || stale.has(def.id)) { return loadLayer(def); }
      const response = await fetch(layerUrl(def, def.featuresUrl, ids), { credentials: 'same-origin', headers: { Accept: 'application/geo+json' } });
      if (!response.ok) { throw new Error(def.id + ': HTTP ' + response.status); }
      const data = await response.json();
      ids.forEach((id) => {
        const old = entry.index.get(String(id));
        if (old) { entry.layer.removeLayer(old); entry.index.delete(String(id)); }
      });
      (data.features || []).forEach((feature) => { entry.layer.addData(feature); });
      showCount(def, entry.index.size);
      el.dispatchEvent(new CustomEvent('mekong:layer-updated', { detail: { layer: def.id, ids } }));
    }

    const queries = new Map();
    const defsById = new Map();
    window.mekongOps = {
      map,
      // Filters for a layer (added to its data and features URLs); the layer reloads with them.
      setLayerQuery(id, query) {
        queries.set(id, Object.assign({}, query));
        const def = defsById.get(id);
        return def ? loadLayer(def) : Promise.resolve();
      },
      // Opens a feature's popup, centring the map on it; a layer that is off is switched on (and loaded) first.
      focus(layerId, featureId) {
        const open = () => {
          const entry = overlays.get(layerId);
          const l = entry && entry.index.get(String(featureId));
          if (!l) { return false; }
          if (!map.hasLayer(entry.layer)) { entry.layer.addTo(map); }
          if (l.getLatLng) { map.setView(l.getLatLng(), Math.max(map.getZoom(), 13)); }
          l.openPopup();
          return true;
        };
        const def = defsById.get(layerId);
        if (def && (!isOn(def) || stale.has(layerId) || !overlays.has(layerId))) {
          switchOn(def, true);
          return loadLayer(def).then(open);
        }
        return open();
      }
    };

    let moveTimer = null;
    map.on('moveend', () => {
      clearTimeout(moveTimer);
      moveTimer = setTimeout(() => {
        [...defsById.values()].filter(usesView).forEach((d) => loadLayer(d).catch(console.error));
      }, 250);
    });

    function switchOn(def, on) {
      switchedOn.set(def.id, on);
      const box = document.getElementById('layer-' + def.id);
      if (box) { box.checked = on; }
    }

    function addToList(def) {
      const li = document.createElement('li');
      const id = 'layer-' + def.id;
      const box = document.createElement('input');
      box.type = 'checkbox'; box.id = id; box.checked = def.visibleByDefault;
      box.addEventListener('change', () => {
        switchedOn.set(def.id, box.checked);
        const entry = overlays.get(def.id);
        if (!box.checked) { if (entry) { map.removeLayer(entry.layer); } return; }
        // Off, it was not kept up to date: fetch it now (its view, its filters), unless nothing changed meanwhile.
        if (entry && !stale.has(def.id)) { entry.layer.addTo(map); return; }
        loadLayer(def).catch(console.error);
      });
      const label = document.createElement('label');
      label.htmlFor = id;
      const swatch = document.createElement('span');
      swatch.className = 'layer-swatch';
      swatch.setAttribute('aria-hidden', 'true');
      swatch.style.borderColor = def.style.color;
      swatch.style.backgroundColor = def.style.fillOpacity > 0 ? def.style.fillColor : 'transparent';
      const title = document.createElement('span');
      title.className = 'layer-name';
      title.textContent = def.title;
      const count = document.createElement('span');
      count.className = 'layer-count'; count.id = 'layer-count-' + def.id;
      label.appendChild(swatch); label.appendChild(title); label.appendChild(count);
      li.appendChild(box); li.appendChild(label);
      list.appendChild(li);
    }

    async function run() {
      let registry;
      try {
        const response = await fetch(el.dataset.layersUrl, { credentials: 'same-origin' });
        if (!response.ok) { throw new Error('layers: HTTP ' + response.status); }
        registry = await response.json();
      } catch (e) {
        console.error(e);
        el.dataset.state = 'error';
        showMessage(text(el, 'labelError', 'Error'));
        return;
      }
      const defs = registry.items.slice().sort((a, b) => a.order - b.order);
      defs.forEach((d) => defsById.set(d.id, d));
      defs.forEach(addToList);
      // Only the layers that are on are fetched; the others wait until they are switched on.
      const shown = defs.filter(d => d.visibleByDefault);
      let failed = 0;
      for (const def of shown) {
        try { await loadLayer(def); } catch (e) { failed++; console.error(e); }
      }
      defs.filter(d => !d.visibleByDefault).forEach(d => stale.add(d.id));
      el.dataset.state = failed === shown.length && shown.length > 0 ? 'error' : 'ready';
      showMessage(el.dataset.state === 'error' ? text(el, 'labelError', 'Error') : '');
      connectLive(defs);
    }

    function connectLive(defs) {
      const status = document.getElementById('ops-live-status');
      const setStatus = (on) => {
        if (!status) { return; }
        status.dataset.connected = String(on);
        const label = status.querySelector('.live-text');
        if (label) { label.textContent = on ? status.dataset.liveOn : status.dataset.liveOff; }
      };
      if (typeof signalR === 'undefined') { setStatus(false); return; }
      const connection = new signalR.HubConnectionBuilder().withUrl('/hubs/live').withAutomaticReconnect().build();
      const topics = [...new Set(defs.map(d => d.liveTopic).filter(Boolean))];
      connection.on('update', (topic, payload) => {
        // Panels of the console (a module's ShellWidget) hear every update too.
        document.dispatchEvent(new CustomEvent('mekong:live', { detail: { topic, payload } }));
        defs.filter(d => d.liveTopic === topic).forEach(d => {
          const ids = payload && Array.isArray(payload.ids) ? payload.ids : null;
          if (ids && d.featuresUrl) {
            if (ids.length > 0) { refreshFeatures(d, ids).catch(console.error); }
          } else {
            loadLayer(d).catch(console.error);
          }
        });
      });
      const watch = () => Promise.all(topics.map(t => connection.invoke('Watch', t, null)));
      // Back after a break: what changed meanwhile was not heard, so every layer and panel loads afresh.
      connection.onreconnected(() => {
        setStatus(true); watch();
        defs.forEach(d => loadLayer(d).catch(console.error));
        document.dispatchEvent(new CustomEvent('mekong:live-reconnected'));
      });
      connection.onreconnecting(() => setStatus(false));
      connection.onclose(() => setStatus(false));
      connection.start().then(watch).then(() => { setStatus(true); document.dispatchEvent(new CustomEvent('mekong:live-connected')); }).catch(() => setStatus(false));
    }

    run();
  }

  function boot() {
    const el = document.getElementById('ops-map');
    if (el) { start(el); }
  }

  boot();
  // Links to /ops load the page fully (data-enhance-nav="false"); should Blazor's enhanced navigation bring the
  // console in anyway, start the map once the new content is in place.
  if (window.Blazor && typeof window.Blazor.addEventListener === 'function') {
    window.Blazor.addEventListener('enhancedload', boot);
  } else {
    document.addEventListener('DOMContentLoaded', () => {
      if (window.Blazor && typeof window.Blazor.addEventListener === 'function') { window.Blazor.addEventListener('enhancedload', boot); }
    });
  }
})();
