// Works offline after one visit, under its Content-Security-Policy, asking nothing of
// any other origin; installable (web app manifest).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer } from '../../scripts/serve.mjs';
import { DIST, controlled, eventually, journey as defineJourney, onePagePdf, openPage, problemsOf, useBrowser } from './harness.mjs';

const env = useBrowser({ before, after });
// The policy is enforced in these tests (the others bypass it to inject axe).
const journey = (name, body) => defineJourney(test, env, name, body, { bypassCSP: false });
const button = (page, name) => page.getByRole('button', { name, exact: true });

journey('the page declares a policy that allows no other origin, and runs under it', async (page) => {
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.match(policy, /(^|; )connect-src 'self'(;|$)/);
  assert.match(policy, /(^|; )default-src 'self'(;|$)/);
  assert.doesNotMatch(policy, /unsafe-inline|\*|https?:/);
  // The app rendered under the policy (the journey fails on any console error, which
  // is where violations are reported).
  await button(page, 'Load example claim').click();
  await page.getByText('Ready to submit: no blockers.').waitFor();
  const manifest = await page.evaluate(async () => (await fetch(document.querySelector('link[rel="manifest"]').href)).json());
  assert.equal(manifest.name, 'Co-op Claim Preflight');
  assert.equal(manifest.display, 'standalone');
});

journey('after one visit the page opens and builds a package with the network off', async (page, app) => {
  // Wait until the service worker controls the page (first visit: it installs).
  await controlled(page);
  // The service worker cached the package worker too, though the page has not used it.
  const cached = await page.evaluate(async () => {
    const names = [];
    for (const key of await caches.keys()) names.push(...(await (await caches.open(key)).keys()).map((request) => request.url));
    return names;
  });
  for (const file of [/package-worker-[0-9a-f]+_loader\.js$/, /package-worker-[0-9a-f]+\.js$/, /package-worker-[0-9a-f]+_bg\.wasm$/, /\/js\/inflate\.js$/]) {
    assert.ok(cached.some((url) => file.test(url)), `the service worker caches ${file}`);
  }
  await app.context.setOffline(true);
  await page.reload();
  await button(page, 'Load example claim').click();
  await eventually(async () => assert.equal(await page.locator('li.document .facts', { hasText: 'SHA-256' }).count(), 7));
  const [download] = await Promise.all([page.waitForEvent('download'), button(page, 'Build package').click()]);
  assert.match(download.suggestedFilename(), /^contoso-cloud-security-webinar-\d{4}-\d{2}-\d{2}\.zip$/);
  // Built offline by the package worker, started for the first time from the cache.
  assert.ok(page.workers().some((worker) => /package-worker-/.test(worker.url())), 'the package worker ran');
  await app.context.setOffline(false);
});

// A host that answers a folder's address with 404 (a storage bucket's own address, where
// the page is opened at its index.html): the install, all or nothing, failed on the
// folder's address, and the page was never kept for offline use.
test('served where a folder is no page (404), the page opened at its index.html still opens offline', { timeout: 120_000 }, async () => {
  const { createServer } = await import('node:http');
  const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm', '.svg': 'image/svg+xml', '.webmanifest': 'application/manifest+json' };
  const host = createServer(async (request, response) => {
    const pathname = decodeURIComponent(new URL(`http://localhost${request.url}`).pathname);
    const body = pathname.endsWith('/') || pathname.includes('..') ? null : await readFile(path.join(DIST, pathname)).catch(() => null);
    response.writeHead(body ? 200 : 404, { 'Content-Type': body ? (types[path.extname(pathname)] ?? 'application/octet-stream') : 'text/plain' });
    response.end(body ?? 'not found\n');
  });
  await new Promise((resolve) => host.listen(0, '127.0.0.1', resolve));
  const app = await openPage(env.browser, `http://127.0.0.1:${host.address().port}/index.html`);
  try {
    await controlled(app.page);
    await app.context.setOffline(true);
    await app.page.reload();
    await button(app.page, 'Load example claim').click();
    await eventually(async () => assert.equal(await app.page.locator('li.document .facts', { hasText: 'SHA-256' }).count(), 7));
    // Nothing failed but the folder's address the service worker tried.
    assert.deepEqual(app.errors.filter((line) => !/^HTTP 404: http:\/\/127\.0\.0\.1:\d+\/$/.test(line)), []);
  } finally {
    await app.context.setOffline(false);
    await app.close();
    host.close();
  }
});

