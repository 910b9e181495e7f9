// Camera pictures (the wall, a camera's page): each <img data-src> is loaded, then reloaded every few seconds while the
// page is visible. A picture that does not come says so in its place instead of a broken image.
(function () {
  'use strict';
  const wall = document.getElementById('camera-wall');
  const seconds = Math.max(2, Number((wall && wall.dataset.refreshSeconds) || 5));
  const images = Array.from(document.querySelectorAll('img.camera-snapshot[data-src]'));
  if (images.length === 0) { return; }
  images.forEach((img) => {
    img.addEventListener('error', () => { img.classList.add('camera-snapshot-unavailable'); img.title = img.dataset.unavailable || ''; });
    img.addEventListener('load', () => { img.classList.remove('camera-snapshot-unavailable'); img.title = ''; });
  });
  function load() {
    if (document.hidden) { return; }
    const stamp = Date.now();
    images.forEach((img) => { img.src = img.dataset.src + '?t=' + stamp; });
  }
  load();
  setInterval(load, seconds * 1000);
})();
