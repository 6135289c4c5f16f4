// Co-op Claim Preflight's service worker: after one visit the page opens and works with
// the network off. It caches the app shell (this build's files, listed below by the
// post-build step) and answers every request of the page from that cache first. It never
// sees a document: documents are never requested, only read from the partner's disk.
//
// A new build has a new VERSION, so the browser installs it beside the old one; it waits
// (no skipWaiting) and takes over on the next visit, and the page says so meanwhile.

const VERSION = '__BUILD_VERSION__';
const SHELL = __SHELL_FILES__;
const CACHE = `coop-claim-preflight-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(['./', ...SHELL])));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name.startsWith('coop-claim-preflight-') && name !== CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

// The page's one address: its folder, or index.html in it (with any query). Another
// address under it is not the page: the host answers it (its files, named from there,
// would not load).
const PAGE = new URL('./', self.location).pathname;

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (request.mode === 'navigate' && url.pathname !== PAGE && url.pathname !== `${PAGE}index.html`) return;
  const lookup = request.mode === 'navigate' ? caches.match('./', { cacheName: CACHE }) : caches.match(request, { cacheName: CACHE });
  event.respondWith(lookup.then((cached) => cached || fetch(request)));
});