// Offline before the page was kept for offline use (a first visit cut short, a browser
// without service workers): the part loaded when first used cannot come. A document is
// then not read rather than said to be one the reader stopped on (for good: the verdict
// was kept with the file's checksum), and Build package says why, not memory.
test('offline before the package worker was ever downloaded: documents wait to be read until the device is online, and Build package says what to do', { timeout: 120_000 }, async () => {
  const app = await openPage(env.browser, env.server.url, { serviceWorkers: 'block' });
  const { page } = app;
  try {
    await app.context.setOffline(true);
    await page.getByLabel('Add documents', { exact: true }).setInputFiles([{ name: 'Invoice 2041.pdf', mimeType: 'application/pdf', buffer: onePagePdf('Invoice 2041 total 4,200.00') }]);
    const row = page.locator('li.document').filter({ has: page.getByRole('heading', { name: 'Invoice 2041.pdf', exact: true }) });
    await row.locator('.facts', { hasText: 'SHA-256' }).waitFor();
    const unchecked = page.getByRole('region', { name: 'Checks', exact: true }).locator('[data-code="DOC-UNCHECKED"]');
    await button(page, 'Build package').click();
    await button(page, 'Build anyway').click({ timeout: 3000 }).catch(() => {});
    await page.getByText(/This part of the page is not on this device yet, and the device is offline: the browser had not finished keeping the page for offline use \(or does not keep it\)\./).waitFor();
    assert.equal(await unchecked.count(), 0, 'not said to be a file the reader stopped on');
    assert.match(await row.locator('.facts').textContent(), /Checking what it is…/, 'it says it is still to be checked');
    // Online again, it is read then, and kept so.
    await app.context.setOffline(false);
    await eventually(async () => assert.match(await row.locator('.facts').textContent(), /1 page/));
    assert.equal(await unchecked.count(), 0);
    await page.getByText('Saved on this device.').waitFor();
    await page.reload();
    await eventually(async () => assert.match(await row.locator('.facts').textContent(), /1 page/));
    assert.equal(await unchecked.count(), 0);
  } finally {
    await app.close();
  }
  // What failed is the worker's download, offline; nothing else.
  const problems = problemsOf(app, env.server.url).filter((problem) => !/package-worker-[0-9a-f]+(_bg\.wasm|\.js|_loader\.js) \(net::ERR_INTERNET_DISCONNECTED\)$/.test(problem));
  assert.deepEqual(problems, []);
});

// The page has one address (its folder, or index.html there). Another under it is the
// host's to answer: the service worker answered it with the cached page, whose files,
// named from that address, could not load (online too), and offline it tried to register
// itself at that address.
journey('an address under the page that is not the page gets what the host says, online and offline', async (page, app) => {
  await controlled(page);
  const deep = new URL('claims/x', env.server.url).href;
  const elsewhere = await app.context.newPage();
  const response = await elsewhere.goto(deep);
  assert.equal(response.status(), 404, "the host's answer, not the cached page");
  await app.context.setOffline(true);
  await assert.rejects(elsewhere.goto(deep), /ERR_INTERNET_DISCONNECTED/);
  await elsewhere.close();
  // The page itself, with a query or as index.html, still opens offline.
  for (const address of ['?from=mail', 'index.html']) {
    const tab = await app.context.newPage();
    await tab.goto(new URL(address, env.server.url).href);
    await button(tab, 'Load example claim').waitFor();
    await tab.close();
  }
  await app.context.setOffline(false);
  // What the host and the browser said of that address, asked for on purpose (and the
  // browser's own favicon request there); its tab's console says the 404, and the failed
  // load offline, without the address: every other request that fails or is answered
  // 404 is still reported, with its address (`requestfailed`, the host's answers).
  const asked = (error) => error.includes('/claims/x') || error.includes('/favicon.ico') || error.startsWith('console error: Failed to load resource: ');
  assert.ok(app.errors.some((error) => error.includes('HTTP 404') && error.includes('/claims/x')), 'the 404 was seen');
  app.errors.splice(0, app.errors.length, ...app.errors.filter((error) => !asked(error)));
});

/**
 * Serves a copy of the build, opens the page on it (its policy enforced) and runs `body`
 * with `deploy()`, which makes the copy a new version (its service worker changed), and
 * the copy's folder.
 */
