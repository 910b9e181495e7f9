// The job page (/admin/jobs/work/{id}): while the work runs, polls GET /api/v1/work/{id} and updates the stage, the
// progress bar, the count and the elapsed time; once the work has ended it reloads the page, which the server renders
// with the result, the error and the link to the result. Without JavaScript the page shows the state when loaded.
(function () {
  'use strict';

  const intervalMs = 1000;

  function elapsed(ms) {
    const s = Math.floor(ms / 1000);
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    const pad = (n) => String(n).padStart(2, '0');
    return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
  }

  function format(template, values) {
    return template.replace(/\{(\d+)\}/g, (_, i) => String(values[Number(i)]));
  }

  function show(root, item) {
    const number = (n) => Number(n).toLocaleString(document.documentElement.lang || undefined);
    const bar = document.getElementById('work-progress');
    if (bar) {
      if (item.total === null || item.total === undefined) {
        bar.removeAttribute('value');
        bar.removeAttribute('max');
      } else {
        bar.max = Math.max(1, item.total);
        bar.value = Math.min(item.done, item.total);
      }
    }

    const count = document.getElementById('work-count');
    if (count) {
      count.textContent = item.total === null || item.total === undefined
        ? format(root.dataset.countOpen, [number(item.done)])
        : format(root.dataset.count, [number(item.done), number(item.total), item.percent ?? 0]);
    }

    const message = document.getElementById('work-message');
    if (message) { message.textContent = item.message || '—'; }
    const time = document.getElementById('work-elapsed');
    if (time) { time.textContent = elapsed(item.elapsedMs); }
    root.dataset.done = String(item.done);
  }

  function start() {
    const root = document.getElementById('work');
    if (!root || root.dataset.state !== 'running' || root.dataset.polling) { return; }
    root.dataset.polling = 'true';
    const poll = async () => {
      try {
        const response = await fetch(root.dataset.url, { headers: { Accept: 'application/json' }, cache: 'no-store', credentials: 'same-origin' });
        if (!response.ok) { setTimeout(poll, intervalMs * 5); return; }
        const item = await response.json();
        show(root, item);
        if (item.state !== 'running') {
          window.location.reload();
          return;
        }
      } catch (e) {
        // The server is restarting or the network is down: try again a little later.
        setTimeout(poll, intervalMs * 5);
        return;
      }

      setTimeout(poll, intervalMs);
    };
    setTimeout(poll, intervalMs);
  }

  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', start); } else { start(); }
})();
