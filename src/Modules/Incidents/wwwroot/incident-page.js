// An incident's page: when someone else changes this incident (live topic layers.incidents names its id), the page
// reloads itself, unless the reader is typing in one of its forms; then it only says so.
(function () {
  'use strict';
  const page = document.getElementById('incident-page');
  if (!page || typeof signalR === 'undefined') { return; }
  const id = page.dataset.incident;
  const note = document.getElementById('incident-updated');
  const connection = new signalR.HubConnectionBuilder().withUrl('/hubs/live').withAutomaticReconnect().build();
  const typing = () => {
    const el = document.activeElement;
    return !!el && (el.tagName === 'TEXTAREA' || el.tagName === 'INPUT' || el.tagName === 'SELECT') && !!el.value;
  };
  connection.on('update', (topic, payload) => {
    if (topic !== page.dataset.topic || !payload || !Array.isArray(payload.ids) || payload.ids.indexOf(id) < 0) { return; }
    if (typing()) { if (note) { note.hidden = false; } } else { window.location.reload(); }
  });
  connection.start().then(() => connection.invoke('Watch', page.dataset.topic, null)).catch(() => {});
})();
