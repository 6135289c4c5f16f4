// Nothing lost at scale: 200 claims with their documents on the device, and 50 reloads
// interleaved with edits in two tabs. Every claim, every document and every edit is
// still there at the end, as the device holds it.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { eventually, journey as defineJourney, storeCopiesOfClaim, storedClaims, useBrowser, withStoredClaims } from './harness.mjs';

const env = useBrowser({ before, after });
const CLAIMS = 200;
const ROUNDS = 50;

const field = (page, label) => page.getByLabel(label, { exact: true });
const button = (page, name) => page.getByRole('button', { name, exact: true });
const title = (n) => `Load claim ${String(n).padStart(3, '0')}`;

/** What the device holds: each claim's title, number of document files and their sizes. */
async function stored(page) {
  return (await storedClaims(page)).map(({ claim, sizes }) => ({ title: claim.title, files: sizes.length, sizes }));
}

async function secondTab(app) {
  const page = await app.context.newPage();
  page.on('pageerror', (error) => app.errors.push(`page error (second tab): ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') app.errors.push(`console error (second tab): ${message.text()}`);
  });
  await page.goto(env.server.url);
  await button(page, 'Load example claim').waitFor();
  return page;
}

defineJourney(
  test,
  env,
  `${CLAIMS} claims with documents survive ${ROUNDS} reloads interleaved with edits in two tabs`,
  async (a, app) => {
    // One real claim with its seven documents, saved by the page...
    await button(a, 'Load example claim').click();
    await eventually(async () => assert.equal(await a.locator('li.document .facts', { hasText: 'SHA-256' }).count(), 7));
    await eventually(async () => assert.equal((await stored(a)).length, 1));
    // ...copied into 199 more records as the page stores them (files included).
    await storeCopiesOfClaim(a, { count: CLAIMS - 1, prefix: 'Load claim ' });
    await a.reload();
    // The list starts folded and says how many claims there are in all ("Show all 200
    // claims"); unfolded, it shows the first and says "of 200".
    const listed = async (page) => {
      const region = page.getByRole('region', { name: 'Your claims', exact: true });
      const all = region.getByRole('button', { name: /^Show all [\d,]+ claims$/ });
      if (await all.count()) return Number((await all.textContent()).match(/([\d,]+)/)[1].replace(/,/g, ''));
      const more = region.getByRole('button', { name: /^Show \d+ more claims? \(of [\d,]+\)$/ });
      if (await more.count()) return Number((await more.textContent()).match(/of ([\d,]+)/)[1].replace(/,/g, ''));
      return region.locator('.claim-row').count();
    };
    await eventually(async () => assert.equal(await listed(a), CLAIMS), { timeout: 30_000 });

    const b = await secondTab(app);
    await eventually(async () => assert.equal(await listed(b), CLAIMS), { timeout: 30_000 });
    const expected = new Map();
    for (let n = 1; n < CLAIMS; n += 1) expected.set(title(n), true);
    for (let round = 1; round <= ROUNDS; round += 1) {
      // Each tab edits its own claims: tab A the odd ones, tab B the even ones.
      const page = round % 2 ? a : b;
      const n = ((round * 37) % (CLAIMS - 1)) + 1;
      const before = [...expected.keys()].find((name) => name.startsWith(title(n)));
      // Found by Search claims: the list shows only the first few of 200.
      await field(page, 'Search claims').fill(before);
      await page.getByRole('button', { name: `Open ${before}`, exact: true }).click();
      await field(page, 'Search claims').fill('');
      await eventually(async () => assert.equal(await field(page, 'Claim title').inputValue(), before));
      const after = `${title(n)} edited in round ${round}`;
      await field(page, 'Claim title').fill(after);
      expected.delete(before);
      expected.set(after, true);
      // Every third round, a reload at once, before any save timer has run.
      if (round % 3 === 0) {
        await page.reload();
        await button(page, 'Load example claim').waitFor();
      }
    }
    // Both tabs settle; then the device holds every claim, each edit and every file.
    await eventually(async () => {
      const records = await stored(a);
      assert.equal(records.length, CLAIMS, 'no claim lost');
      const titles = new Set(records.map((record) => record.title));
      for (const name of expected.keys()) assert.ok(titles.has(name), `"${name}" is on the device`);
      for (const record of records) assert.equal(record.files, 7, `${record.title} has its 7 files`);
    }, { timeout: 30_000, interval: 500 });
    await a.reload();
    await eventually(async () => assert.equal(await listed(a), CLAIMS), { timeout: 30_000 });
  },
  { timeout: 600_000 },
);

defineJourney(
  test,
  env,
  'a claim of 10,000 cost lines opens and stays usable: a hundred lines shown, the rest on request',
  async (page) => {
    await button(page, 'Load example claim').click();
    await eventually(async () => assert.equal((await stored(page)).length, 1));
    await withStoredClaims(
      page,
      ([model], database) =>
        new Promise((resolve, reject) => {
          const claim = JSON.parse(model.record.json);
          const line = claim.cost_lines[0];
          claim.title = 'Ten thousand lines';
          claim.cost_lines = Array.from({ length: 10_000 }, (_, i) => ({ ...line, id: 100_000 + i, description: `Line ${i + 1}` }));
          claim.next_id = 200_000;
          const write = database.transaction(['claims', 'files'], 'readwrite');
          write.objectStore('claims').put({ ...model.record, json: JSON.stringify(claim), revision: model.record.revision + 1 }, 'claim-big');
          // Its documents' files, a record of their own under its key.
          write.objectStore('files').put(model.held, 'claim-big');
          write.oncomplete = () => resolve();
          write.onerror = () => reject(write.error);
        }),
    );
    await page.reload();
    await button(page, 'Open Ten thousand lines').click();
    await button(page, 'Show 100 more cost lines (of 10,000)').waitFor();
    assert.equal(await page.locator('li.cost-line').count(), 100);
    await field(page, 'Partner ID').fill('7654321');
    await button(page, 'Show 100 more cost lines (of 10,000)').click();
    await eventually(async () => assert.equal(await page.locator('li.cost-line').count(), 200));
    assert.equal(await field(page, 'Partner ID').inputValue(), '7654321');
    // An invoice names its line by number: a list of 10,000 would cost seconds a keystroke.
    const invoice = page.locator('li.document').filter({ hasText: 'Fabrikam invoice INV-20417.pdf' });
    const line = invoice.getByRole('textbox', { name: 'Cost line', exact: true });
    // Scrolled to, as a person reads it: a row out of view is not laid out (content-visibility).
    await invoice.scrollIntoViewIfNeeded();
    await eventually(async () => assert.match(await invoice.innerText(), /The number of its cost line, 1 to 10,000/));
    // A number that names no line says so, and links none.
    await line.fill('10001');
    await eventually(async () => assert.match(await invoice.innerText(), /No cost line has the number “10001”: type one from 1 to 10,000\./));
    // A line added, the number names one: the message goes, rather than name 10,001 as
    // the last there is.
    await button(page, 'Add cost line').click();
    await eventually(async () => assert.match(await invoice.innerText(), /The number of its cost line, 1 to 10,001/));
    // The new line is shown after the rows shown, not with every row before it (10,001
    // rows froze the page for ten seconds), and takes the keyboard.
    await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement?.closest('li.cost-line')?.querySelector('h3')?.textContent), 'Cost line 10,001'));
    assert.equal(await page.locator('li.cost-line').count(), 201);
    assert.doesNotMatch(await invoice.innerText(), /No cost line has the number/);
    await line.fill('9999');
    await eventually(async () => assert.equal(await line.inputValue(), '9999'));
    assert.doesNotMatch(await invoice.innerText(), /No cost line has the number/);
    await page.reload();
    await eventually(async () => assert.equal(await page.locator('li.document').filter({ hasText: 'Fabrikam invoice INV-20417.pdf' }).getByRole('textbox', { name: 'Cost line', exact: true }).inputValue(), '9999'));
    // After the reload the line added is past Show more again: its finding in Checks
    // shows it apart, not with every row before it, and the keyboard goes to it.
    const checks = page.getByRole('region', { name: 'Checks', exact: true });
    await checks.locator('[data-code="FIELD-REQUIRED"]', { hasText: /10,?001/ }).first().getByRole('button').first().click();
    await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement?.closest('li.cost-line')?.querySelector('h3')?.textContent), 'Cost line 10,001'));
    assert.equal(await page.locator('li.cost-line').count(), 101);
  },
  { timeout: 180_000 },
);

// The browser copies a file on every write of a record that holds it, and frees the
// copies only when it closes: a claim's files kept in its record were written again at
// each save of a letter typed (three recordings of 70 MB filled a quota of 1 GB after
// four edits).
test('edits of a claim with a large document, and documents added beside it or removed, do not write its file again: the space used on disk stays put', { timeout: 180_000 }, async () => {
  // On disk, as a partner's browser keeps it (a test's usual context keeps its storage
  // in memory, where the copies do not show).
  const MB = 1024 * 1024;
  const profile = await mkdtemp(path.join(tmpdir(), 'preflight-profile-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  const onDisk = async (folder) => {
    const entries = await readdir(folder, { withFileTypes: true, recursive: true }).catch(() => []);
    const sizes = await Promise.all(entries.filter((entry) => entry.isFile()).map((entry) => stat(path.join(entry.parentPath, entry.name)).then((info) => info.size, () => 0)));
    return sizes.reduce((sum, size) => sum + size, 0);
  };
  try {
    const page = await context.newPage();
    await page.goto(env.server.url);
    await field(page, 'Claim title').fill('Recording claim');
    await page.setInputFiles('#add-documents', { name: 'recording.mp4', mimeType: 'video/mp4', buffer: Buffer.alloc(20 * MB, 7) });
    await eventually(async () => assert.deepEqual((await stored(page)).map((record) => record.sizes), [[20 * MB]]));
    const before = await onDisk(path.join(profile, 'Default', 'IndexedDB'));
    assert.ok(before >= 20 * MB, `the recording is where the space is measured (${(before / MB).toFixed(1)} MB there)`);
    for (let n = 1; n <= 5; n += 1) {
      await field(page, 'Claim title').fill(`Recording claim ${n}`);
      await eventually(async () => assert.deepEqual((await stored(page)).map((record) => record.title), [`Recording claim ${n}`]));
    }
    const grown = (await onDisk(path.join(profile, 'Default', 'IndexedDB'))) - before;
    assert.ok(grown < 5 * MB, `${(grown / MB).toFixed(1)} MB more on disk for five edits of a title`);
    assert.deepEqual((await stored(page)).map((record) => record.sizes), [[20 * MB]], 'its file kept, whole');
    // Documents added one at a time beside it, then one removed: its file stays where it is.
    for (let n = 1; n <= 5; n += 1) {
      await page.setInputFiles('#add-documents', { name: `note ${n}.txt`, mimeType: 'text/plain', buffer: Buffer.alloc(1000 * n, 'n') });
      await eventually(async () => assert.equal((await stored(page))[0].sizes.length, 1 + n));
    }
    await page.getByRole('button', { name: 'Remove note 3.txt', exact: true }).click();
    await eventually(async () => assert.deepEqual((await stored(page)).map((record) => record.sizes), [[20 * MB, 1000, 2000, 4000, 5000]]));
    const added = (await onDisk(path.join(profile, 'Default', 'IndexedDB'))) - before;
    assert.ok(added < 5 * MB, `${(added / MB).toFixed(1)} MB more on disk once five documents were added beside it and one removed`);
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
});

defineJourney(
  test,
  env,
  'claims saved before files had records of their own open with every file, which move to their own at the next save',
  async (page) => {
    const app = page.url();
    await button(page, 'Load example claim').click();
    await eventually(async () => assert.equal(await page.locator('li.document .facts', { hasText: 'SHA-256' }).count(), 7));
    await eventually(async () => assert.deepEqual((await stored(page)).map((record) => record.files), [7]));
    // The record as the page wrote it before: its files in it, read out here as bytes.
    const record = await withStoredClaims(page, async ([{ key, record, held }]) => ({
      key,
      json: record.json,
      ids: record.ids,
      revision: record.revision,
      files: await Promise.all(held.files.map(async (file) => ({ name: file.name, type: file.type, bytes: Array.from(new Uint8Array(await file.arrayBuffer())) }))),
    }));
    // Written as version 1 did, from a blank page of the same origin (this page's
    // connection gone with it).
    await page.route('**/storage-setup.html', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>setup</title><link rel="icon" href="data:,">' }));
    await page.goto(new URL('/storage-setup.html', app).href);
    await page.evaluate(
      (record) =>
        new Promise((resolve, reject) => {
          indexedDB.deleteDatabase('coop-claim-preflight');
          const request = indexedDB.open('coop-claim-preflight', 1);
          request.onupgradeneeded = () => request.result.createObjectStore('claims');
          request.onsuccess = () => {
            const write = request.result.transaction('claims', 'readwrite');
            const files = record.files.map((file) => new File([new Uint8Array(file.bytes)], file.name, { type: file.type }));
            write.objectStore('claims').put({ json: record.json, ids: record.ids, files, revision: record.revision }, record.key);
            write.oncomplete = () => resolve(request.result.close());
            write.onerror = () => reject(write.error);
          };
          request.onerror = () => reject(request.error);
        }),
      record,
    );
    await page.goto(app);
    await eventually(async () => assert.equal(await page.locator('li.document .facts', { hasText: 'SHA-256' }).count(), 7));
    assert.equal(await page.getByText(/was not saved on this device/).count(), 0, 'every file came with its claim');
    const version = await page.evaluate(() => new Promise((resolve) => { const request = indexedDB.open('coop-claim-preflight'); request.onsuccess = () => { resolve(request.result.version); request.result.close(); }; }));
    assert.equal(version, 3);
    // Its files move to records of their own when the claim is next saved (at once, they
    // would need as much free space again).
    await field(page, 'Claim title').fill('Contoso cloud security webinar, edited');
    await eventually(async () => assert.deepEqual((await stored(page)).map((record) => [record.title, record.files]), [['Contoso cloud security webinar, edited', 7]], 'each file now a record of its own'));
    await page.reload();
    await eventually(async () => assert.equal(await page.locator('li.document .facts', { hasText: 'SHA-256' }).count(), 7));
    assert.equal(await page.getByText(/was not saved on this device/).count(), 0, 'every file kept');
  },
  { timeout: 120_000, serviceWorkers: 'block' },
);

// Documents added one at a time make a record of files each; thousands of records made
// the list of claims slow to open. Past four, those of small files are merged.
defineJourney(test, env, 'documents added one at a time are kept in a few records of files, every file whole, and a save that adds none writes none', async (page) => {
  await field(page, 'Claim title').fill('One at a time');
  const sizes = [];
  // Four large files (a record each, never merged), then twelve small ones.
  for (let n = 1; n <= 16; n += 1) {
    const size = n <= 4 ? 4_500_000 + n : 1000 + n;
    sizes.push(size);
    await page.setInputFiles('#add-documents', { name: `note ${n}.txt`, mimeType: 'text/plain', buffer: Buffer.alloc(size, 'n') });
    await eventually(async () => assert.deepEqual((await stored(page)).map((record) => record.sizes), [sizes]));
  }
  const records = await withStoredClaims(
    page,
    (claims, database) =>
      new Promise((resolve, reject) => {
        const keys = database.transaction('files').objectStore('files').getAllKeys();
        keys.onsuccess = () => resolve(keys.result.length);
        keys.onerror = () => reject(keys.error);
      }),
  );
  assert.ok(records <= 8, `${records} records of files for 4 large and 12 small documents`);
  // Saves that add no file write no record of files (one merged at each save would be
  // copied again at each letter typed).
  await page.evaluate(() => {
    window.__filePuts = 0;
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function countedPut(...args) {
      if (this.name === 'files') window.__filePuts += 1;
      return put.apply(this, args);
    };
  });
  for (const title of ['One at a time, edited', 'One at a time, edited again']) {
    await field(page, 'Claim title').fill(title);
    await eventually(async () => assert.deepEqual((await stored(page)).map((record) => record.title), [title]));
  }
  assert.equal(await page.evaluate(() => window.__filePuts), 0);
  await page.reload();
  await eventually(async () => assert.equal(await page.locator('li.document .facts', { hasText: 'SHA-256' }).count(), 16));
  assert.equal(await page.getByText(/was not saved on this device/).count(), 0, 'every file kept');
  assert.deepEqual((await stored(page)).map((record) => record.sizes), [sizes]);
});

defineJourney(test, env, 'a file the device holds that the page did not write (another tab, unheard) is written again at the next save', async (page) => {
  await field(page, 'Claim title').fill('Two files');
  await page.setInputFiles('#add-documents', [
    { name: 'first.txt', mimeType: 'text/plain', buffer: Buffer.alloc(3000, 'a') },
    { name: 'second.txt', mimeType: 'text/plain', buffer: Buffer.alloc(4000, 'b') },
  ]);
  await eventually(async () => assert.deepEqual((await stored(page)).map((record) => record.sizes), [[3000, 4000]]));
  // The second document's file replaced on the device behind the page's back, as by a
  // tab whose word of it this tab missed.
  await withStoredClaims(
    page,
    ([{ held }], database) =>
      new Promise((resolve, reject) => {
        const write = database.transaction('files', 'readwrite');
        const store = write.objectStore('files');
        const keys = store.getAllKeys();
        const records = store.getAll();
        records.onsuccess = () =>
          records.result.forEach((record, n) => {
            const at = record.ids.indexOf(held.ids[1]);
            if (at === -1) return;
            record.files[at] = new File(['c'.repeat(10)], 'second.txt', { type: 'text/plain' });
            store.put(record, keys.result[n]);
          });
        write.oncomplete = () => resolve();
        write.onerror = () => reject(write.error);
      }),
  );
  assert.deepEqual((await stored(page)).map((record) => record.sizes), [[3000, 10]]);
  await field(page, 'Claim title').fill('Two files, edited');
  await eventually(async () => assert.deepEqual((await stored(page)).map((record) => [record.title, record.sizes]), [['Two files, edited', [3000, 4000]]], 'the claim and the files the page shows, saved together'));
});
