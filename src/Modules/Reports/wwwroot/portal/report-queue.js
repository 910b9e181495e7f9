// Reports kept on the phone until they are sent (ADR 0023). A report is saved here first, with its photos as blobs
// and the idempotency key the form was made with, then sent; with no signal it waits and is sent when the browser is
// online again (the "online" event, and a retry every 30 s while something waits). The server makes one report per
// key, so an attempt whose answer was lost can be repeated safely.
(function () {
  'use strict';
  if (window.mekongReportQueue) { return; }

  const DB = 'mekong-reports';
  const STORE = 'drafts';
  const SUBMIT_URL = '/api/v1/portal/reports';
  const TOKEN_URL = '/api/v1/portal/form-token';
  const TOKEN_FIELD = '__RequestVerificationToken';
  const listeners = [];
  let flushing = null;

  function open() {
    return new Promise((resolve, reject) => {
      if (!('indexedDB' in window)) { reject(new Error('IndexedDB is not available')); return; }
      const request = indexedDB.open(DB, 1);
      request.onupgradeneeded = () => { request.result.createObjectStore(STORE, { keyPath: 'key' }); };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  async function run(mode, action) {
    const db = await open();
    try {
      return await new Promise((resolve, reject) => {
        const tx = db.transaction(STORE, mode);
        const result = action(tx.objectStore(STORE));
        tx.oncomplete = () => resolve(result && 'result' in result ? result.result : undefined);
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error);
      });
    } finally { db.close(); }
  }

  const all = () => run('readonly', s => s.getAll()).then(items => (items || []).sort((a, b) => a.createdAt - b.createdAt));
  const put = record => run('readwrite', s => s.put(record));
  const remove = key => run('readwrite', s => s.delete(key));

  /** Keeps the form's fields and photos under its idempotency key; returns the record. */
  async function save(form, title) {
    const data = new FormData(form);
    const record = { key: String(data.get('idempotency_key') || ''), title: title || '', createdAt: Date.now(), fields: [], files: [], error: null };
    if (!record.key) { throw new Error('the form has no idempotency key'); }
    for (const [name, value] of data.entries()) {
      if (value instanceof File) {
        if (value.size > 0) {
          // A plain Blob copy: a File from an <input> cannot always be read again after the page is gone.
          const blob = new Blob([await value.arrayBuffer()], { type: value.type || 'application/octet-stream' });
          record.files.push({ field: name, name: value.name || 'photo.jpg', type: value.type, blob: blob });
        }
      } else if (name !== TOKEN_FIELD) {
        record.fields.push([name, String(value)]);
      }
    }
    await put(record);
    notify();
    return record;
  }

  async function freshToken() {
    const response = await fetch(TOKEN_URL, { credentials: 'same-origin', headers: { Accept: 'application/json' }, cache: 'no-store' });
    if (!response.ok) { throw Object.assign(new Error('token: HTTP ' + response.status), { retry: true }); }
    return (await response.json()).token;
  }

  /** One attempt: { sent: true, url, id } or { sent: false, retry, message }. Never throws. */
  async function send(record) {
    if (navigator.onLine === false) { return { sent: false, retry: true, message: 'offline' }; }
    try {
      const token = await freshToken();
      const body = new FormData();
      body.append(TOKEN_FIELD, token);
      record.fields.forEach(([name, value]) => body.append(name, value));
      record.files.forEach(f => body.append(f.field, new File([f.blob], f.name, { type: f.type || f.blob.type })));
      const response = await fetch(SUBMIT_URL, { method: 'POST', body: body, credentials: 'same-origin', headers: { Accept: 'application/json' } });
      if (response.ok) {
        const answer = await response.json();
        await remove(record.key);
        notify({ key: record.key, id: answer.id, url: answer.url });
        return { sent: true, url: answer.url, id: answer.id };
      }
      const problem = await response.json().catch(() => ({}));
      const message = (problem.problems && problem.problems.join(' ')) || problem.detail || ('HTTP ' + response.status);
      if (response.status === 429 || response.status >= 500) { return { sent: false, retry: true, message: message }; }
      // Refused for good (a mistake in the report): kept, marked, for the resident to see and fix or drop.
      record.error = message;
      await put(record);
      notify();
      return { sent: false, retry: false, message: message };
    } catch (e) {
      return { sent: false, retry: true, message: String(e && e.message || e) };
    }
  }

  /** Sends everything that waits, one at a time; concurrent calls share one run. */
  function flush() {
    if (flushing) { return flushing; }
    flushing = (async () => {
      try {
        const items = await all();
        for (const record of items) {
          if (record.error) { continue; }
          const result = await send(record);
          if (!result.sent && result.retry) { break; }
        }
      } catch (e) { /* storage unavailable: nothing is waiting here */ }
      finally { flushing = null; }
    })();
    return flushing;
  }

  function notify(sent) { listeners.forEach(l => { try { l(sent); } catch (e) { /* a listener's own problem */ } }); render(sent); }

  // The "waiting to send" list on portal pages (PendingReports.razor).
  async function render(sent) {
    const section = document.getElementById('pending-reports');
    const list = document.getElementById('pending-list');
    if (!section || !list) { return; }
    let items = [];
    try { items = await all(); } catch (e) { return; }
    list.textContent = '';
    items.forEach(r => {
      const li = document.createElement('li');
      li.className = r.error ? 'pending-item pending-failed' : 'pending-item';
      li.dataset.key = r.key;
      li.textContent = r.error
        ? section.dataset.labelFailed + ' ' + r.title + ' — ' + r.error
        : section.dataset.labelPending.replace('{0}', r.title || '…');
      if (r.error) {
        const drop = document.createElement('button');
        drop.type = 'button'; drop.className = 'link-button'; drop.textContent = '×';
        drop.setAttribute('aria-label', 'Remove');
        drop.addEventListener('click', () => remove(r.key).then(() => notify()));
        li.appendChild(drop);
      }
      list.appendChild(li);
    });
    if (sent && sent.url) {
      const li = document.createElement('li');
      li.className = 'pending-item pending-sent';
      const a = document.createElement('a');
      a.href = sent.url; a.textContent = section.dataset.labelSent.replace('{0}', sent.id);
      li.appendChild(a);
      list.appendChild(li);
    }
    section.hidden = list.children.length === 0;
    section.dataset.waiting = String(items.filter(r => !r.error).length);
  }

  window.mekongReportQueue = { save, send, flush, all, remove, onChange: l => listeners.push(l) };
  window.addEventListener('online', () => { flush(); });
  setInterval(() => { if (navigator.onLine !== false) { all().then(items => { if (items.some(r => !r.error)) { flush(); } }).catch(() => {}); } }, 30000);
  render();
  if (navigator.onLine !== false) { flush(); }
})();
