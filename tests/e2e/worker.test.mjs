// The package worker (ARCHITECTURE.md, "Size"): the first view does not load it; the
// first Build package does, and Open package uses the same worker; a worker that
// crashes is reported plainly and the next use starts a new one.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, journey as defineJourney, useBrowser, onePagePdf } from './harness.mjs';

const env = useBrowser({ before, after });
const journey = (name, body) => defineJourney(test, env, name, body);
const button = (page, name) => page.getByRole('button', { name, exact: true });
// Asked by the page or its workers; the service worker fetches the whole build, this
// worker included, to cache it for offline use, which is not the page loading it.
const workerFiles = (app) => app.pageRequests.filter((url) => /\/package-worker-|\/js\/inflate\.js$/.test(url));

async function loadExampleWithFiles(page) {
  await button(page, 'Load example claim').click();
  await eventually(async () => assert.equal(await page.locator('li.document .facts', { hasText: 'SHA-256' }).count(), 7));
}

async function buildPackage(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), button(page, 'Build package').click()]);
  assert.match(download.suggestedFilename(), /^contoso-cloud-security-webinar-\d{4}-\d{2}-\d{2}\.zip$/);
  return download;
}

journey('the first view does not fetch the package worker; the first Build package does, once', async (page, app) => {
  await page.waitForLoadState('networkidle');
  await loadExampleWithFiles(page);
  assert.deepEqual(workerFiles(app), [], 'nothing of the worker is fetched before it is needed');
  const preloads = await page.locator('link[rel="preload"], link[rel="modulepreload"]').evaluateAll((links) => links.map((link) => link.href));
  assert.deepEqual(preloads.filter((href) => /package-worker|inflate/.test(href)), [], 'nor preloaded');

  await buildPackage(page);
  const fetched = workerFiles(app);
  assert.equal(fetched.filter((url) => /\/package-worker-[0-9a-f]+_bg\.wasm$/.test(url)).length, 1, `the worker's wasm, once: ${fetched.join(', ')}`);

  // Built again and opened: the same worker, nothing fetched again.
  const download = await buildPackage(page);
  const chooser = page.waitForEvent('filechooser');
  await button(page, 'Open package').click();
  await (await chooser).setFiles(await download.path());
  await page.getByText("all 7 of the package's documents match their checksums", { exact: false }).waitFor();
  assert.deepEqual(workerFiles(app), fetched);
});

journey('a worker that crashes is reported plainly, and the next Build package starts a new one', async (page, app) => {
  await loadExampleWithFiles(page);
  await buildPackage(page);
  const worker = page.workers().find((w) => /package-worker-/.test(w.url()));
  assert.ok(worker, 'the package worker runs');
  // Its next message makes it throw, as a bug in it would.
  await worker.evaluate(() => {
    self.onmessage = () => {
      throw new Error('the package worker crashed (on purpose, in a test)');
    };
  });
  await button(page, 'Build package').click();
  const result = page.locator('#package-result');
  await eventually(async () => assert.match(await result.innerText(), /stopped unexpectedly.*try again/));
  // The crash is the worker's own error, reported by the browser; the page logs nothing else.
  app.errors.splice(0, app.errors.length, ...app.errors.filter((line) => !line.includes('crashed (on purpose')));

  await buildPackage(page);
  await eventually(async () => assert.match(await result.innerText(), /saved/i));
});

journey('adding documents starts the worker ahead of Build package, which then fetches nothing more', async (page, app) => {
  await page.waitForLoadState('networkidle');
  assert.deepEqual(workerFiles(app), []);
  await page.getByLabel('Add documents', { exact: true }).setInputFiles([{ name: 'Invoice.pdf', mimeType: 'application/pdf', buffer: onePagePdf('Invoice') }]);
  const wasm = (url) => /\/package-worker-[0-9a-f]+_bg\.wasm$/.test(url);
  // The package worker, started ahead, and the document reader (another instance of its
  // module, which reads the document): the module is asked for by each.
  await eventually(async () => assert.ok(workerFiles(app).filter(wasm).length >= 1, 'the worker loads while the partner works'));
  await page.locator('li.document .facts').filter({ hasNotText: 'Checking what it is' }).filter({ hasText: 'SHA-256' }).first().waitFor();
  const before = workerFiles(app).filter(wasm).length;
  assert.ok(before <= 2, `the package worker and the reader: ${before}`);
  await page.getByLabel('Claim title', { exact: true }).fill('Warm worker');
  await page.getByRole('button', { name: 'Build package', exact: true }).click();
  await page.getByRole('button', { name: 'Build anyway', exact: true }).click();
  await page.locator('#package-result').waitFor();
  assert.equal(workerFiles(app).filter(wasm).length, before, 'Build package fetches nothing more');
});