async function onACopy(body) {
  const dir = await mkdtemp(path.join(tmpdir(), 'preflight-update-'));
  await cp(DIST, dir, { recursive: true });
  const server = await startServer({ dir, port: 0 });
  const { page, close } = await openPage(env.browser, server.url, { bypassCSP: false });
  const deploy = async () => {
    await appendFile(path.join(dir, 'sw.js'), '\n// A newer version.\n');
    await rm(path.join(dir, 'sw.js.br'), { force: true });
    await rm(path.join(dir, 'sw.js.gz'), { force: true });
  };
  try {
    await body({ page, server, deploy, dir });
  } finally {
    await close();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

// A new version deployed while the tab of the first visit is open: that tab says so too.
// (It read once, when it started without a controller, that it was no update, and never
// said it; tabs opened later did.)
test("a new version deployed while the first visit's tab is open is said in that tab", { timeout: 120_000 }, () =>
  onACopy(async ({ page, server, deploy }) => {
    await controlled(page);
    await deploy();
    // Another tab opened: the browser looks for a new service worker, and finds it.
    const other = await page.context().newPage();
    await other.goto(server.url);
    await other.locator('.update-notice').getByText(/^A new version of Co-op Claim Preflight is ready/).waitFor();
    await page.locator('.update-notice').getByText(/^A new version of Co-op Claim Preflight is ready/).waitFor();
    // Found among the page's landmarks, by its name (outside the header and the main
    // content, a notice of no landmark is missed by a screen reader moving by them).
    await page.getByRole('region', { name: 'New version', exact: true }).getByText(/^A new version/).waitFor();
    assert.equal(await page.locator('.update-notice').evaluate((notice) => notice.parentElement.closest('header, main, footer, aside, nav, section')), null);
    await other.close();
  }),
);

// A tab left open (an installed page is rarely reloaded), and no other tab opened: it
// looks for a new version each hour, and says when one is ready.
test('a tab left open for an hour learns of a new version deployed meanwhile, with no other tab opened', { timeout: 120_000 }, () =>
  onACopy(async ({ page, server, deploy }) => {
    await controlled(page);
    await page.clock.install();
    // The browser looks for a new version a moment after each navigation: that look is
    // let pass (its answer sent whole) before the new version is deployed.
    let looked = 0;
    server.http.on('request', (request, response) => response.on('finish', () => (looked += new URL(request.url, server.url).pathname === '/sw.js' ? 1 : 0)));
    await page.reload();
    await page.getByRole('button', { name: 'Load example claim', exact: true }).waitFor();
    await eventually(() => assert.ok(looked > 0, 'the browser looked for a new version after the reload'));
    await deploy();
    await page.clock.runFor('59:00');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.equal(looked, 1, 'not looked for again within the hour');
    // (It asks itself every five minutes whether an hour has passed.)
    await page.clock.runFor('06:00');
    await page.locator('.update-notice').getByText(/^A new version of Co-op Claim Preflight is ready/).waitFor();
  }),
);

/** Makes the copy of the build in `dir` a new version: `marker` in its page, `version` its service worker's. */
async function newVersion(dir, version, marker) {
  const page = path.join(dir, 'index.html');
  await writeFile(page, (await readFile(page, 'utf8')).replace('</body>', `<!-- ${marker} --></body>`));
  const worker = path.join(dir, 'sw.js');
  await writeFile(worker, (await readFile(worker, 'utf8')).replace(/const VERSION = '[0-9a-f]+';/, `const VERSION = '${version}';`));
  for (const name of ['index.html', 'sw.js']) {
    await rm(path.join(dir, `${name}.br`), { force: true });
    await rm(path.join(dir, `${name}.gz`), { force: true });
  }
}

// A host that lets the browser keep the page for ten minutes (many do, for files not
// named by their content): a new version installed within them cached the old page
// beside the new files, and once the host dropped the old files, the page could not
// start, offline or online.
test('a new version installed while the browser still keeps the old page caches the new page', { timeout: 120_000 }, async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'preflight-kept-'));
  await cp(DIST, dir, { recursive: true });
  const server = await startServer({ dir, port: 0 });
  server.http.prependListener('request', (request, response) => {
    const writeHead = response.writeHead;
    response.writeHead = function (status, headers = {}) {
      const kept = new URL(request.url, server.url).pathname.endsWith('/sw.js') ? {} : { 'Cache-Control': 'max-age=600' };
      return writeHead.call(this, status, { ...headers, ...kept });
    };
  });
  const { page, close } = await openPage(env.browser, server.url, { bypassCSP: false });
  try {
    await controlled(page);
    await newVersion(dir, 'feedfacefeedface', 'the new version');
    const other = await page.context().newPage();
    await other.goto(server.url);
    const pages = await other.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      while (!registration.waiting) await new Promise((resolve) => setTimeout(resolve, 100));
      const name = (await caches.keys()).find((key) => key.endsWith('-feedfacefeedface'));
      const cache = await caches.open(name);
      return Promise.all(['./', './index.html'].map(async (address) => (await cache.match(address)).text()));
    });
    assert.ok(pages.every((text) => text.includes('<!-- the new version -->')), 'the new version cached its own page');
    await other.close();
  } finally {
    await close();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
});

