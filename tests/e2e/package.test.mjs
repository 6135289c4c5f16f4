// Documents in, package out (issue: file intake, file checks, streaming ZIP builder).
// Real files go in through the `Add documents` input; the downloaded package is checked
// outside the browser with unzip -t, Python's zipfile and sha256sum -c, and every
// document is compared byte for byte with the file that went in.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { addUnreadableFile, eventually, formatViolations, journey as defineJourney, runAxe, TIMEOUT, useBrowser, useScratch } from './harness.mjs';

const env = useBrowser({ before, after });
const journey = (name, body) => defineJourney(test, env, name, body);
const scratch = useScratch({ before, after }, 'package');

const button = (page, name) => page.getByRole('button', { name, exact: true });
const checks = (page) => page.getByRole('region', { name: 'Checks', exact: true });
const finding = (page, code) => checks(page).locator(`[data-code="${code}"]`);
const documentRow = (page, fileName) => page.locator('li.document').filter({ has: page.getByRole('heading', { name: fileName, exact: true }) });

/** A small but real PDF, different for each title. */
function pdf(title) {
  const text = `BT /F1 12 Tf 56 780 Td (${title}) Tj ET`;
  return Buffer.from(
    `%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n` +
      `3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >> endobj\n` +
      `4 0 obj << /Length ${text.length} >> stream\n${text}\nendstream endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
  );
}

// A 1×1 PNG.
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
    '1f15c4890000000d49444154789c6360f8cfc0f01f0005000201a5f0b4d70000000049454e44ae426082',
  'hex',
);

async function loadExampleWithFiles(page) {
  await button(page, 'Load example claim').click();
  // The example's documents are generated PDFs, read and hashed like any file.
  await eventually(async () => assert.equal(await page.locator('li.document .facts', { hasText: 'SHA-256' }).count(), 7));
}

async function addFiles(page, files) {
  await page.getByLabel('Add documents', { exact: true }).setInputFiles(files);
  await eventually(async () => assert.equal(await page.getByText('Reading…').count(), 0, 'files still being read'));
}

async function setType(page, fileName, type) {
  await documentRow(page, fileName).getByLabel('Document type', { exact: true }).selectOption({ label: type });
}

async function download(page, action) {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: TIMEOUT * 4 }), action()]);
  const target = path.join(scratch.dir, `${Date.now()}-${file.suggestedFilename()}`);
  await file.saveAs(target);
  return { name: file.suggestedFilename(), path: target };
}

/** Runs the outside tools on a package; returns the extracted folder and its manifest. */
async function checkWithRealTools(zipPath) {
  const tested = execFileSync('unzip', ['-t', zipPath], { encoding: 'utf8' });
  assert.match(tested, /No errors detected/);
  const out = `${zipPath}.d`;
  execFileSync('python3', ['-c', 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; z.extractall(sys.argv[2])', zipPath, out]);
  const verified = execFileSync('sha256sum', ['-c', 'checksums.sha256'], { cwd: out, encoding: 'utf8' });
  assert.doesNotMatch(verified, /FAILED/);
  const manifest = JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8'));
  assert.equal(verified.trim().split('\n').length, manifest.documents.length + 3, verified);
  return { out, manifest };
}

/** Bytes that do not repeat, so that any misplaced piece shows. */
function noise(length, seed) {
  const bytes = Buffer.alloc(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    bytes[i] = x >>> 24;
  }
  return bytes;
}

// Small files are copied into the package with their headers, larger ones referenced:
// the photo (over 256 KB) sits between copied pieces, so both kinds meet in one ZIP.
const files = {
  'Venue invoice.pdf': pdf('Venue invoice 2041'),
  'Stage photo.jpg': noise(300 * 1024 + 7, 7),
  'résumé 2018 (final).pdf': pdf('Speaker profile'),
  'CON.pdf': pdf('Reserved name'),
  'Event photo.png': PNG,
  'Copy of venue invoice.pdf': pdf('Venue invoice 2041'),
  'empty.pdf': Buffer.alloc(0),
};

journey('attached files are checked, packaged and verifiable with ordinary tools', async (page) => {
  await loadExampleWithFiles(page);
  await addFiles(
    page,
    Object.entries(files).map(([name, buffer]) => ({ name, mimeType: { png: 'image/png', jpg: 'image/jpeg' }[name.split('.').pop()] ?? 'application/pdf', buffer })),
  );
  // The file rules judge the real files at once.
  await eventually(async () => assert.equal(await finding(page, 'FILE-EMPTY').getAttribute('data-severity'), 'blocker'));
  assert.equal(await finding(page, 'FILE-DUPLICATE').count(), 1);
  assert.equal(await finding(page, 'DOC-UNCLASSIFIED').count(), 7);
  // Size and a SHA-256 prefix are shown per document.
  // Scrolled to, as a person reads it: a row out of view is not laid out (content-visibility).
  await documentRow(page, 'Event photo.png').scrollIntoViewIfNeeded();
  await eventually(async () => assert.match(await documentRow(page, 'Event photo.png').locator('.facts').innerText(), /^\d+ bytes · 1 × 1 px · SHA-256 [0-9a-f]{12}…$/));

  await setType(page, 'Venue invoice.pdf', 'Invoice');
  await setType(page, 'résumé 2018 (final).pdf', 'Proof of execution');
  await setType(page, 'Event photo.png', 'Proof of execution');
  await setType(page, 'Stage photo.jpg', 'Proof of execution');
  for (const name of ['CON.pdf', 'Copy of venue invoice.pdf', 'empty.pdf']) await setType(page, name, 'Other');
  await eventually(async () => assert.equal(await finding(page, 'DOC-UNCLASSIFIED').count(), 0));
  // A note of several lines, to be read in its lines in summary.html.
  await documentRow(page, 'Event photo.png').getByLabel('Note', { exact: true }).fill('Photo 1: booth\nPhoto 2: keynote');

  // With a blocker open, building asks first.
  await button(page, 'Build package').click();
  await page.getByText(/^\d+ blockers? (is|are) still open/).waitFor();
  // This view too (documents with files, findings, the confirmation) passes the audit.
  const violations = await runAxe(page);
  assert.equal(violations.length, 0, formatViolations(violations));
  const saved = await download(page, () => button(page, 'Build anyway').click());
  assert.match(saved.name, /^contoso-cloud-security-webinar-\d{4}-\d{2}-\d{2}\.zip$/);
  await page.getByText(/^Saved contoso-cloud-security-webinar-/).waitFor();

  const { out, manifest } = await checkWithRealTools(saved.path);
  assert.equal(manifest.schema, 'coop-claim-preflight/manifest@1');
  // Amounts as exact decimals beside the claim as typed.
  assert.deepEqual(manifest.amounts.claimed, { decimal: '6850.00', minor: 685000, currency: 'USD' });
  assert.equal(manifest.claim.claimed_amount, '6,850.00');
  assert.equal(manifest.ready_to_submit, false);
  assert.ok(manifest.findings.some((f) => f.code === 'FILE-EMPTY' && f.severity === 'blocker'));
  const summary = await readFile(path.join(out, 'summary.html'), 'utf8');
  assert.match(summary.split('<body>')[1].trim(), /^<p class="status blocked">Not ready to submit/);
  assert.match(await readFile(path.join(out, 'deadlines.ics'), 'utf8'), /^BEGIN:VCALENDAR\r\n[\s\S]*DTSTART;VALUE=DATE:\d{8}\r\n[\s\S]*END:VCALENDAR\r\n$/);

  // Every document comes back byte for byte, under a safe name in its type's folder.
  for (const [name, buffer] of Object.entries(files)) {
    const entry = manifest.documents.find((d) => d.original_name === name);
    assert.ok(entry, `${name} is in the manifest`);
    assert.deepEqual(await readFile(path.join(out, entry.path)), buffer, `${entry.path} differs from ${name}`);
  }
  const paths = manifest.documents.map((d) => d.path);
  assert.ok(paths.includes('documents/invoices/Venue invoice.pdf'), paths.join('\n'));
  assert.ok(paths.includes('documents/proof-of-execution/résumé 2018 (final).pdf'), paths.join('\n'));
  assert.ok(paths.includes('documents/other/_CON.pdf'), paths.join('\n'));
  // The summary names each document as a reviewer finds it in the folder: by its path.
  const listed = await readFile(path.join(out, 'summary.html'), 'utf8');
  for (const entry of manifest.documents) assert.ok(listed.includes(entry.path.replaceAll('&', '&amp;')), `${entry.path} in summary.html`);
  assert.match(listed, /documents\/other\/_CON\.pdf<br><span class="muted">Added as CON\.pdf<\/span>/);
  // Opened on a phone, the summary does not scroll sideways (its tables fit).
  // (A browser context of its own: the file is not the page's origin.)
  const reader = await env.browser.newContext();
  try {
    const phone = await reader.newPage();
    for (const width of [320, 360]) {
      await phone.setViewportSize({ width, height: 800 });
      await phone.goto(`file://${path.join(out, 'summary.html')}`);
      assert.equal(await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), 0, `summary.html at ${width} px`);
    }
    assert.match(await phone.locator('body').innerText(), /Photo 1: booth\nPhoto 2: keynote/);
  } finally {
    await reader.close();
  }
});

