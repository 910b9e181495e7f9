// The import screen (/admin/import): refuses a too-large file before it is sent, keeps "Import" disabled until
// rejected units are explicitly skipped, and draws the dry run on a Leaflet map: the file's units (light), rejected
// units (red), the places of overlaps, gaps and parts outside the parent (orange), and the current boundaries (grey).
(function () {
  'use strict';

  function guardSize(form) {
    const input = form.querySelector('input[type=file]');
    const error = document.getElementById('import-file-error');
    const max = Number(form.dataset.maxBytes || 0);
    if (!input || !error || !max) { return; }
    const check = () => {
      const file = input.files && input.files[0];
      const tooLarge = !!file && file.size > max;
      error.textContent = tooLarge ? form.dataset.tooLarge : '';
      error.hidden = !tooLarge;
      input.setAttribute('aria-invalid', tooLarge ? 'true' : 'false');
      if (tooLarge) { input.setAttribute('aria-describedby', 'import-file-error'); }
      return !tooLarge;
    };
    input.addEventListener('change', check);
    form.addEventListener('submit', (e) => { if (!check()) { e.preventDefault(); } });
  }

  function guardApply(form) {
    const skip = document.getElementById('import-skip-invalid');
    const button = document.getElementById('import-apply-submit');
    if (!skip || !button) { return; }
    const sync = () => { button.disabled = !skip.checked; };
    skip.addEventListener('change', sync);
    sync();
  }

  function drawMap(el) {
    if (typeof L === 'undefined' || el.dataset.state === 'ready') { return; }
    const data = JSON.parse(el.dataset.report || '{"type":"FeatureCollection","features":[]}');
    const map = L.map(el, { zoomSnap: 0.25 });
    window.mekongImportMap = map;
    if (el.dataset.tileUrl) { L.tileLayer(el.dataset.tileUrl, { maxZoom: 19 }).addTo(map); }
    map.setView([10.5, 106], 7);

    const units = data.features.filter((f) => f.properties.kind === 'unit');
    const issues = data.features.filter((f) => f.properties.kind === 'issue');
    const fileLayer = L.geoJSON({ type: 'FeatureCollection', features: units }, {
      style: (f) => f.properties.rejected
        ? { color: '#c62828', weight: 2.5, fillColor: '#e53935', fillOpacity: 0.35, className: 'import-rejected' }
        : { color: '#1d6fa5', weight: 1, fillColor: '#4aa3df', fillOpacity: 0.12, className: 'import-unit' },
      onEachFeature: (f, l) => l.bindTooltip(f.properties.name + ' (' + f.properties.code + ')', { sticky: true })
    }).addTo(map);
    const issueLayer = L.geoJSON({ type: 'FeatureCollection', features: issues }, {
      style: (f) => ({ color: f.properties.severity === 'rejection' ? '#b71c1c' : '#ef6c00', weight: 2, fillColor: '#ff9800', fillOpacity: 0.6 }),
      pointToLayer: (f, latlng) => L.circleMarker(latlng, {
        radius: 8, color: f.properties.severity === 'rejection' ? '#b71c1c' : '#ef6c00', weight: 2, fillColor: '#ff9800', fillOpacity: 0.8
      }),
      onEachFeature: (f, l) => l.bindTooltip(f.properties.text, { sticky: true })
    }).addTo(map);

    const bounds = fileLayer.getBounds();
    if (bounds.isValid()) { map.fitBounds(bounds, { padding: [16, 16] }); }
    el.dataset.units = String(units.length);
    el.dataset.rejected = String(units.filter((f) => f.properties.rejected).length);
    el.dataset.issues = String(issues.length);

    const done = () => { el.dataset.state = 'ready'; issueLayer.bringToFront(); };
    if (!el.dataset.currentUrl) { done(); return; }
    fetch(el.dataset.currentUrl, { credentials: 'same-origin', headers: { Accept: 'application/geo+json' } })
      .then((r) => (r.ok ? r.json() : { features: [] }))
      .then((current) => {
        const layer = L.geoJSON(current, {
          style: () => ({ color: '#555', weight: 1.5, dashArray: '4 4', fill: false }),
          interactive: false
        }).addTo(map);
        layer.bringToBack();
        el.dataset.current = String((current.features || []).length);
        // Show both: a file drawn in the wrong place (or the units it would end) must not be off-screen.
        const all = L.latLngBounds([]);
        if (bounds.isValid()) { all.extend(bounds); }
        if (layer.getBounds().isValid()) { all.extend(layer.getBounds()); }
        if (all.isValid()) { map.fitBounds(all, { padding: [16, 16] }); }
      })
      .catch(() => { el.dataset.current = 'error'; })
      .finally(done);
  }

  function start() {
    const upload = document.getElementById('import-upload-form');
    if (upload) { guardSize(upload); }
    const apply = document.getElementById('import-apply-form');
    if (apply) { guardApply(apply); }
    const el = document.getElementById('import-map');
    if (el) { drawMap(el); }
  }

  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', start); } else { start(); }
})();
