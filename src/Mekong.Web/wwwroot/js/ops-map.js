// The operator map: Leaflet with the layers every module registered, refreshed by the live channel.
// Works without internet: the base map is optional (Mekong:Map:TileUrl); our own layers come from our API.
(function () {
  'use strict';

  function text(el, key, fallback) { return el.dataset[key] || fallback; }

  function popupContent(el, def, feature) {
    const p = feature.properties || {};
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

    async function loadLayer(def) {
      const response = await fetch(def.dataUrl, { credentials: 'same-origin', headers: { Accept: 'application/geo+json' } });
      if (!response.ok) { throw new Error(def.id + ': HTTP ' + response.status); }
      const data = await response.json();
      const layer = L.geoJSON(data, {
        style: () => ({ color: def.style.color, fillColor: def.style.fillColor, fillOpacity: def.style.fillOpacity, weight: def.style.weight }),
        onEachFeature: (feature, l) => {
          const p = feature.properties || {};
          const label = el.dataset.lang === 'en' && p.name_en ? p.name_en : (def.labelProperty ? p[def.labelProperty] : null);
          if (label) { l.bindTooltip(String(label), { sticky: true, className: 'map-tooltip' }); }
          l.bindPopup(() => popupContent(el, def, feature));
          l.on('mouseover', () => l.setStyle({ weight: def.style.weight + 1.5, fillOpacity: Math.min(1, def.style.fillOpacity + 0.2) }));
          l.on('mouseout', () => layer.resetStyle(l));
        }
      });
      const previous = overlays.get(def.id);
      const visible = previous ? map.hasLayer(previous.layer) : def.visibleByDefault;
      if (previous) { map.removeLayer(previous.layer); }
      overlays.set(def.id, { def, layer });
      if (visible) { layer.addTo(map); }
      const count = data.features ? data.features.length : 0;
      el.dataset['layer_' + def.id.replace(/[^a-z0-9]/gi, '_')] = String(count);
      const counter = document.getElementById('layer-count-' + def.id);
      if (counter) { counter.textContent = text(el, 'labelFeatures', '{0}').replace('{0}', count.toLocaleString(el.dataset.lang === 'en' ? 'en' : 'vi-VN')); }
      if (!fitted && visible && layer.getBounds().isValid()) { map.fitBounds(layer.getBounds(), { padding: [16, 16] }); fitted = true; }
      return layer;
    }

    function addToList(def) {
      const li = document.createElement('li');
      const id = 'layer-' + def.id;
      const box = document.createElement('input');
      box.type = 'checkbox'; box.id = id; box.checked = def.visibleByDefault;
      box.addEventListener('change', () => {
        const entry = overlays.get(def.id);
        if (!entry) { return; }
        if (box.checked) { entry.layer.addTo(map); } else { map.removeLayer(entry.layer); }
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
      defs.forEach(addToList);
      // Default-visible layers first, so the map frames the province as soon as possible.
      const ordered = defs.filter(d => d.visibleByDefault).concat(defs.filter(d => !d.visibleByDefault));
      let failed = 0;
      for (const def of ordered) {
        try { await loadLayer(def); } catch (e) { failed++; console.error(e); }
      }
      el.dataset.state = failed === defs.length && defs.length > 0 ? 'error' : 'ready';
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
      connection.on('update', (topic) => {
        defs.filter(d => d.liveTopic === topic).forEach(d => loadLayer(d).catch(console.error));
      });
      const watch = () => Promise.all(topics.map(t => connection.invoke('Watch', t, null)));
      connection.onreconnected(() => { setStatus(true); watch(); });
      connection.onreconnecting(() => setStatus(false));
      connection.onclose(() => setStatus(false));
      connection.start().then(watch).then(() => setStatus(true)).catch(() => setStatus(false));
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