// A host serving files of two builds: half way through uploading the new one, or a
// shared cache (a CDN's) still keeping the last one's page. The new version's worker
// cached the mix, which did not start offline, and kept it until the next version. Now
// it is not installed until the host serves the new build whole: the version before
// stays, opens offline, and the new one comes at a later look.
test('a new version whose files the host serves mixed with the last one is not installed until they are whole', { timeout: 120_000 }, () =>
  onACopy(async ({ page, dir }) => {
    await controlled(page);
    const worker = path.join(dir, 'sw.js');
    const original = await readFile(worker, 'utf8');
    const writeWorker = async (code) => {
      await writeFile(worker, code);
      for (const extension of ['br', 'gz']) await rm(path.join(dir, `sw.js.${extension}`), { force: true });
    };
    const sha256 = (bytes) => `sha256-${createHash('sha256').update(bytes).digest('base64')}`;
    // The browser looks for a new version (as at a visit, or the page's hourly look) and
    // says whether one is waiting once its install is over, whatever its end.
    const look = () =>
      page.evaluate(async () => {
        const registration = await navigator.serviceWorker.getRegistration();
        await registration.update().catch(() => {});
        while (registration.installing) await new Promise((resolve) => setTimeout(resolve, 50));
        return Boolean(registration.waiting);
      });
    const cachesNow = () => page.evaluate(() => caches.keys());
    const before = await cachesNow();

    // 1. Its worker and a script of the page new, the script still the last build's.
    const snippet = Object.keys(JSON.parse(original.match(/const INTEGRITY = (.*);/)[1])).find((url) => url.endsWith('/storage.js'));
    assert.ok(snippet, 'the storage script is in the list, with its digest');
    const script = path.join(dir, snippet);
    const next = Buffer.concat([await readFile(script), Buffer.from('\n// The next build.\n')]);
    await writeWorker(original.replace(/const VERSION = '[0-9a-f]+';/, "const VERSION = '1111111111111111';").replace(`"${snippet}":"${sha256(await readFile(script))}"`, `"${snippet}":"${sha256(next)}"`));
    assert.equal(await look(), false, 'not installed');
    assert.deepEqual(await cachesNow(), before, 'no cache of the mix is left');
    // The script uploaded: installed.
    await writeFile(script, next);
    for (const extension of ['br', 'gz']) await rm(`${script}.${extension}`, { force: true });
    assert.equal(await look(), true, 'installed once whole');
    await page.locator('.update-notice').getByText(/^A new version/).waitFor();

    // 2. The page of the last build, naming its wasm, with a new worker whose build names
    // another (a new wasm, uploaded): not installed until the page is the new one too.
    const wasm = (await readdir(dir)).find((name) => /^coop-claim-preflight-[0-9a-f]+_bg\.wasm$/.test(name));
    const renamed = wasm.replace(/-[0-9a-f]+_bg/, '-2222222222222222_bg');
    await cp(path.join(dir, wasm), path.join(dir, renamed));
    const shell = JSON.parse(original.match(/const SHELL = (.*);/)[1]).map((url) => (url === `./${wasm}` ? `./${renamed}` : url));
    const integrity = JSON.parse(original.match(/const INTEGRITY = (.*);/)[1]);
    integrity[`./${renamed}`] = integrity[`./${wasm}`];
    delete integrity[`./${wasm}`];
    integrity[snippet] = sha256(next);
    await writeWorker(
      original
        .replace(/const VERSION = '[0-9a-f]+';/, "const VERSION = '3333333333333333';")
        .replace(/const SHELL = .*;/, () => `const SHELL = ${JSON.stringify(shell)};`)
        .replace(/const INTEGRITY = .*;/, () => `const INTEGRITY = ${JSON.stringify(integrity)};`),
    );
    const waiting = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).waiting?.scriptURL);
    assert.equal(await look(), true);
    assert.equal(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).waiting?.scriptURL), waiting);
    assert.equal((await cachesNow()).filter((name) => name.endsWith('3333333333333333')).length, 0, 'the page names another build: not installed');
    const index = path.join(dir, 'index.html');
    await writeFile(index, (await readFile(index, 'utf8')).replaceAll(wasm, renamed));
    for (const extension of ['br', 'gz']) await rm(`${index}.${extension}`, { force: true });
    await look();
    await eventually(async () => assert.equal((await cachesNow()).filter((name) => name.endsWith('3333333333333333')).length, 1, 'installed once the page is the new one'));

    // The version before stayed in charge meanwhile, and opens offline.
    await page.context().setOffline(true);
    await page.reload();
    await button(page, 'Load example claim').waitFor();
    await page.context().setOffline(false);
  }),
);

