// Shared pieces of the browser tests: serve the built app, start Chromium, open the page
// with everything it does recorded, retry an assertion, run the accessibility audit.
//
// The tests exercise dist/ as built; they never build it themselves (a build takes
// minutes and the machine's cores). E2E_DIST points them at another directory.

import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const DIST = path.resolve(REPO, process.env.E2E_DIST || 'dist');
const AXE = path.join(REPO, 'node_modules/axe-core/axe.min.js');

// Generous by default: the machine may be compiling Rust while the tests run.
export const TIMEOUT = Number(process.env.E2E_TIMEOUT_MS) || 15_000;

/** Serves dist/ on a free port; fails with a hint when nothing was built. */
export async function serveDist() {
  try {
    await access(path.join(DIST, 'index.html'));
  } catch {
    throw new Error(
      `no built app at ${DIST}/index.html: run the build first ` +
        '(trunk build --release --offline), or set E2E_DIST to a built directory',
    );
  }
  return startServer({ dir: DIST, port: 0 });
}

export async function launchBrowser() {
  const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  try {
    return await chromium.launch({
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        // Keep Chromium from calling home, so the request log holds only the page's own.
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        // Headless Chromium otherwise starts extra renderers per context.
        '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup,WebUIOmniboxFullPopup',
      ],
    });
  } catch (error) {
    throw new Error(
      `cannot start Chromium at ${executablePath} (set CHROMIUM_PATH to another one): ${error.message}`,
    );
  }
}

/**
 * Opens the app in a fresh browser context and waits until it has rendered.
 * Returns `{ context, page, requests, pageRequests, errors, close() }`: `requests` lists
 * every URL the context asked for, `pageRequests` those not asked by the service worker
 * (which fetches the whole build to cache it), `errors` every console error and uncaught
 * exception of any of its tabs, and every failed request.
 */
export async function openPage(
  browser,
  baseUrl,
  { locale = 'en-US', timezoneId, viewport, colorScheme, readyButton = 'Load example claim', bypassCSP = true, serviceWorkers = 'allow' } = {},
) {
  const context = await browser.newContext({
    locale,
    timezoneId,
    viewport,
    colorScheme,
    // 'block' where a test routes the page's requests: what the service worker serves
    // never reaches a route.
    serviceWorkers,
    // The page ships a Content-Security-Policy, and axe is injected as an inline script;
    // tests of the policy itself pass bypassCSP: false.
    bypassCSP,
  });
  context.setDefaultTimeout(TIMEOUT);
  const requests = [];
  // What the page and its own workers asked for, without the service worker's caching.
  const pageRequests = [];
  const errors = [];
  // On the context, not the page, so that workers (a service worker too) are recorded.
  context.on('request', (request) => {
    requests.push(request.url());
    if (!request.serviceWorker()) pageRequests.push(request.url());
  });
  context.on('requestfailed', (request) => {
    // A worker of the package worker's module still loading when the page is reloaded or
    // left (the document reader starts as documents are added or a claim comes on the
    // page) has its fetch aborted by the browser: not a failure of the page's. Any other
    // failed request, and any other reason, is one.
    const aborted = request.failure()?.errorText === 'net::ERR_ABORTED';
    if (aborted && /\/package-worker-[0-9a-f]+(_bg\.wasm|\.js|_loader\.js)$/.test(new URL(request.url()).pathname)) return;
    errors.push(`request failed: ${request.url()} (${request.failure()?.errorText})`);
  });
  context.on('response', (response) => {
    if (response.status() >= 400) errors.push(`HTTP ${response.status()}: ${response.url()}`);
  });

  // Every tab of the context is watched, a second one a test opens too.
  const watch = (tab) => {
    tab.on('console', (message) => {
      if (message.type() === 'error') errors.push(`console error: ${message.text()}`);
    });
    tab.on('pageerror', (error) => errors.push(`page error: ${error.stack || error.message}`));
  };
  context.on('page', watch);
  const page = await context.newPage();

  const app = { context, page, requests, pageRequests, errors, close: () => context.close() };
  try {
    await page.goto(baseUrl);
    // The static HTML has no controls: this button exists once the wasm app has rendered.
    await page
      .getByRole('button', { name: readyButton, exact: true })
      .waitFor({ state: 'visible', timeout: TIMEOUT * 2 });
  } catch (error) {
    await context.close();
    throw new Error(
      `the app did not render a "${readyButton}" button at ${baseUrl}: ${error.message}` +
        (errors.length ? `\nwhile loading:\n  ${errors.join('\n  ')}` : ''),
    );
  }
  return app;
}

