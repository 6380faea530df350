// Caches the officer app's shell so it opens without signal. API calls are never cached: submissions wait in the
// page's own queue, and reads must be live.
const CACHE = 'toc-shell-v3';
const SHELL = [
  '/officer',
  '/css/app.css',
  '/js/common.js',
  '/js/queue.js',
  '/js/personkey.js',
  '/js/officer.js',
  '/manifest.webmanifest',
  '/webjars/govuk-frontend/dist/govuk/govuk-frontend.min.css',
];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')
    || url.pathname.startsWith('/dev/')) {
    return;
  }
  // Network first (so a deploy is picked up at once), the cached shell when offline.
  event.respondWith(
    fetch(event.request)
      .then((response) => {
        if (response.ok && SHELL.includes(url.pathname)) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(event.request, copy));
        }
        return response;
      })
      .catch(() => caches.match(event.request).then((hit) => hit || caches.match('/officer'))),
  );
});
