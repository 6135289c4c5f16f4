// Co-op Claim Preflight's service worker: after one visit the page opens and works with
// the network off. It caches the app shell (this build's files, listed below by the
// post-build step) and answers every request of the page from that cache first. It never
// sees a document: documents are never requested, only read from the partner's disk.
//
// A new build has a new VERSION, so the browser installs it beside the old one; it waits
// (no skipWaiting) and takes over on the next visit, and the page says so meanwhile.

const VERSION = '__BUILD_VERSION__';
const SHELL = __SHELL_FILES__;
// Each file's SHA-256 but the page's: a file of another build under its name fails the
// install (see below).
const INTEGRITY = __SHELL_INTEGRITY__;
// Named by the page's address too: the caches are the whole site's, and another copy of
// the page hosted on it (another folder, another version) keeps its own.
const OURS = `coop-claim-preflight-${self.registration.scope}-`;
const CACHE = `${OURS}${VERSION}`;
// What the first versions named their cache (one name for the whole site): one of this
// copy's holds its page; another copy's, still of that naming, is left to it.
const FIRST_NAMING = /^coop-claim-preflight-[0-9a-f]{16}$/;
const ours = async (name) =>
  (name.startsWith(OURS) && /^[0-9a-f]{16}$/.test(name.slice(OURS.length))) ||
  (FIRST_NAMING.test(name) && (await (await caches.open(name)).match(self.registration.scope)) !== undefined);

// A file named by its content is this build's wherever it comes from. Any other (the page,
// the snippets, the icon and manifest) is asked of the host again, not taken from the
// browser's own cache, which a host may let keep the last build's for minutes: the
// version cached would be two builds mixed, and would not start once the host drops the
// files the old page names.
// (A name's hash is of 15 digits where its first was a 0.)
const NAMED_BY_CONTENT = /-[0-9a-f]{15,16}(_bg\.wasm|_loader\.js|\.[a-z]+)$/;
const asked = (url) => new Request(url, { cache: NAMED_BY_CONTENT.test(url) ? 'default' : 'no-cache', integrity: INTEGRITY[url] ?? '' });

// The page is cached at its folder's address too, where the host serves it there (the
// same bytes as index.html): a host that answers a folder with 403 or 404 (a storage
// bucket's own address) or a listing of it would otherwise fail the whole install, or
// make that listing the page offline.
// A host serving files of two builds (half way through uploading the new one, or a
// shared cache keeping the last one's page) fails the install, and leaves no cache: a
// file whose bytes are not this build's fails its integrity, a page naming files of
// another build fails here. Cached, that mix would not start offline, and would stay
// until the next version; failed, the version before stays, and the browser tries this
// one again at its next look (a visit, or the page's hourly one).
self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE).then(async (cache) => {
      await cache.addAll(SHELL.map(asked));
      const page = await cache.match('./index.html');
      const named = [...((await page?.clone().text()) ?? '').matchAll(/["'](\.\/[^"'?#]+)["']/g)].map((found) => found[1]);
      const stranger = named.find((url) => NAMED_BY_CONTENT.test(url) && !SHELL.includes(url));
      if (!page || stranger) throw new Error(`the page names ${stranger}, a file of another build`);
      const folder = await fetch(asked('./')).catch(() => null);
      // (Not one the host redirected, `./` to `./index.html`: a navigation refuses it.)
      if (folder?.ok && !folder.redirected && page && (await folder.clone().text()) === (await page.clone().text())) await cache.put('./', folder);
    }).catch(async (error) => {
      await caches.delete(CACHE);
      throw error;
    }),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.map(async (name) => name !== CACHE && (await ours(name)) && caches.delete(name))))
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
  const lookup = request.mode === 'navigate' ? page() : caches.match(request, { cacheName: CACHE });
  event.respondWith(lookup.then((cached) => cached || fetch(request)));
});

// The page for a navigation: as cached at its folder's address, else its index.html, in a
// response of its own (one the host redirected to, `/index.html` to `/` as some do, is
// refused by the browser for a navigation).
const page = async () => {
  const folder = await caches.match('./', { cacheName: CACHE });
  if (folder) return folder;
  const file = await caches.match('./index.html', { cacheName: CACHE });
  return file && new Response(file.body, { status: file.status, statusText: file.statusText, headers: file.headers });
};