journey('the package says what the page says: judged by the partner\'s file size limit and with the other claims of its usage period', async (page) => {
  await loadExampleWithFiles(page);
  // The example made the partner's own (the example as loaded stands apart from the
  // period's claims), then a copy claims the same $6,850.00 of the period's $12,000.00.
  await page.locator('li.document').first().getByLabel('Note', { exact: true }).fill('Ours now.');
  await page.getByRole('region', { name: 'Your claims', exact: true }).getByRole('button', { name: 'Duplicate Contoso cloud security webinar', exact: true }).click();
  await finding(page, 'FUNDS-PERIOD-EXCEEDED').waitFor();
  // A recording of 3 MB, over a limit of 2 MB the partner set (the program's is 25 MB).
  const recording = Buffer.alloc(3 * 1024 * 1024, 1);
  Buffer.from('\0\0\0\x18ftypisom', 'latin1').copy(recording);
  await addFiles(page, [{ name: 'Recording.mp4', mimeType: 'video/mp4', buffer: recording }]);
  await eventually(async () => assert.equal(await documentRow(page, 'Recording.mp4').getByText('Checking what it is…').count(), 0), { timeout: TIMEOUT * 2 });
  const limit = page.getByLabel('File size limit (MB)', { exact: true });
  await limit.fill('2');
  await limit.press('Enter');
  await limit.blur();
  await finding(page, 'FILE-TOO-LARGE').waitFor();
  const shown = (await checks(page).locator('[data-code]').evaluateAll((items) => items.map((item) => `${item.dataset.code} ${item.dataset.severity}`))).sort();
  assert.ok(shown.includes('FUNDS-PERIOD-EXCEEDED blocker') && shown.includes('FILE-TOO-LARGE blocker'), shown.join(', '));

  await button(page, 'Build package').click();
  const saved = await download(page, () => button(page, 'Build anyway').click());
  const blockers = shown.filter((item) => item.endsWith(' blocker')).length;
  await page.getByText(new RegExp(`^Saved .* It was built with ${blockers} blockers open\\.$`)).waitFor();
  const { out, manifest } = await checkWithRealTools(saved.path);
  // Every finding the page shows, and no other.
  assert.deepEqual(manifest.findings.map((f) => `${f.code} ${f.severity}`).sort(), shown);
  assert.equal(manifest.ready_to_submit, false);
  assert.equal(manifest.profile.file_size_limit_bytes, 2 * 1024 * 1024);
  const summary = await readFile(path.join(out, 'summary.html'), 'utf8');
  assert.match(summary, /FUNDS-PERIOD-EXCEEDED/);
  assert.match(summary, /FILE-TOO-LARGE/);
});