/**
 * What went wrong in a page's life, as readable lines (empty when all is well): page
 * errors, console errors, failed requests, and any request to another origin (the
 * product promises no network request but its own static files, PRODUCT.md §4).
 */
export function problemsOf(app, baseUrl) {
  const origin = new URL(baseUrl).origin;
  // blob: URLs carry their creator's origin; data: URLs fetch nothing.
  const foreign = app.requests.filter((url) => !url.startsWith('data:') && new URL(url).origin !== origin);
  return [...app.errors, ...foreign.map((url) => `request to another origin: ${url}`)];
}

/**
 * Retries `assertion` (sync or async) until it stops throwing, and returns its result;
 * after `timeout` ms it throws the last failure. playwright-core has no `expect`: this is
 * its retrying assertion, e.g.
 *   await eventually(async () => assert.equal(await time.getAttribute('datetime'), '2019-02-14'));
 */
export async function eventually(assertion, { timeout = TIMEOUT, interval = 50 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      if (Date.now() > deadline) {
        error.message = `still failing after ${timeout} ms: ${error.message}`;
        throw error;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

/**
 * Waits until the page's service worker controls it (on a first visit it installs and
 * claims the page), and returns its registration's scope.
 */
export async function controlled(page) {
  return page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    }
    return (await navigator.serviceWorker.getRegistration()).scope;
  });
}

/** Runs axe-core on the whole page; returns the violations (an empty array when clean). */
export async function runAxe(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const results = await window.axe.run(document, {
      runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
    });
    // Only what a reader needs: the result objects hold whole DOM snapshots.
    return results.violations.map(({ id, impact, help, helpUrl, nodes }) => ({
      id,
      impact,
      help,
      helpUrl,
      nodes: nodes.map(({ target, failureSummary }) => ({ target, failureSummary })),
    }));
  });
}

/** Violations as an assertion message: rule, impact, help, and each offending element. */
export function formatViolations(violations) {
  return violations
    .map(({ id, impact, help, helpUrl, nodes }) => {
      const where = nodes.map(({ target, failureSummary }) => {
        const why = (failureSummary || '').split('\n').map((line) => `      ${line}`).join('\n');
        return `    at ${JSON.stringify(target)}\n${why}`;
      });
      return `${id} (${impact}): ${help}\n  ${helpUrl}\n${where.join('\n')}`;
    })
    .join('\n\n');
}

/**
 * Registers the file's before/after hooks: one server and one browser for the file.
 * Returns an object whose `server` and `browser` are set once the hooks have run.
 */