// Two copies of the page on one site (two folders, two versions): the caches are the
// site's, and the second one's service worker deleted the first's cache, which then did
// not open offline. A third copy still of the versions before, whose worker named its
// cache for the whole site, keeps its cache too.
test('two copies of the page on one site each open offline, and one of an earlier version too', { timeout: 120_000 }, async () => {
  const site = await mkdtemp(path.join(tmpdir(), 'preflight-two-'));
  for (const folder of ['a', 'b', 'old']) await cp(DIST, path.join(site, folder), { recursive: true });
  await newVersion(path.join(site, 'b'), 'beefbeefbeefbeef', 'the other copy');
  const current = await readFile(path.join(DIST, 'sw.js'), 'utf8');
  const previous = (await readFile(new URL('./fixtures/sw-first-naming.js', import.meta.url), 'utf8'))
    .replace('__BUILD_VERSION__', 'abcdefabcdefabcd')
    .replace('__SHELL_FILES__', current.match(/const SHELL = (.*);/)[1]);
  await writeFile(path.join(site, 'old', 'sw.js'), previous);
  for (const extension of ['br', 'gz']) await rm(path.join(site, 'old', `sw.js.${extension}`), { force: true });
  const server = await startServer({ dir: site, port: 0 });
  const { page, close } = await openPage(env.browser, new URL('old/', server.url).href, { bypassCSP: false });
  try {
    await controlled(page);
    const tabs = [page];
    for (const folder of ['a', 'b']) {
      const tab = await page.context().newPage();
      await tab.goto(new URL(`${folder}/`, server.url).href);
      await controlled(tab);
      tabs.push(tab);
    }
    assert.ok((await page.evaluate(() => caches.keys())).includes('coop-claim-preflight-abcdefabcdefabcd'), 'the earlier copy keeps its cache');
    await page.context().setOffline(true);
    for (const tab of tabs) {
      await tab.reload();
      await button(tab, 'Load example claim').waitFor();
    }
    await page.context().setOffline(false);
    for (const tab of tabs.slice(1)) await tab.close();
  } finally {
    await close();
    await server.close();
    await rm(site, { recursive: true, force: true });
  }
});

// Hosted in a folder of a site (a project site, an intranet path), not at its root: every
// file the page names is found there (they were named from the root: the page said it
// could not start), it builds a package, and it opens offline after one visit.
test('hosted in a folder of a site, the page runs, builds a package and opens offline', { timeout: 120_000 }, async () => {
  const site = await mkdtemp(path.join(tmpdir(), 'preflight-site-'));
  await cp(DIST, path.join(site, 'tools', 'preflight'), { recursive: true });
  const server = await startServer({ dir: site, port: 0 });
  const { page, close, errors } = await openPage(env.browser, new URL('tools/preflight/', server.url).href, { bypassCSP: false });
  try {
    await button(page, 'Load example claim').click();
    await page.getByText('Saved on this device.').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), button(page, 'Build package').click()]);
    assert.match(download.suggestedFilename(), /^contoso-cloud-security-webinar-\d{4}-\d{2}-\d{2}\.zip$/);
    const scope = await controlled(page);
    assert.equal(scope, new URL('tools/preflight/', server.url).href);
    await page.context().setOffline(true);
    await page.reload();
    await eventually(async () => assert.equal(await page.getByLabel('Claim title', { exact: true }).inputValue(), 'Contoso cloud security webinar'));
    // Nothing failed, offline either (a file named from the site's root is not there).
    assert.deepEqual(errors.filter((error) => !/ERR_INTERNET_DISCONNECTED/.test(error)), []);
  } finally {
    await close();
    await server.close();
    await rm(site, { recursive: true, force: true });
  }
});