journey('a ready claim builds without asking, and cancelling a build saves nothing', async (page) => {
  await loadExampleWithFiles(page);
  const saved = await download(page, () => button(page, 'Build package').click());
  const { manifest } = await checkWithRealTools(saved.path);
  assert.equal(manifest.ready_to_submit, true);
  assert.equal(manifest.documents.length, 7);

  // A large file made in the page (no transfer from the test), then a cancelled build.
  await page.evaluate(() => {
    const input = document.getElementById('add-documents');
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array(300 * 1024 * 1024).fill(7)], 'recording.wmv', { type: 'video/x-ms-wmv' }));
    input.files = transfer.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await eventually(async () => assert.equal(await page.getByText('Reading…').count(), 0), { timeout: TIMEOUT * 4 });
  assert.equal(await finding(page, 'FILE-TOO-LARGE').count(), 1);
  // Cancel is pressed the moment it shows, from the page itself: the build runs in the
  // package worker, whose reads the test cannot slow down, and 300 MiB take it about a
  // second, so a click from the test could come after the package was done (it did, in
  // one run in about forty). The worker's answer comes in a later task than the render
  // that shows Cancel, so the build is still running when it is pressed.
  await page.evaluate(() => {
    const observer = new MutationObserver(() => {
      const cancel = document.getElementById('package-cancel');
      if (cancel) {
        observer.disconnect();
        window.__cancelledWhileBuilding = !!document.querySelector('.progress progress');
        cancel.click();
      }
    });
    observer.observe(document.body, { subtree: true, childList: true });
  });
  await button(page, 'Build package').click();
  await button(page, 'Build anyway').click();
  await page.getByText('Building was cancelled; nothing was saved.').waitFor();
  assert.equal(await page.evaluate(() => window.__cancelledWhileBuilding), true, 'Cancel was pressed while the build showed its progress');
});

journey('recordings larger than what is read whole are hashed in workers, several at once, and packaged with their true SHA-256', async (page) => {
  await loadExampleWithFiles(page);
  // 150 and 140 MiB on disk, over the 128 MiB read whole: streamed through SHA-256 in
  // wasm, when added (in workers, one file each) and when built (for the CRC-32).
  const header = Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex');
  const recordings = [
    { name: 'Booth walkthrough.mp4', bytes: Buffer.concat([header, noise(150 * 1024 * 1024, 99)]) },
    { name: 'Keynote.mp4', bytes: Buffer.concat([header, noise(140 * 1024 * 1024, 7)]) },
  ];
  for (const recording of recordings) {
    recording.path = path.join(scratch.dir, recording.name);
    await writeFile(recording.path, recording.bytes);
    recording.sha256 = createHash('sha256').update(recording.bytes).digest('hex');
  }
  // Every worker the page starts, by name, and how many hashing workers ran at once,
  // recorded by the page's own Worker as it is constructed and terminated (asking a
  // worker its name races its end: a hashing worker ends as soon as its file is hashed).
  await page.evaluate(() => {
    const seen = { started: [], hashing: 0, mostHashing: 0 };
    window.__workers = seen;
    window.Worker = class extends Worker {
      constructor(url, options) {
        super(url, options);
        this.__name = options?.name ?? '';
        seen.started.push(`${String(url).replace(/^.*\//, '')} ${this.__name}`);
        if (this.__name === 'hasher') seen.mostHashing = Math.max(seen.mostHashing, ++seen.hashing);
      }
      terminate() {
        if (this.__name === 'hasher' && !this.__ended) seen.hashing -= 1;
        this.__ended = true;
        super.terminate();
      }
    };
  });
  await addFiles(page, recordings.map((recording) => recording.path));
  for (const { name } of recordings) {
    // textContent: a row out of view is not laid out (content-visibility), its innerText empty.
    await eventually(async () => assert.match(await documentRow(page, name).locator('.facts').textContent(), /SHA-256/), { timeout: TIMEOUT * 4 });
  }
  // The package worker (started as documents come), and a hashing worker per recording,
  // as many at once as the browser has cores; each ends once no file waits for it.
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  const seen = await page.evaluate(() => window.__workers);
  const started = seen.started.filter((worker) => /^package-worker-/.test(worker));
  assert.equal(started.filter((worker) => / package-ahead$/.test(worker)).length, 1, started.join('\n'));
  assert.equal(started.filter((worker) => / hasher$/.test(worker)).length, Math.min(recordings.length, cores), started.join('\n'));
  assert.equal(seen.mostHashing, Math.min(recordings.length, cores), 'the recordings were hashed at once, each in its own worker');
  await eventually(async () => assert.equal(await page.evaluate(() => window.__workers.hashing), 0, 'the hashing workers have ended'));
  await eventually(async () => assert.equal(page.workers().filter((worker) => /package-worker-/.test(worker.url())).length, 1, 'only the package worker is left'));
  for (const { name } of recordings) await setType(page, name, 'Proof of execution');
  const saved = await download(page, async () => {
    await button(page, 'Build package').click();
    const anyway = button(page, 'Build anyway');
    // The recordings are over Partner Center's file limit: the page asks first.
    await anyway.click();
  });
  const { out, manifest } = await checkWithRealTools(saved.path);
  for (const recording of recordings) {
    const entry = manifest.documents.find((document) => document.original_name === recording.name);
    assert.equal(entry.sha256, recording.sha256, `the SHA-256 read when ${recording.name} was added is the file's`);
    assert.equal(entry.size, recording.bytes.length);
    assert.ok((await readFile(path.join(out, entry.path))).equals(recording.bytes), `${recording.name} is packaged byte for byte`);
  }
});