export function useBrowser({ before, after }) {
  const env = { server: null, browser: null };
  before(async () => {
    env.server = await serveDist();
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}

/**
 * Defines a test in a fresh browser context. Besides its own assertions, the page must
 * log no error and ask nothing of another origin during the whole test (PRODUCT.md §4).
 */
export function journey(test, env, name, body, { timeout = 180_000, ...pageOptions } = {}) {
  test(name, { timeout }, async () => {
    const app = await openPage(env.browser, env.server.url, pageOptions);
    try {
      await body(app.page, app);
    } catch (error) {
      // A timeout often has its cause in the page (a wasm panic): show both.
      const problems = problemsOf(app, env.server.url);
      if (problems.length) error.message += `\nthe page also reported:\n  ${problems.join('\n  ')}`;
      // What each tab said of its claim's saving: the first clue to a race between tabs.
      const said = await Promise.all(
        app.context.pages().map(async (tab, index) => {
          const status = await tab.locator('.save-status').textContent({ timeout: 1000 }).catch(() => null);
          return `tab ${index + 1}: ${JSON.stringify(status?.trim() ?? '(no save status)')}`;
        }),
      );
      error.message += `\nsave status when it failed:\n  ${said.join('\n  ')}`;
      throw error;
    } finally {
      await app.close();
    }
    assert.deepEqual(problemsOf(app, env.server.url), [], 'the page logged errors or left its origin');
  });
}

/**
 * A scratch folder for one test file's downloads and fixtures, made before its tests and
 * removed after them: `scratch.dir`.
 */
export function useScratch({ before, after }, name) {
  const scratch = { dir: null };
  before(async () => {
    scratch.dir = await mkdtemp(path.join(tmpdir(), `preflight-e2e-${name}-`));
  });
  after(async () => {
    if (scratch.dir) await rm(scratch.dir, { recursive: true, force: true });
  });
  return scratch;
}

/**
 * A valid one-page PDF showing `text` in Helvetica, with a correct cross-reference: a
 * document the page's reader reads as it is (a file that only looks like a PDF is
 * `PDF-DAMAGED`, a blocker, which a test of something else must not meet).
 */
export function onePagePdf(text) {
  const escaped = text.replace(/[\\()]/g, (c) => `\\${c}`);
  const content = `BT /F1 12 Tf 72 720 Td (${escaped}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets = [];
  objects.forEach((object, index) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/**
 * In the page: opens the page's database and reads every stored claim, as
 * `{ database, claims }` with each claim `{ key, record, held }`: `record` as stored (its
 * `json`, `ids`, `revision`) and `held` its documents' files, `{ ids, files }`, from
 * their own records (under the claim's key and `[key, n]`, in key order) or, as version
 * 1 of the storage kept them, from the claim's record. The caller closes `database`.
 * Shipped to the page as its source text.
 */
function readStoredClaims() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open('coop-claim-preflight');
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const database = request.result;
      // Not made by the page yet (this open made an empty one, which the page's own open
      // upgrades as it would a first visit's).
      if (!database.objectStoreNames.contains('claims')) {
        database.close();
        reject(new Error('the page has not made its database yet'));
        return;
      }
      const apart = database.objectStoreNames.contains('files');
      const reading = database.transaction(apart ? ['claims', 'files'] : ['claims']);
      const records = reading.objectStore('claims').getAll();
      const keys = reading.objectStore('claims').getAllKeys();
      const fileKeys = apart ? reading.objectStore('files').getAllKeys() : null;
      const fileValues = apart ? reading.objectStore('files').getAll() : null;
      reading.oncomplete = () => {
        const heldOf = (record, key) => {
          if (!apart) return { ids: record.ids, files: record.files };
          const byId = new Map();
          fileKeys.result.forEach((at, n) => {
            if ((Array.isArray(at) ? at[0] : at) !== key) return;
            fileValues.result[n].ids.forEach((id, k) => byId.set(id, fileValues.result[n].files[k]));
          });
          // In the claim's order of its documents; any other file (none should be) last.
          const listed = (record.ids ?? []).filter((id) => byId.has(id));
          const ids = [...listed, ...[...byId.keys()].filter((id) => !listed.includes(id))];
          return { ids, files: ids.map((id) => byId.get(id)) };
        };
        // What no save may leave: a file record of no claim, or a document's file in two.
        const problems = [];
        if (apart) {
          const owners = new Set(keys.result);
          const seen = new Set();
          fileKeys.result.forEach((at, n) => {
            const claim = Array.isArray(at) ? at[0] : at;
            if (!owners.has(claim)) problems.push(`a record of files of no claim: ${JSON.stringify(at)}`);
            for (const id of fileValues.result[n].ids) {
              const name = JSON.stringify([claim, id]);
              if (seen.has(name)) problems.push(`a document's file in two records: ${name}`);
              seen.add(name);
            }
          });
        }
        if (problems.length) {
          database.close();
          reject(new Error(problems.join('; ')));
          return;
        }
        resolve({ database, claims: records.result.map((record, at) => ({ key: keys.result[at], record, held: heldOf(record, keys.result[at]) })) });
      };
      reading.onerror = () => reject(reading.error);
    };
  });
}

/**
 * Makes the page's saves of claims fail as a full storage fails them (QuotaExceededError),
 * until `roomMade(page)`: what the partner meets once the device's quota is reached.
 */
export async function storageFull(page) {
  await page.evaluate(() => {
    window.__full = true;
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function refuseWhileFull(...args) {
      if (window.__full && this.name === 'claims') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    };
  });
}

/** Ends `storageFull`: the device takes saves again. */
export async function roomMade(page) {
  await page.evaluate(() => {
    window.__full = false;
  });
}

/**
 * Runs `body(claims, database, arg)` in the page, with every stored claim as
 * `readStoredClaims` gives them (files as the page's own `File`s), and returns what it
 * returns (or resolves to). The database closes once its transactions are done.
 */
export function withStoredClaims(page, body, arg = null) {
  return page.evaluate(
    `(${readStoredClaims})().then(async ({ database, claims }) => {
      try {
        return await (${body})(claims, database, ${JSON.stringify(arg)});
      } finally {
        database.close();
      }
    })`,
  );
}

/**
 * Stores, under `claim-damaged`, a record that is not a claim (damaged, or written by
 * something else): the page reports it and leaves it as it is.
 */
