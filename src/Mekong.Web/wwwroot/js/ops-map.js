// The operator map: Leaflet with the layers every module registered, refreshed by the live channel.
(function () {
  'use strict';
  const el = document.getElementById('ops-map');
  if (!el || typeof L === 'undefined') { return; }

  const map = L.map(el, { preferCanvas: true, zoomControl: true });
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
        const label = def.labelProperty && feature.properties ? feature.properties[def.labelProperty] : null;
        if (label) { l.bindTooltip(String(label), { sticky: true }); }
      }
    });
    const previous = overlays.get(def.id);
    const visible = previous ? map.hasLayer(previous.layer) : def.visibleByDefault;
    if (previous) { map.removeLayer(previous.layer); }
    overlays.set(def.id, { def, layer });
    if (visible) { layer.addTo(map); }
    el.dataset['layer_' + def.id.replace(/[^a-z0-9]/gi, '_')] = String(data.features ? data.features.length : 0);
    if (!fitted && visible && layer.getBounds().isValid()) { map.fitBounds(layer.getBounds()); fitted = true; }
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
    label.htmlFor = id; label.textContent = ' ' + def.title;
    li.appendChild(box); li.appendChild(label);
    list.appendChild(li);
  }

  async function start() {
    const response = await fetch(el.dataset.layersUrl, { credentials: 'same-origin' });
    if (!response.ok) { el.dataset.state = 'error'; return; }
    const registry = await response.json();
    for (const def of registry.items) {
      addToList(def);
      try { await loadLayer(def); } catch (e) { console.error(e); }
    }
    el.dataset.state = 'ready';
    connectLive(registry.items);
  }

  function connectLive(defs) {
    if (typeof signalR === 'undefined') { return; }
    const status = document.getElementById('ops-live-status');
    const connection = new signalR.HubConnectionBuilder().withUrl('/hubs/live').withAutomaticReconnect().build();
    const topics = [...new Set(defs.map(d => d.liveTopic).filter(Boolean))];
    connection.on('update', (topic) => {
      defs.filter(d => d.liveTopic === topic).forEach(d => loadLayer(d).catch(console.error));
    });
    const watch = () => Promise.all(topics.map(t => connection.invoke('Watch', t, null)));
    const setStatus = (on) => { if (status) { status.textContent = on ? status.dataset.liveOn : status.dataset.liveOff; status.dataset.connected = String(on); } };
    connection.onreconnected(() => { setStatus(true); watch(); });
    connection.onreconnecting(() => setStatus(false));
    connection.onclose(() => setStatus(false));
    connection.start().then(watch).then(() => setStatus(true)).catch(() => setStatus(false));
  }

  start();
})();
