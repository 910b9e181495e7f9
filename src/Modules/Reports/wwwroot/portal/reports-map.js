// The public reports map (/reports): public reports of the view as GeoJSON points, reloaded when the view moves;
// each point links to its report's page. Works without internet: the base map is optional.
(function () {
  'use strict';
  const el = document.getElementById('reports-map');
  if (!el || el.dataset.started === 'true' || typeof L === 'undefined') { return; }
  el.dataset.started = 'true';
  const message = document.getElementById('reports-map-message');
  const show = text => { if (message) { message.textContent = text || ''; message.hidden = !text; } };
  const map = L.map(el, { zoomSnap: 0.5 });
  if (el.dataset.tileUrl) { L.tileLayer(el.dataset.tileUrl, { attribution: el.dataset.tileAttribution || '', maxZoom: 19 }).addTo(map); }
  map.setView([9.6, 105.95], 10);
  const colours = { open: '#b45309', closed: '#047857' };
  let layer = null, seq = 0, framed = false;

  function popup(p) {
    const box = document.createElement('div');
    const title = document.createElement('strong'); title.textContent = '#' + p.id + ' · ' + p.service_name;
    const status = document.createElement('p'); status.textContent = p.status_name + (p.supporters > 0 ? ' · ' + el.dataset.labelCount.replace('{0}', p.supporters) : '');
    const link = document.createElement('a'); link.href = p.url; link.textContent = el.dataset.labelOpen;
    box.append(title, status, link);
    return box;
  }

  async function load(bbox) {
    const current = ++seq;
    const url = el.dataset.geojsonUrl + (bbox ? '&bbox=' + bbox : '') + (document.documentElement.lang === 'en' ? '&culture=en' : '');
    try {
      const response = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/geo+json' } });
      if (!response.ok) { throw new Error('HTTP ' + response.status); }
      const data = await response.json();
      if (current !== seq) { return; }
      if (layer) { map.removeLayer(layer); }
      layer = L.geoJSON(data, {
        pointToLayer: (f, latlng) => L.circleMarker(latlng, { radius: 6, color: '#fff', weight: 1, fillColor: f.properties.open ? colours.open : colours.closed, fillOpacity: 0.9 }),
        onEachFeature: (f, l) => l.bindPopup(() => popup(f.properties))
      }).addTo(map);
      el.dataset.features = String(data.features.length);
      el.dataset.state = 'ready';
      show(data.truncated ? el.dataset.labelTruncated : '');
      if (!framed && !bbox && layer.getBounds().isValid()) { framed = true; map.fitBounds(layer.getBounds(), { padding: [16, 16], maxZoom: 15 }); }
    } catch (e) {
      el.dataset.state = 'error';
      show(el.dataset.labelError);
    }
  }

  load(null).then(() => {
    map.on('moveend', () => {
      const b = map.getBounds();
      const lonOf = v => Math.max(-180, Math.min(180, v)).toFixed(5), latOf = v => Math.max(-90, Math.min(90, v)).toFixed(5);
      load([lonOf(b.getWest()), latOf(b.getSouth()), lonOf(b.getEast()), latOf(b.getNorth())].join(','));
    });
  });
})();