defineJourney(test, env, 'a recording is hashed by the page itself when no worker can start, and packaged with its true SHA-256', async (page, app) => {
  await loadExampleWithFiles(page);
  const bytes = Buffer.concat([Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex'), noise(130 * 1024 * 1024, 5)]);
  const recording = path.join(scratch.dir, 'Webinar replay.mp4');
  await writeFile(recording, bytes);
  const expected = createHash('sha256').update(bytes).digest('hex');
  // Every worker fails to load, as when the server lost the worker's files.
  const refuse = (route) => route.abort();
  const asked = () => app.requests.filter((url) => /\/package-worker-/.test(url)).length;
  const before = asked();
  await page.context().route(/\/package-worker-/, refuse);
  await addFiles(page, [recording]);
  await eventually(async () => assert.match(await documentRow(page, 'Webinar replay.mp4').locator('.facts').textContent(), new RegExp(`SHA-256 ${expected.slice(0, 12)}`)), { timeout: TIMEOUT * 4 });
  // A worker was asked for, and refused (the harness takes an aborted worker load as
  // the browser's doing, so the refusals are not errors of the page).
  assert.ok(asked() > before, 'a worker was asked for');
  await page.context().unroute(/\/package-worker-/, refuse);
  await setType(page, 'Webinar replay.mp4', 'Proof of execution');
  // The package (by a worker that loads now) records the SHA-256 the page computed.
  const saved = await download(page, async () => {
    await button(page, 'Build package').click();
    await button(page, 'Build anyway').click();
  });
  const { manifest } = await checkWithRealTools(saved.path);
  assert.equal(manifest.documents.find((document) => document.original_name === 'Webinar replay.mp4').sha256, expected);
}, { serviceWorkers: 'block' });

journey('a file that cannot be read any more is named, and nothing else is lost', async (page) => {
  await loadExampleWithFiles(page);
  // A file whose reads fail, as when a picked file is deleted before it is read again.
  await addUnreadableFile(page, 'moved away.pdf');
  await page.getByText(/moved away\.pdf cannot be read: it may have been changed, moved, renamed or deleted/).waitFor();
  assert.equal(await page.getByLabel('Claim title', { exact: true }).inputValue(), 'Contoso cloud security webinar');
  assert.equal(await page.locator('li.document').count(), 8, 'the unreadable document stays listed');
  await button(page, 'Build package').click();
  await page.getByText(/moved away\.pdf has not been read yet/).waitFor();
});

// Two documents of one name (picked from two folders): the one whose file can no longer
// be read is marked on its own row when the package is built, not the other, whose file
// is whole.
journey('a file that cannot be read at Build package marks its own row, not another of its name', async (page) => {
  await loadExampleWithFiles(page);
  const [first, second] = ['first', 'second'].map((folder) => path.join(scratch.dir, folder, 'Roadshow agenda.pdf'));
  await mkdir(path.dirname(first), { recursive: true });
  await mkdir(path.dirname(second), { recursive: true });
  await writeFile(first, pdf('Agenda one'));
  await writeFile(second, pdf('Agenda two'));
  await addFiles(page, [first]);
  await addFiles(page, [second]);
  const rows = page.locator('li.document').filter({ has: page.getByRole('heading', { name: 'Roadshow agenda.pdf', exact: true }) });
  await eventually(async () => assert.equal(await rows.count(), 2));
  for (const at of [0, 1]) await rows.nth(at).getByLabel('Document type', { exact: true }).selectOption({ label: 'Other' });
  // The second one changed on the disk: the browser can no longer read the file picked.
  await writeFile(second, pdf('Agenda two, corrected'));
  await button(page, 'Build package').click();
  await page.locator('#package-result').getByText(/^Roadshow agenda\.pdf cannot be read/).waitFor({ timeout: TIMEOUT * 4 });
  await eventually(async () => assert.equal(await page.getByLabel('Add this file again', { exact: true }).count(), 1));
  assert.equal(await rows.nth(0).getByLabel('Add this file again', { exact: true }).count(), 0, 'the first, whole, is not marked');
  assert.equal(await rows.nth(1).getByLabel('Add this file again', { exact: true }).count(), 1, 'the second is');
});

journey('a file edited on disk after it was added is named when the package is built, and packages with its new checksum once added again', async (page) => {
  await loadExampleWithFiles(page);
  const onDisk = path.join(scratch.dir, 'Venue invoice.pdf');
  await writeFile(onDisk, pdf('Venue invoice 2041'));
  await addFiles(page, [onDisk]);
  await setType(page, 'Venue invoice.pdf', 'Other');
  await page.getByLabel('Claim title', { exact: true }).fill('Edited invoice webinar');
  // A corrected invoice saved over the one added: same name, same size, other bytes.
  const corrected = pdf('Venue invoice 2042');
  await writeFile(onDisk, corrected);
  let downloads = 0;
  page.on('download', () => downloads++);
  await button(page, 'Build package').click();
  await page.locator('#package-result').getByText(/^Venue invoice\.pdf cannot be read: it may have been changed, moved, renamed or deleted since you added it\. Add it again on its row/).waitFor({ timeout: TIMEOUT * 4 });
  assert.equal(downloads, 0, 'nothing is downloaded');
  assert.equal(await page.getByLabel('Claim title', { exact: true }).inputValue(), 'Edited invoice webinar');
  assert.equal(await page.locator('li.document').count(), 8, 'every document stays listed');
  // Added again on its row, the corrected invoice keeps its type and is packaged with
  // its own checksum.
  const row = page.locator('li.document').filter({ has: page.getByRole('heading', { name: 'Venue invoice.pdf', exact: true }) });
  await row.getByLabel('Add this file again', { exact: true }).setInputFiles([onDisk]);
  await eventually(async () => assert.equal(await row.getByLabel('Add this file again', { exact: true }).count(), 0));
  assert.equal(await row.getByLabel('Document type', { exact: true }).inputValue(), 'other');
  const saved = await download(page, () => button(page, 'Build package').click());
  const { out, manifest } = await checkWithRealTools(saved.path);
  const entry = manifest.documents.find((document) => document.original_name === 'Venue invoice.pdf');
  assert.equal(entry.sha256, createHash('sha256').update(corrected).digest('hex'));
  assert.ok((await readFile(path.join(out, entry.path))).equals(corrected));
});

// A recording given again on its row takes seconds to read: its row says it is being read
// (it showed nothing, and a partner picked it again, which read it again).
journey('a file given again on its row is said to be read until its facts come', async (page) => {
  await page.evaluate(() => {
    window.__arrayBuffer = Blob.prototype.arrayBuffer;
  });
  await addUnreadableFile(page, 'Recording.mp4');
  const row = page.locator('li.document').filter({ has: page.getByRole('heading', { name: 'Recording.mp4', exact: true }) });
  await row.locator('.field-error').waitFor();
  await page.evaluate(() => {
    Blob.prototype.arrayBuffer = window.__arrayBuffer;
    const input = document.querySelector('li.document input[id$="-again"]');
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array(400 * 1024 * 1024)], 'Recording.mp4', { type: 'video/mp4' }));
    input.files = transfer.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await row.locator('.facts', { hasText: 'Reading…' }).waitFor();
  await row.locator('.facts', { hasText: 'SHA-256' }).waitFor({ timeout: 60_000 });
  assert.equal(await row.locator('.field-error').count(), 0);
});

// What it measures (how long the page was busy at a stretch) is printed, not asserted:
// the documents benchmark holds the budgets.
journey('five thousand files at once are listed a hundred at a time, counted and read, and the page still answers', async (page) => {
  await loadExampleWithFiles(page);
  // The files made first, in a task of the test's own (making 5,000 Files takes most of
  // a second), then the page's tasks measured from the change on.
  await page.evaluate(() => {
    const transfer = new DataTransfer();
    for (let n = 0; n < 5000; n++) transfer.items.add(new File([`scan ${n}`], `scan ${n}.pdf`, { type: 'application/pdf' }));
    window.__picked = transfer.files;
  });
  const started = Date.now();
  await page.evaluate(() => {
    window.__longest = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__longest = Math.max(window.__longest, entry.duration);
    }).observe({ type: 'longtask' });
    setTimeout(() => {
      const input = document.getElementById('add-documents');
      input.files = window.__picked;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
  });
  // Documents are listed a hundred at a time; all 5,007 are counted and read.
  await eventually(async () => assert.equal(await page.locator('li.document').count(), 100), { timeout: 60_000 });
  await button(page, 'Show 100 more documents (of 5,007)').waitFor();
  await eventually(async () => assert.equal(await page.getByText(/^Reading \d+ file/).count(), 0), { timeout: 120_000 });
  assert.equal(await finding(page, 'DOC-UNCLASSIFIED').count(), 10, 'ten findings of a kind are listed');
  // The rest are counted, and listed a hundred at a time on request.
  await checks(page).getByRole('button', { name: 'Show 100 more DOC-UNCLASSIFIED (of 5,000)', exact: true }).click();
  await eventually(async () => assert.equal(await finding(page, 'DOC-UNCLASSIFIED').count(), 110));
  await checks(page).getByRole('button', { name: 'Show 100 more DOC-UNCLASSIFIED (of 5,000)', exact: true }).waitFor();
  // The page still answers: the title can be edited and the checks follow.
  await page.getByLabel('Claim title', { exact: true }).fill('');
  await eventually(async () => assert.equal(await finding(page, 'FIELD-REQUIRED').count(), 1));
  console.log(`# 5,000 files listed and read in ${((Date.now() - started) / 1000).toFixed(1)} s; the longest task took ${Math.round(await page.evaluate(() => window.__longest))} ms`);
});

journey('a package opens again: the claim comes back verified, and an altered copy is named', async (page) => {
  await loadExampleWithFiles(page);
  await addFiles(page, [{ name: 'Venue invoice.pdf', mimeType: 'application/pdf', buffer: files['Venue invoice.pdf'] }]);
  await setType(page, 'Venue invoice.pdf', 'Other');
  await page.getByLabel('Claim title', { exact: true }).fill('Reopened webinar');
  const saved = await download(page, () => button(page, 'Build package').click());

  // Start fresh (the claim built stays in the list), then open the package.
  await button(page, 'New claim').click();
  await eventually(async () => assert.equal(await page.getByLabel('Claim title', { exact: true }).inputValue(), ''));
  const chooser = page.waitForEvent('filechooser');
  await button(page, 'Open package').click();
  await (await chooser).setFiles(saved.path);
  const report = page.getByRole('region', { name: 'Opened package', exact: true });
  // The report says what the notice says: the claim shown is the one already here.
  await report.getByText(/: this claim was already on this device and is the one shown; all 8 of the package's documents match their checksums\./).waitFor();
  assert.equal(await report.getByText(/the claim is restored|are restored as the manifest states/).count(), 0);
  assert.equal(await page.getByLabel('Claim title', { exact: true }).inputValue(), 'Reopened webinar');
  assert.equal(await page.locator('li.document').count(), 8);
  // The claim it was built from is still here, unchanged: it is the one shown, not a
  // copy beside it (two claims of one usage period would claim its funds twice).
  await page.locator('.notice').getByText('The claim of this package, “Reopened webinar”, is already on this device', { exact: false }).waitFor();
  assert.equal(await page.getByRole('region', { name: 'Your claims', exact: true }).locator('li.claim-row', { hasText: 'Reopened webinar' }).count(), 1);
  assert.equal(await page.getByRole('region', { name: 'Checks', exact: true }).locator('[data-code="FUNDS-PERIOD-EXCEEDED"]').count(), 0);
  // Its documents package again, byte for byte the same documents.
  const again = await download(page, () => button(page, 'Build package').click());
  const { manifest } = await checkWithRealTools(again.path);
  assert.equal(manifest.claim.title, 'Reopened webinar');

  // A copy with one document altered: the mismatch is named.
  const bytes = await readFile(saved.path);
  const at = bytes.indexOf(Buffer.from('Venue invoice 2041'));
  assert.ok(at > 0);
  bytes[at] ^= 0x20;
  const altered = path.join(scratch.dir, 'altered.zip');
  await writeFile(altered, bytes);
  const chooser2 = page.waitForEvent('filechooser');
  await button(page, 'Open package').click();
  await (await chooser2).setFiles(altered);
  await report.locator('[data-check="differs"]', { hasText: 'Venue invoice.pdf differs' }).waitFor();
  assert.equal(await report.locator('[data-check]').count(), 1);
  // A claim not here before (its document marked altered): restored, beside the first.
  await report.getByText("altered.zip: the claim is restored, but 1 document does not match the package's manifest.").waitFor();
  await report.getByText(/The claim's fields \(amounts, dates, names\) are restored as the manifest states them/).waitFor();

  // Not a package at all: a clear message, and the claim stays as it was.
  const notZip = path.join(scratch.dir, 'empty.zip');
  await writeFile(notZip, Buffer.alloc(0));
  const chooser3 = page.waitForEvent('filechooser');
  await button(page, 'Open package').click();
  await (await chooser3).setFiles(notZip);
  // Under a heading that says it was not opened, not "Opened package".
  await page.getByRole('region', { name: 'Package not opened', exact: true }).getByText('empty.zip could not be opened: the file is empty. Choose the file as this page downloaded it, or ask whoever sent it to send it again. Your current claim is unchanged.').waitFor();
  assert.equal(await report.count(), 0);
  assert.equal(await page.getByLabel('Claim title', { exact: true }).inputValue(), 'Reopened webinar');
});

journey('a reload brings back the claim and its documents, byte for byte', async (page) => {
  await loadExampleWithFiles(page);
  await page.getByLabel('Claim title', { exact: true }).fill('Kept across reloads');
  await addFiles(page, [
    { name: 'Venue invoice.pdf', mimeType: 'application/pdf', buffer: files['Venue invoice.pdf'] },
    { name: 'Event photo.png', mimeType: 'image/png', buffer: PNG },
  ]);
  await page.getByText('Saved on this device.').waitFor();
  // Let the debounced save of the last change land.
  await page.waitForTimeout(1000);
  await page.reload();
  await button(page, 'Load example claim').waitFor();
  await eventually(async () => assert.equal(await page.getByLabel('Claim title', { exact: true }).inputValue(), 'Kept across reloads'));
  assert.equal(await page.locator('li.document').count(), 9);
  // The restored claim is as ready as before (the two new documents only lack a type).
  const saved = await download(page, () => button(page, 'Build package').click());
  const { out, manifest } = await checkWithRealTools(saved.path);
  for (const [name, buffer] of [['Venue invoice.pdf', files['Venue invoice.pdf']], ['Event photo.png', PNG]]) {
    const entry = manifest.documents.find((d) => d.original_name === name);
    assert.deepEqual(await readFile(path.join(out, entry.path)), buffer, name);
  }
});

/**
 * A browser without Web Locks, where both tabs edit one claim and the revision check
 * decides: each tab adds its own document before either has saved (saves wait 400 ms),
 * so both versions have a document of the same number, each with another file. Returns
 * the tab told that its save was refused, the other, and the file each added.
 */
async function documentAddedInTwoTabsAtOnce(page, app) {
  await app.context.addInitScript(() => {
    delete Navigator.prototype.locks;
  });
  await page.reload();
  await button(page, 'New claim').click();
  await page.getByLabel('Claim title', { exact: true }).fill('Shared claim');
  await page.getByText('Saved on this device.').waitFor();
  const second = await app.context.newPage();
  second.on('pageerror', (error) => app.errors.push(`page error (second tab): ${error.message}`));
  await second.goto(env.server.url);
  await eventually(async () => assert.equal(await second.getByLabel('Claim title', { exact: true }).inputValue(), 'Shared claim'));
  // The same size, so that only their content tells them apart.
  const added = new Map([
    [page, { name: 'Invoice from the first tab.pdf', mimeType: 'application/pdf', buffer: pdf('First tab 1001') }],
    [second, { name: 'Invoice from the other tab.pdf', mimeType: 'application/pdf', buffer: pdf('Other tab 2002') }],
  ]);
  await Promise.all([...added].map(([tab, file]) => tab.getByLabel('Add documents', { exact: true }).setInputFiles([file])));
  let told = null;
  await eventually(async () => {
    for (const tab of added.keys()) {
      if (/^Not saved: this claim was changed in another tab/.test((await tab.locator('.save-status').textContent()) ?? '')) told = tab;
    }
    assert.ok(told, 'one of the tabs says its save was refused');
  });
  const other = told === page ? second : page;
  await documentRow(told, added.get(told).name).waitFor();
  return { told, other, mine: added.get(told), theirs: added.get(other) };
}

/** Builds the claim on the page; its one document must be `file`, byte for byte. */
async function packagesOnly(page, file) {
  const built = await download(page, async () => {
    await button(page, 'Build package').click();
    await button(page, 'Build anyway').click();
  });
  const { out, manifest } = await checkWithRealTools(built.path);
  assert.deepEqual(manifest.documents.map((d) => d.original_name), [file.name]);
  assert.deepEqual(await readFile(path.join(out, manifest.documents[0].path)), file.buffer, file.name);
}

journey('without Web Locks, two tabs add a document at once: the version kept is saved and packaged with its own file', async (page, app) => {
  const { told, other, mine } = await documentAddedInTwoTabsAtOnce(page, app);
  await button(told, 'Keep this version').click();
  await eventually(async () => assert.equal(await told.locator('.save-status').textContent(), 'Saved on this device.'));
  await packagesOnly(told, mine);
  // The other tab follows the version kept, and so does the device: its own file too.
  await documentRow(other, mine.name).waitFor();
  await other.reload();
  await documentRow(other, mine.name).waitFor();
  await packagesOnly(other, mine);
});

journey("without Web Locks, two tabs add a document at once: the other tab's version taken packages its file, and Undo brings this one back with its own", async (page, app) => {
  const { told, mine, theirs } = await documentAddedInTwoTabsAtOnce(page, app);
  await button(told, "Take the other tab's version").click();
  await documentRow(told, theirs.name).waitFor();
  // This tab's version is set aside, not deleted: the claim is still here.
  await told.getByText("This tab's version of “Shared claim” was set aside for the other tab's. Undo brings it back as a claim of its own.").waitFor();
  assert.equal(await told.locator('.claim-deleted', { hasText: 'was deleted from this device' }).count(), 0);
  await eventually(async () => assert.equal(await told.evaluate(() => document.activeElement?.id), 'claim-title'));
  await packagesOnly(told, theirs);
  // Undo brings this tab's version back as a claim of its own, beside the one taken.
  await button(told, 'Undo').click();
  await button(told, 'Open Shared claim').click();
  await documentRow(told, mine.name).waitFor();
  await packagesOnly(told, mine);
});

// PRODUCT.md §2.2: dates in the partner's locale. A British partner reads the page in
// English and writes the day first, on the page, in its printout and in summary.html.
defineJourney(test, env, 'a British partner sees dates day first, on the page and in the package', async (page) => {
  await loadExampleWithFiles(page);
  const deadline = page.getByRole('region', { name: 'Dates', exact: true }).locator('[data-date="claim-deadline"] time').first();
  const iso = await deadline.getAttribute('datetime');
  const dayFirst = new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  assert.match(dayFirst, /^\d+ \w+ \d{4}$/);
  assert.equal((await deadline.innerText()).replace(/\s+/g, ' '), dayFirst);
  const saved = await download(page, () => button(page, 'Build package').click());
  const { out } = await checkWithRealTools(saved.path);
  const summary = await readFile(path.join(out, 'summary.html'), 'utf8');
  assert.ok(summary.includes(`Claim deadline</th><td><time datetime="${iso}">${dayFirst.replaceAll(' ', '\u00a0')}</time>`), 'summary.html writes it day first');
}, { locale: 'en-GB' });

// The form stays open while a package is built: a correction typed meanwhile is not in
// the package, and its result says so rather than "Saved" alone.
journey('a claim changed while its package is built: the package holds it as it was, and the result says so', async (page) => {
  await loadExampleWithFiles(page);
  // Typed the moment the build shows its progress (from the page itself: the build may
  // be done before a keystroke from the test arrives).
  await page.evaluate(() => {
    const observer = new MutationObserver(() => {
      if (document.getElementById('package-cancel')) {
        observer.disconnect();
        const title = document.getElementById('claim-title');
        title.value = 'Contoso cloud security webinar, renamed';
        title.dispatchEvent(new Event('input', { bubbles: true }));
      }
    });
    observer.observe(document.body, { subtree: true, childList: true });
  });
  const result = page.locator('#package-result');
  const changed = 'The claim was changed while it was built: this package holds it as it was when you pressed Build package. Build it again to include your changes.';
  const built = await download(page, () => button(page, 'Build package').click());
  await result.getByText(changed, { exact: false }).waitFor();
  assert.equal(await page.getByLabel('Claim title', { exact: true }).inputValue(), 'Contoso cloud security webinar, renamed');
  assert.equal((await checkWithRealTools(built.path)).manifest.claim.title, 'Contoso cloud security webinar');
  // Built again, the package has the change, and its result says nothing more.
  const again = await download(page, () => button(page, 'Build package').click());
  assert.equal((await checkWithRealTools(again.path)).manifest.claim.title, 'Contoso cloud security webinar, renamed');
  await eventually(async () => assert.match(await result.textContent(), new RegExp(`^Saved ${again.name.replace(/[.]/g, '\\.')} \\(`)));
  assert.doesNotMatch(await result.textContent(), /changed while it was built/);
});

// The partner opens another claim while a package is built: the progress and how it ended
// are said as the first claim's (the download comes all the same; a failure is not left
// unsaid), and the row that failed is marked on the first claim when it is opened again.
journey('a package built while another claim is opened says whose it is, and how it ended', async (page) => {
  await loadExampleWithFiles(page);
  const onDisk = path.join(scratch.dir, 'switched', 'Venue invoice.pdf');
  await mkdir(path.dirname(onDisk), { recursive: true });
  await writeFile(onDisk, pdf('Venue invoice 2041'));
  await addFiles(page, [onDisk]);
  await setType(page, 'Venue invoice.pdf', 'Other');
  // Read whole (the claim opened again reads it no more), then changed on the disk: the
  // browser can no longer read the file picked.
  await documentRow(page, 'Venue invoice.pdf').locator('.facts', { hasText: '1 page' }).waitFor();
  await writeFile(onDisk, pdf('Venue invoice 2041, corrected'));
  // New claim pressed the moment the build shows its progress, from the page itself, and
  // each text the progress shows kept.
  await page.evaluate(() => {
    window.__progress = [];
    const observer = new MutationObserver(() => {
      const progress = document.querySelector('.package .progress p');
      if (progress && window.__progress.at(-1) !== progress.textContent) window.__progress.push(progress.textContent);
      if (document.getElementById('package-cancel') && !window.__pressed) {
        window.__pressed = true;
        [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'New claim').click();
      }
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await button(page, 'Build package').click();
  const result = page.locator('#package-result');
  await result.getByText(/^The package of “Contoso cloud security webinar”: Venue invoice\.pdf cannot be read/).waitFor({ timeout: TIMEOUT * 4 });
  assert.equal(await page.getByLabel('Claim title', { exact: true }).inputValue(), '', 'the new claim is on the page');
  assert.ok((await page.evaluate(() => window.__progress)).some((text) => text.startsWith('The package of “Contoso cloud security webinar”: Checked ')), 'its progress is said as the first claim\'s');
  // Not beside a third claim; beside its own, as its own, with the row to add again.
  await page.getByLabel('Claim title', { exact: true }).fill('Second claim');
  await button(page, 'New claim').click();
  await eventually(async () => assert.equal(await result.count(), 0, 'not beside a claim opened after it ended'));
  await button(page, 'Open Contoso cloud security webinar').click();
  await result.getByText(/^Venue invoice\.pdf cannot be read/).waitFor();
  await documentRow(page, 'Venue invoice.pdf').getByLabel('Add this file again', { exact: true }).waitFor();
});

journey("Build package's outcome is said beside its own claim, not beside another claim opened since", async (page) => {
  await loadExampleWithFiles(page);
  const built = await download(page, () => button(page, 'Build package').click());
  const result = page.locator('#package-result');
  await result.getByText(`Saved ${built.name}`, { exact: false }).waitFor();
  await button(page, 'New claim').click();
  await page.getByLabel('Claim title', { exact: true }).fill('Another claim');
  await eventually(async () => assert.equal(await result.count(), 0, 'not beside another claim'));
  await button(page, 'Open Contoso cloud security webinar').click();
  await result.getByText(`Saved ${built.name}`, { exact: false }).waitFor();
});