export function storeDamagedRecord(page) {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const request = indexedDB.open('coop-claim-preflight');
        request.onupgradeneeded = () => request.result.createObjectStore('claims');
        request.onsuccess = () => {
          const transaction = request.result.transaction('claims', 'readwrite');
          transaction.objectStore('claims').put({ json: '{"title": 12', ids: [], files: [] }, 'claim-damaged');
          transaction.oncomplete = () => resolve(request.result.close());
          transaction.onerror = () => reject(transaction.error);
        };
        request.onerror = () => reject(request.error);
      }),
  );
}

/**
 * Edits every stored claim as `edit(claim)` says (a function, run in the page), as the
 * page stores it (a package or backup of another profile, a newer page's record).
 */
export function editStoredClaims(page, edit) {
  return withStoredClaims(
    page,
    `(claims, database) =>
      new Promise((resolve, reject) => {
        const write = database.transaction(['claims'], 'readwrite');
        for (const { key, record } of claims) {
          const claim = JSON.parse(record.json);
          (${edit})(claim);
          write.objectStore('claims').put({ ...record, json: JSON.stringify(claim) }, key);
        }
        write.oncomplete = resolve;
        write.onerror = () => reject(write.error);
      })`,
  );
}

/**
 * What the device holds: each stored claim's key, its claim (parsed), its documents' ids
 * and their files' sizes.
 */
export function storedClaims(page) {
  return withStoredClaims(page, (claims) => claims.map(({ key, record, held }) => ({ key, claim: JSON.parse(record.json), ids: held.ids, sizes: held.files.map((file) => file.size) })));
}

/**
 * Stores `count` copies of the one claim the page has saved, as the page stores them
 * (their documents' files included), under keys `claim-copy-<n>`. Each copy `n` (from
 * `first`) is titled `${prefix}${n, three digits}${suffixes[n % suffixes.length]}`; with
 * `documents`, it gets that many documents (the model's, repeated, files included); with
 * `statuses`, copy `n` gets status `statuses[n % statuses.length]` (all but `preparing`
 * with a Partner Center claim ID).
 */
export function storeCopiesOfClaim(page, { count, first = 1, prefix, suffixes = [''], documents = 0, statuses = [] }) {
  return withStoredClaims(
    page,
    ([model], database, { count, first, prefix, suffixes, documents, statuses }) =>
      new Promise((resolve, reject) => {
        const source = JSON.parse(model.record.json);
        const modelFiles = new Map(model.held.ids.map((id, at) => [id, model.held.files[at]]));
        const files = model.record.ids.map((id) => modelFiles.get(id));
        const write = database.transaction(['claims', 'files'], 'readwrite');
        for (let n = first; n < first + count; n += 1) {
          const claim = JSON.parse(model.record.json);
          claim.title = `${prefix}${String(n).padStart(3, '0')}${suffixes[n % suffixes.length]}`;
          // The partner's own claims, not the example as it was loaded (which stands
          // apart from its usage period's claims).
          delete claim.origin;
          let held = { ids: model.record.ids, files };
          if (documents) {
            const kept = source.documents.length;
            held = { ids: [], files: [] };
            claim.documents = Array.from({ length: documents }, (_, at) => {
              const document = source.documents[at % kept];
              held.ids.push(1000 + at);
              held.files.push(files[at % kept]);
              return { ...document, id: 1000 + at, file_name: `${at} ${document.file_name}` };
            });
            claim.next_id = 1000 + documents;
          }
          const status = statuses.length ? statuses[n % statuses.length] : 'preparing';
          if (status !== 'preparing') claim.lifecycle = { status, partner_center_id: `PC-${10000 + n}`, submitted_on: '2026-10-01' };
          write.objectStore('claims').put({ ...model.record, ids: held.ids, revision: n, json: JSON.stringify(claim) }, `claim-copy-${n}`);
          write.objectStore('files').put(held, `claim-copy-${n}`);
        }
        write.oncomplete = () => resolve();
        write.onerror = () => reject(write.error);
      }),
    { count, first, prefix, suffixes, documents, statuses },
  );
}

/**
 * Adds a document whose file the browser cannot read (moved away since it was picked):
 * from then on every read of a file of this page fails.
 */
export function addUnreadableFile(page, name) {
  return page.evaluate((name) => {
    const input = document.getElementById('add-documents');
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array(1024)], name, { type: 'application/pdf' }));
    input.files = transfer.files;
    Blob.prototype.arrayBuffer = () => Promise.reject(new DOMException('The requested file could not be read', 'NotReadableError'));
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }, name);
}
