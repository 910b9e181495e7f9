// The notification bell: listens on the live channel for "look again" nudges and refreshes the unread count from the
// server. The hub sends them only to this user's own connections (it knows who we are from the log-in), so there is
// nothing to watch. Without JavaScript the count is as the page was rendered.
(function () {
  'use strict';
  const bell = document.getElementById('notify-bell');
  if (!bell || bell.dataset.live === 'on') { return; }
  bell.dataset.live = 'on';
  const count = document.getElementById('notify-count');

  async function refresh() {
    try {
      const response = await fetch(bell.dataset.countUrl, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
      if (!response.ok) { return; }
      const body = await response.json();
      const unread = body.unread || 0;
      count.textContent = String(unread);
      count.hidden = unread === 0;
      bell.setAttribute('aria-label', unread === 0 ? bell.dataset.labelNone : bell.dataset.labelSome.replace('{0}', unread));
      bell.dataset.unread = String(unread);
    } catch (e) { /* offline: keep the last count */ }
  }

  function connect() {
    const connection = new signalR.HubConnectionBuilder().withUrl('/hubs/live').withAutomaticReconnect().build();
    connection.on('update', function (topic) { if (topic === bell.dataset.topic) { refresh(); } });
    connection.onreconnected(refresh);
    connection.start().then(function () { bell.dataset.connected = 'true'; refresh(); }).catch(function () { bell.dataset.connected = 'false'; });
  }

  if (typeof signalR !== 'undefined') { connect(); return; }
  const script = document.createElement('script');
  script.src = '_content/Mekong.Web/lib/signalr/signalr.min.js';
  script.onload = connect;
  document.head.appendChild(script);
})();
