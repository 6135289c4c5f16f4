// Packages that come back: zipped again by the partner's tools, altered, incomplete, or
// made to fool a reader (issue: reopened packages that look clean). Each package is made
// by the test from one the page built, with the `zip` tool, Python's `zipfile` or by hand.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { eventually, formatViolations, journey as defineJourney, openPage, runAxe, TIMEOUT, useBrowser, useScratch, onePagePdf } from './harness.mjs';

const env = useBrowser({ before, after });
const journey = (name, body) => defineJourney(test, env, name, body);
const scratch = useScratch({ before, after }, 'reopen');

const button = (page, name) => page.getByRole('button', { name, exact: true });
const checks = (page) => page.getByRole('region', { name: 'Checks', exact: true });
const finding = (page, code) => checks(page).locator(`[data-code="${code}"]`);
const report = (page) => page.getByRole('region', { name: 'Opened package', exact: true });
// A package that could not be opened is reported under a heading that says so.
const refused = (page) => page.getByRole('region', { name: 'Package not opened', exact: true });
const documentRow = (page, fileName) => page.locator('li.document').filter({ has: page.getByRole('heading', { name: fileName, exact: true }) });

const VENUE = onePagePdf('Venue invoice 2041 for the webinar');

/** The example claim with one more document, built into a package; returns its path. */
async function builtPackage(page) {
  await button(page, 'Load example claim').click();
  await eventually(async () => assert.equal(await page.locator('li.document .facts', { hasText: 'SHA-256' }).count(), 7));
  await page.getByLabel('Add documents', { exact: true }).setInputFiles([{ name: 'Venue invoice.pdf', mimeType: 'application/pdf', buffer: VENUE }]);
  await eventually(async () => assert.equal(await page.getByText('Reading…').count(), 0));
  await documentRow(page, 'Venue invoice.pdf').getByLabel('Document type', { exact: true }).selectOption({ label: 'Other' });
  await page.getByLabel('Claim title', { exact: true }).fill('Reopened webinar');
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: TIMEOUT * 4 }), button(page, 'Build package').click()]);
  const target = path.join(scratch.dir, `${Date.now()}-${file.suggestedFilename()}`);
  await file.saveAs(target);
  // Start fresh: the claim built stays in the list.
  await button(page, 'New claim').click();
  await eventually(async () => assert.equal(await page.getByLabel('Claim title', { exact: true }).inputValue(), ''));
  return target;
}

async function openPackage(page, zipPath) {
  const chooser = page.waitForEvent('filechooser');
  await button(page, 'Open package').click();
  await (await chooser).setFiles(zipPath);
}

/** Runs a shell script in a fresh folder where the package is unzipped in `out/`; it writes `re.zip`. */
function rezip(packagePath, name, script) {
  const dir = path.join(scratch.dir, name);
  execFileSync('sh', ['-c', `mkdir -p "${dir}" && cd "${dir}" && unzip -q "${packagePath}" -d out && ${script}`]);
  return path.join(dir, 're.zip');
}

const PYTHON_DEFLATE = `
import io, os, zipfile
class Unseekable(io.RawIOBase):
    def __init__(self, f): self.f = f
    def writable(self): return True
    def seekable(self): return False
    def write(self, b): return self.f.write(b)
with open('re.zip', 'wb') as target:
    with zipfile.ZipFile(Unseekable(target), 'w', zipfile.ZIP_DEFLATED) as z:
        for root, dirs, files in sorted(os.walk('out'), reverse=True):
            rel = os.path.relpath(root, 'out')
            if rel != '.':
                z.writestr(zipfile.ZipInfo(rel + '/'), b'')
            for f in files:
                z.write(os.path.join(root, f), os.path.relpath(os.path.join(root, f), 'out'))
`;

journey('a package zipped again by zip -r or Python (deflated, folders, data descriptors) opens with every document verified', async (page) => {
  const built = await builtPackage(page);
  const byZip = rezip(built, 'zip', 'cd out && zip -qr ../re.zip .');
  const byPython = rezip(built, 'python', `python3 -c "${PYTHON_DEFLATE}"`);
  // What opening comes to is where the keyboard goes, not also a live region (read twice).
  const said = page.locator('.status-column > .open-said');
  await said.waitFor({ state: 'attached' });
  for (const zipped of [byZip, byPython]) {
    await openPackage(page, zipped);
    await report(page).getByText("re.zip: this claim was already on this device and is the one shown; all 8 of the package's documents match their checksums.").waitFor();
    // The claim here, unchanged: nothing is said of another of its title.
    assert.equal(await report(page).locator('.open-beside').count(), 0);
    assert.equal(await said.getByRole('region', { name: 'Opened package', exact: true }).count(), 1);
    assert.equal(await said.evaluate((element) => element.closest('[role="status"], [aria-live]') === null), true);
    await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement?.id), 'open-report'));
    await report(page).getByText(/The documents were checked against the SHA-256 the package recorded/).waitFor();
    assert.equal(await page.getByLabel('Claim title', { exact: true }).inputValue(), 'Reopened webinar');
    assert.equal(await page.locator('li.document').count(), 8);
    assert.equal(await page.locator('[data-integrity]').count(), 0);
    await button(page, 'New claim').click();
    await eventually(async () => assert.equal(await page.getByLabel('Claim title', { exact: true }).inputValue(), ''));
  }
});

// A package of gigabytes takes a while to check: what the page is doing is shown, not only
// said, until it ends; names are shown without their direction controls.
journey('a package being opened is shown as being opened until its report comes', async (page) => {
  const built = await builtPackage(page);
  const named = path.join(scratch.dir, 'webinar\u202Epiz.zip');
  await writeFile(named, await readFile(built));
  await page.evaluate(() => {
    window.__shown = [];
    new MutationObserver(() => {
      const card = document.querySelector('.open-report');
      if (card) window.__shown.push([card.querySelector('h2')?.textContent, card.querySelector('#open-verdict')?.textContent, Boolean(card.querySelector('progress'))]);
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  });
  await openPackage(page, named);
  await report(page).getByText(/^webinarpiz\.zip: this claim was already on this device/).waitFor();
  const shown = await page.evaluate(() => window.__shown);
  assert.ok(shown.some(([heading, verdict, progress]) => heading === 'Opening a package' && verdict === 'Opening webinarpiz.zip and checking its documents…' && progress), JSON.stringify(shown));
  assert.equal(await page.getByText('\u202E', { exact: false }).count(), 0);
});

// A package dragged onto Open package was added to the claim on the page as one more
// document (the drop went to the page's documents): it is opened, as one picked.
journey('a package dropped on Open package is opened, not added to the claim on the page', async (page) => {
  const built = await builtPackage(page);
  await button(page, 'New claim').click();
  await page.getByLabel('Claim title', { exact: true }).fill('Claim on the page');
  const bytes = [...(await readFile(built))];
  await page.evaluate((bytes) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array(bytes)], 'dropped.zip', { type: 'application/zip' }));
    const target = document.getElementById('open-package');
    target.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: transfer }));
    target.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: transfer }));
  }, bytes);
  await report(page).getByText(/^dropped\.zip: this claim was already on this device and is the one shown/).waitFor();
  assert.equal(await page.getByLabel('Claim title', { exact: true }).inputValue(), 'Reopened webinar');
  await page.getByRole('region', { name: 'Your claims', exact: true }).getByRole('button', { name: 'Open Claim on the page', exact: true }).click();
  await eventually(async () => assert.equal(await page.getByLabel('Claim title', { exact: true }).inputValue(), 'Claim on the page'));
  assert.equal(await page.locator('li.document').count(), 0, 'nothing added to the claim on the page');
});

journey('a package zipped again without its summary.html and calendar opens, and says they are missing', async (page) => {
  const built = await builtPackage(page);
  const without = rezip(built, 'without-summary', 'cd out && rm summary.html deadlines.ics && zip -qr ../re.zip .');
  await openPackage(page, without);
  await report(page).getByText("re.zip: this claim was already on this device and is the one shown; all 8 of the package's documents match their checksums.").waitFor();
  await report(page).getByText('re.zip does not hold summary.html, deadlines.ics: they are made from the manifest, so the claim opened without them. The ZIP as it is fails a check with sha256sum -c: build the package again before you send it.', { exact: true }).waitFor();
  assert.equal(await page.locator('li.document').count(), 8);
});

journey('a package of a claim changed here since it was built opens beside it, and says a claim of its title was here already', async (page) => {
  const built = await builtPackage(page);
  await button(page, 'Open Reopened webinar').click();
  await page.getByLabel('Partner ID', { exact: true }).fill('7654321');
  await page.getByText('Saved on this device.').waitFor();
  await openPackage(page, built);
  await report(page).getByText(/the claim is restored and all 8 documents match their checksums/).waitFor();
  await report(page).getByText('A claim titled “Reopened webinar” was here already, with other content (changed since the package was built, or another claim of that title): both are kept, the one from the package added beside it. Delete the one you no longer need.', { exact: true }).waitFor();
});

journey('a package opened takes the keyboard to what it came to, in view on a phone too, verified or not', async (page, app) => {
  const built = await builtPackage(page);
  const fresh = await openPage(app.context.browser(), env.server.url);
  try {
    await fresh.page.setViewportSize({ width: 375, height: 812 });
    // Said as it starts (a large package takes a while), the button keeping the keyboard.
    await fresh.page.evaluate(() => {
      window.__said = [];
      const region = document.getElementById('said');
      new MutationObserver(() => region.textContent.trim() && window.__said.push(region.textContent.trim())).observe(region, { childList: true, subtree: true, characterData: true });
    });
    await button(fresh.page, 'Open package').focus();
    await openPackage(fresh.page, built);
    await eventually(async () => assert.ok((await fresh.page.evaluate(() => window.__said)).some((text) => text.startsWith('Opening '))));
    assert.ok(['open-package', 'open-report'].includes(await fresh.page.evaluate(() => document.activeElement?.id)), 'the keyboard stays on the button, then goes to the report');
    await report(fresh.page).getByText(/the claim is restored and all 8 documents match their checksums/).waitFor();
    assert.ok((await fresh.page.evaluate(() => window.__said)).some((text) => text.includes(`Opening ${path.basename(built)} and checking its documents…`)), 'said as it starts');
    await eventually(async () => assert.equal(await fresh.page.evaluate(() => document.activeElement?.id), 'open-report'));
    const box = await fresh.page.locator('#open-report').boundingBox();
    assert.ok(box && box.y < 812 && box.y + Math.min(box.height, 100) > 0, `the report is in view (${JSON.stringify(box)})`);
    assert.equal(await fresh.page.getByLabel('Claim title', { exact: true }).inputValue(), 'Reopened webinar');
  } finally {
    await fresh.close();
  }
  const bytes = await readFile(built);
  bytes[bytes.indexOf(Buffer.from('Venue invoice 2041'))] ^= 0x20;
  const altered = path.join(scratch.dir, 'altered-focus.zip');
  await writeFile(altered, bytes);
  await openPackage(page, altered);
  await report(page).locator('[data-check="differs"]').waitFor();
  await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement?.id), 'open-report'));
});

// A partner who types in the claim while a package opens: the package's claim takes the
// place of the one typed in, so the field is gone, and the keyboard goes to the report
// (not to the top of the page, with nothing said). The worker is held from loading until
// the keyboard is in Claim title, so the opening cannot end first.
journey('a package that opens while the partner types in the claim takes the keyboard to what it came to', async (page, app) => {
  const built = await builtPackage(page);
  // In the claim's form, and in the Submission card (whose fields stayed, and took the
  // keys meant for the claim typed in into the claim opened).
  for (const label of ['Claim title', 'Partner Center claim ID']) {
    const fresh = await openPage(app.context.browser(), env.server.url, { serviceWorkers: 'block' });
    try {
      let release;
      const held = new Promise((resolve) => (release = resolve));
      await fresh.page.context().route(/package-worker-/, async (route) => {
        await held;
        await route.continue();
      });
      await openPackage(fresh.page, built);
      await fresh.page.getByLabel(label, { exact: true }).focus();
      await fresh.page.keyboard.type('Typed meanwhile');
      release();
      await report(fresh.page).getByText(/the claim is restored and all 8 documents match their checksums/).waitFor();
      await eventually(async () => assert.equal(await fresh.page.evaluate(() => document.activeElement?.id), 'open-report', label));
      await fresh.page.keyboard.type('x');
      assert.equal(await fresh.page.getByLabel(label, { exact: true }).inputValue(), label === 'Claim title' ? 'Reopened webinar' : '', label);
    } finally {
      await fresh.close();
    }
  }
});

/** A 24-bit BMP of `side` × `side` white pixels: what a scanner saves, compressing a thousandfold. */
function whiteBmp(side) {
  const row = Math.ceil((side * 3) / 4) * 4;
  const bytes = Buffer.alloc(54 + row * side, 0xff);
  bytes.write('BM', 0, 'latin1');
  bytes.writeUInt32LE(bytes.length, 2);
  bytes.writeUInt32LE(0, 6);
  bytes.writeUInt32LE(54, 10);
  bytes.writeUInt32LE(40, 14);
  bytes.writeInt32LE(side, 18);
  bytes.writeInt32LE(side, 22);
  bytes.writeUInt16LE(1, 26);
  bytes.writeUInt16LE(24, 28);
  bytes.writeUInt32LE(0, 30);
  bytes.writeUInt32LE(row * side, 34);
  bytes.fill(0, 38, 54);
  return bytes;
}

journey('a package with a mostly white scan, zipped again (it compresses a thousandfold), opens verified', async (page) => {
  await button(page, 'Load example claim').click();
  await eventually(async () => assert.equal(await page.locator('li.document .facts', { hasText: 'SHA-256' }).count(), 7));
  await page.getByLabel('Add documents', { exact: true }).setInputFiles([{ name: 'Signed attendance.bmp', mimeType: 'image/bmp', buffer: whiteBmp(1200) }]);
  await eventually(async () => assert.equal(await page.getByText('Reading…').count(), 0));
  await documentRow(page, 'Signed attendance.bmp').getByLabel('Document type', { exact: true }).selectOption({ label: 'Other' });
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: TIMEOUT * 4 }), button(page, 'Build package').click()]);
  const built = path.join(scratch.dir, `${Date.now()}-${file.suggestedFilename()}`);
  await file.saveAs(built);
  const zipped = rezip(built, 'white-scan', 'cd out && zip -qr ../re.zip .');
  const ratio = execFileSync('python3', ['-c', 'import sys, zipfile; i = [e for e in zipfile.ZipFile(sys.argv[1]).infolist() if e.filename.endswith(".bmp")][0]; print(i.file_size // i.compress_size)', zipped]).toString().trim();
  assert.ok(Number(ratio) > 300, `compressed ${ratio}-fold`);
  await button(page, 'New claim').click();
  await openPackage(page, zipped);
  await report(page).getByText("re.zip: this claim was already on this device and is the one shown; all 8 of the package's documents match their checksums.").waitFor();
  assert.equal(await page.locator('[data-integrity]').count(), 0);
});

// Two notices at once (the claim of the package is here, and submitted since, so
// locked): both are said, not the second alone; the first by the report, which takes the
// keyboard, and not also by the page's notice (it was said twice).
journey('a package whose claim is here and submitted since: both notices are said, the claim already here and its lock', async (page) => {
  const built = await builtPackage(page);
  await button(page, 'Open Reopened webinar').click();
  await eventually(async () => assert.equal(await page.getByLabel('Claim title', { exact: true }).inputValue(), 'Reopened webinar'));
  await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Submitted' });
  await page.locator('#submitted-notice').waitFor();
  await button(page, 'New claim').click();
  await eventually(async () => assert.equal(await page.getByLabel('Claim title', { exact: true }).inputValue(), ''));
  await new Promise((resolve) => setTimeout(resolve, 600));
  await page.evaluate(() => {
    window.__said = [];
    const region = document.getElementById('said');
    new MutationObserver(() => region.textContent.trim() && window.__said.push(region.textContent.trim())).observe(region, { childList: true, subtree: true, characterData: true });
  });
  await openPackage(page, built);
  await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement?.id), 'open-report'));
  await report(page).getByText(/this claim was already on this device and is the one shown/).waitFor();
  assert.match(await page.locator('#open-report').getAttribute('aria-describedby'), /open-verdict/);
  await eventually(async () => assert.ok((await page.evaluate(() => window.__said)).some((said) => /the claim is locked/.test(said))));
  const said = await page.evaluate(() => window.__said);
  assert.ok(said.every((text) => !/is already on this device/.test(text)), JSON.stringify(said));
});

journey('an altered document is a blocker on its row, kept across a reload, until its original is added again or it is accepted', async (page) => {
  const built = await builtPackage(page);
  const bytes = await readFile(built);
  const at = bytes.indexOf(Buffer.from('Venue invoice 2041'));
  assert.ok(at > 0);
  bytes[at] ^= 0x20;
  const altered = path.join(scratch.dir, 'altered.zip');
  await writeFile(altered, bytes);
  await openPackage(page, altered);
  await report(page).locator('[data-check="differs"]', { hasText: 'Venue invoice.pdf differs' }).waitFor();
  const row = documentRow(page, 'Venue invoice.pdf');
  await row.locator('[data-integrity="altered"]').waitFor();
  await finding(page, 'PACKAGE-DOC-ALTERED').waitFor();
  // The row with its blocker and the open report pass the audit.
  const violations = await runAxe(page);
  assert.equal(violations.length, 0, formatViolations(violations));

  // After a reload the mark is still there: it is kept with the claim.
  await page.getByText('Saved on this device.').waitFor();
  await page.waitForTimeout(600);
  await page.reload();
  await eventually(async () => assert.equal(await page.getByLabel('Claim title', { exact: true }).inputValue(), 'Reopened webinar'));
  await row.locator('[data-integrity="altered"]').waitFor();
  await finding(page, 'PACKAGE-DOC-ALTERED').waitFor();
  assert.equal(await page.getByText(/ready to submit/i).filter({ hasNotText: /not ready/i }).count(), 0);

  // Build refuses to give the altered file a fresh checksum.
  let downloads = 0;
  page.on('download', () => downloads++);
  await button(page, 'Build package').click();
  await button(page, 'Build anyway').click();
  const refused = "Venue invoice.pdf did not pass its package's or backup's check (its file is not the one recorded, or is not there): add the original file on its row, or accept the file as it is where its row offers it. Nothing was saved.";
  await page.getByText(refused).waitFor();
  assert.equal(downloads, 0);
  await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement?.id), 'package-result'));

  // A file dragged onto the row's field is the field's (the browser gives it to the
  // field): the card did not take it as a new document.
  const rows = await page.locator('li.document').count();
  const leftToTheField = await row.getByLabel('Add the original file', { exact: true }).evaluate((input) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File(['%PDF-1.4 dragged'], 'Venue invoice.pdf', { type: 'application/pdf' }));
    input.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: transfer }));
    return input.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: transfer }));
  });
  assert.equal(leftToTheField, true, 'the drop is not taken from the field');
  await page.waitForTimeout(300);
  assert.equal(await page.locator('li.document').count(), rows, 'no new document');
  // Another file is not the original: refused, said on the row and heard. The blocker
  // stays, and so does the package's file (the row's SHA-256 is its). The original lifts it.
  const packagedFacts = await row.locator('.facts').textContent();
  await page.evaluate(() => {
    window.__said = [];
    const region = document.getElementById('said');
    new MutationObserver(() => region.textContent.trim() && window.__said.push(region.textContent.trim())).observe(region, { childList: true, subtree: true, characterData: true });
  });
  await row.getByLabel('Add the original file', { exact: true }).setInputFiles([{ name: 'Venue invoice v2.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF something else') }]);
  const refusal = 'Venue invoice v2.pdf is not the original file of Venue invoice.pdf: its SHA-256 differs from the one recorded for it, so it was not added. Pick its original file.';
  await row.getByText(refusal, { exact: true }).waitFor();
  await eventually(async () => assert.deepEqual((await page.evaluate(() => window.__said)).filter((said) => said === refusal).length, 1));
  await row.locator('[data-integrity="altered"]').waitFor();
  assert.equal(await row.locator('.facts').textContent(), packagedFacts);
  // The field is in the group its file names, and described by the blocker and the
  // refusal; once the original is read, the keyboard, which was on the field gone with
  // the mark, goes to the row's file.
  const original = row.getByLabel('Add the original file', { exact: true });
  assert.equal(await original.evaluate((input) => input.closest('[role="group"]')?.getAttribute('aria-labelledby') === input.closest('li').getAttribute('aria-labelledby')), true);
  const description = await original.evaluate((input) => input.getAttribute('aria-describedby').split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' '));
  assert.match(description, /Venue invoice\.pdf is not the file its package recorded/);
  assert.ok(description.includes(refusal), description);
  await original.focus();
  await original.setInputFiles([{ name: 'Venue invoice.pdf', mimeType: 'application/pdf', buffer: VENUE }]);
  await eventually(async () => assert.equal(await page.locator('[data-integrity]').count(), 0));
  assert.equal(await finding(page, 'PACKAGE-DOC-ALTERED').count(), 0);
  await eventually(async () => assert.match(await page.evaluate(() => document.activeElement?.id ?? ''), /^document-\d+-file$/));
  // The device holds the original now, not the altered file it held for that document:
  // after a reload, the package has the original's bytes.
  await page.getByText('Saved on this device.').waitFor();
  await page.waitForTimeout(600);
  await page.reload();
  await eventually(async () => assert.equal(await page.getByLabel('Claim title', { exact: true }).inputValue(), 'Reopened webinar'));
  await eventually(async () => assert.equal(await page.locator('li.document .facts', { hasText: 'SHA-256' }).count(), 8));
  const rebuilt = page.waitForEvent('download', { timeout: TIMEOUT * 4 });
  await button(page, 'Build package').click();
  await button(page, 'Build anyway').click({ timeout: 2000 }).catch(() => {});
  const again = path.join(scratch.dir, `again-${Date.now()}.zip`);
  await (await rebuilt).saveAs(again);
  const venue = execFileSync('python3', ['-c', "import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nsys.stdout.buffer.write(z.read(next(n for n in z.namelist() if n.endswith('Venue invoice.pdf'))))", again]);
  assert.ok(venue.equals(VENUE), 'the original, as added again');

  // Opened again, the altered file can be accepted as it is, explicitly: the package's
  // file, even after another was picked by mistake.
  await openPackage(page, altered);
  await row.locator('[data-integrity="altered"]').waitFor();
  await row.getByLabel('Add the original file', { exact: true }).setInputFiles([{ name: 'Venue invoice v2.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF something else') }]);
  await row.getByText(refusal, { exact: true }).waitFor();
  // Accepted by keyboard: the button goes with the mark, the keyboard to the row's file.
  await row.getByRole('button', { name: 'Accept this file as it is: Venue invoice.pdf' }).focus();
  await page.keyboard.press('Enter');
  await eventually(async () => assert.equal(await page.locator('[data-integrity]').count(), 0));
  assert.equal(await finding(page, 'PACKAGE-DOC-ALTERED').count(), 0);
  await eventually(async () => assert.match(await page.evaluate(() => document.activeElement?.id ?? ''), /^document-\d+-file$/));
  assert.equal(await row.evaluate((li) => li.contains(document.activeElement)), true);
  await eventually(async () => assert.equal(await row.locator('.facts').textContent(), packagedFacts, 'the package\'s file, accepted'));
  assert.equal(await row.getByText(refusal).count(), 0);
  // The page still holds the package's file, never read here but as the package was
  // opened (the file picked by mistake had pushed it out): a package built now has its
  // bytes, the altered ones accepted.
  const accepted = page.waitForEvent('download', { timeout: TIMEOUT * 4 });
  await button(page, 'Build package').click();
  await button(page, 'Build anyway').click({ timeout: 2000 }).catch(() => {});
  const withAccepted = path.join(scratch.dir, `accepted-${Date.now()}.zip`);
  await (await accepted).saveAs(withAccepted);
  const venueOf = (zip) => execFileSync('python3', ['-c', "import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nsys.stdout.buffer.write(z.read(next(n for n in z.namelist() if n.endswith('Venue invoice.pdf'))))", zip]);
  const alteredVenue = Buffer.from(VENUE);
  alteredVenue[VENUE.indexOf(Buffer.from('Venue invoice 2041'))] ^= 0x20;
  assert.ok(venueOf(withAccepted).equals(alteredVenue), 'the altered file, as accepted');
});

journey('a document missing from the package is a blocker from the moment it is opened', async (page) => {
  const built = await builtPackage(page);
  const incomplete = rezip(built, 'missing', `python3 -c "
import zipfile
with zipfile.ZipFile('${built}') as source, zipfile.ZipFile('re.zip', 'w') as target:
    for info in source.infolist():
        if not info.filename.endswith('Venue invoice.pdf'):
            target.writestr(info, source.read(info))
"`);
  await openPackage(page, incomplete);
  await report(page).locator('[data-check="missing"]', { hasText: 'Venue invoice.pdf is listed in the manifest but missing from the package.' }).waitFor();
  await documentRow(page, 'Venue invoice.pdf').locator('[data-integrity="missing"]').waitFor();
  await finding(page, 'PACKAGE-DOC-MISSING').waitFor();
  assert.equal(await documentRow(page, 'Venue invoice.pdf').getByRole('button', { name: /Accept this file/ }).count(), 0, 'nothing to accept');
  // No file here to read: the row does not say it is being checked, for ever.
  await eventually(async () => assert.equal(await page.locator('li.document', { hasText: 'Checking what it is…' }).count(), 0));
  assert.equal(await documentRow(page, 'Venue invoice.pdf').getByText('Checking what it is…').count(), 0);
  await page.reload();
  await eventually(async () => assert.equal(await page.getByLabel('Claim title', { exact: true }).inputValue(), 'Reopened webinar'));
  await finding(page, 'PACKAGE-DOC-MISSING').waitFor();
});

// Zipped again (deflated) and then damaged in transit: one document's compressed data
// no longer inflates. That document is marked, as a missing one is; the claim and the
// other seven open verified.
const PYTHON_DAMAGE = `
import sys, zlib, zipfile
z = zipfile.ZipFile('re.zip')
info = [i for i in z.infolist() if i.filename.endswith('Venue invoice.pdf')][0]
assert info.compress_type == zipfile.ZIP_DEFLATED
data = bytearray(open('re.zip', 'rb').read())
local = info.header_offset
start = local + 30 + int.from_bytes(data[local + 26:local + 28], 'little') + int.from_bytes(data[local + 28:local + 30], 'little')
def inflates(raw):
    try:
        inflater = zlib.decompressobj(-15)
        out = inflater.decompress(raw)
        return inflater.eof and len(out) == info.file_size
    except zlib.error:
        return False
for at in range(start + info.compress_size // 2, start + info.compress_size):
    data[at] ^= 0xFF
    if not inflates(bytes(data[start:start + info.compress_size])):
        break
    data[at] ^= 0xFF
else:
    sys.exit('no byte of the entry damages it')
open('re.zip', 'wb').write(data)
`;

journey('a document damaged in a package zipped again is marked alone: the claim and the other documents open', async (page) => {
  const built = await builtPackage(page);
  const damaged = rezip(built, 'damaged', `python3 -c "${PYTHON_DEFLATE}" && python3 -c "${PYTHON_DAMAGE}"`);
  await openPackage(page, damaged);
  // The claim here has the document whole: the one opened is added beside it.
  await report(page).getByText("re.zip: the claim is restored, but 1 document does not match the package's manifest.", { exact: true }).waitFor();
  await report(page).locator('[data-check="damaged"]', { hasText: 'Venue invoice.pdf is in the package but damaged: its compressed data cannot be read back. Add its original file on its row.' }).waitFor();
  assert.equal(await report(page).locator('[data-check]').count(), 1, 'the other seven verified');
  const row = documentRow(page, 'Venue invoice.pdf');
  await row.locator('[data-integrity="missing"]').waitFor();
  await finding(page, 'PACKAGE-DOC-MISSING').waitFor();
  assert.equal(await page.locator('[data-integrity]').count(), 1);
  // Another file is refused: the row still has none, and still asks for the original.
  await row.getByLabel('Add the original file', { exact: true }).setInputFiles([{ name: 'Venue invoice v2.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF something else') }]);
  await row.getByText('Venue invoice v2.pdf is not the original file of Venue invoice.pdf', { exact: false }).waitFor();
  await row.locator('[data-integrity="missing"]').waitFor();
  // The original added again on its row clears it.
  await row.getByLabel('Add the original file', { exact: true }).setInputFiles([{ name: 'Venue invoice.pdf', mimeType: 'application/pdf', buffer: VENUE }]);
  await eventually(async () => assert.equal(await page.locator('[data-integrity]').count(), 0));
  assert.equal(await finding(page, 'PACKAGE-DOC-MISSING').count(), 0);
});

/** The package with 300 more directory entries, each pointing at one document's bytes. */
function withOverlappingEntries(bytes) {
  const end = bytes.length - 22;
  assert.equal(bytes.readUInt32LE(end), 0x06054b50);
  const count = bytes.readUInt16LE(end + 10);
  const size = bytes.readUInt32LE(end + 12);
  const offset = bytes.readUInt32LE(end + 16);
  const directory = bytes.subarray(offset, offset + size);
  let at = 0;
  let record = null;
  for (let n = 0; n < count; n++) {
    const length = 46 + directory.readUInt16LE(at + 28) + directory.readUInt16LE(at + 30) + directory.readUInt16LE(at + 32);
    const name = directory.toString('utf8', at + 46, at + 46 + directory.readUInt16LE(at + 28));
    if (name.startsWith('documents/') && !record) record = directory.subarray(at, at + 46);
    at += length;
  }
  const copies = [];
  for (let n = 0; n < 300; n++) {
    const name = Buffer.from(`documents/other/copy ${n}.pdf`);
    const head = Buffer.from(record);
    head.writeUInt16LE(name.length, 28);
    head.writeUInt16LE(0, 30);
    head.writeUInt16LE(0, 32);
    copies.push(head, name);
  }
  const extra = Buffer.concat(copies);
  const tail = Buffer.from(bytes.subarray(end));
  tail.writeUInt16LE(count + 300, 8);
  tail.writeUInt16LE(count + 300, 10);
  tail.writeUInt32LE(size + extra.length, 12);
  return Buffer.concat([bytes.subarray(0, offset + size), extra, tail]);
}

journey('files a partner put into the unzipped package before zipping it again are named, not taken, and the rest opens verified', async (page) => {
  const built = await builtPackage(page);
  const zipped = rezip(
    built,
    'added',
    `printf 'Budget' > "out/Budget 2027.xlsx" && mkdir out/notes && printf 'call' > out/notes/todo.txt && touch out/.DS_Store && cd out && zip -qr ../re.zip .`,
  );
  await openPackage(page, zipped);
  await report(page).getByText("re.zip: this claim was already on this device and is the one shown; all 8 of the package's documents match their checksums.").waitFor();
  await report(page)
    .getByText('re.zip also holds 2 files its manifest does not list; they were not taken into the claim. If they belong to the claim, add them with Add documents:', { exact: true })
    .waitFor();
  assert.deepEqual(await report(page).locator('.open-unlisted-files li').allTextContents(), ['Budget 2027.xlsx', 'notes/todo.txt']);
  assert.equal(await page.locator('li.document').count(), 8);
  const violations = await runAxe(page);
  assert.deepEqual(violations, [], formatViolations(violations));
});

journey('a document renamed and moved in the unzipped package, zipped again, is found by its content, and the report says the ZIP as it is would fail its checksums', async (page) => {
  const built = await builtPackage(page);
  const zipped = rezip(built, 'moved', `mkdir out/moved && mv out/documents/*/*enue* "out/moved/Venue (final).pdf" && cd out && zip -qr ../re.zip .`);
  // sha256sum -c, as a reviewer would run it on the unzipped folder, fails for it.
  const check = path.join(scratch.dir, 'renamed-check');
  execFileSync('sh', ['-c', `mkdir -p "${check}" && cd "${check}" && unzip -q "${zipped}"`]);
  assert.throws(() => execFileSync('sha256sum', ['-c', '--quiet', 'checksums.sha256'], { cwd: check, stdio: 'pipe' }));
  await openPackage(page, zipped);
  await report(page).getByText("re.zip: this claim was already on this device and is the one shown; all 8 of the package's documents match their checksums.").waitFor();
  await report(page).getByText(/^In re\.zip, a document is under another name or folder than its manifest and checksums\.sha256 give\. .* fails a check with sha256sum -c, .* build the package again before you send it\. The document found under another name:$/).waitFor();
  assert.deepEqual(await report(page).locator('.open-renamed-files li').allTextContents(), ['Venue invoice.pdf, found as moved/Venue (final).pdf']);
  assert.equal(await report(page).locator('.open-unlisted').count(), 0, 'not also said to be a file the manifest does not list');
  assert.equal(await page.locator('li.document').count(), 8);
});

journey('a package whose entries share their bytes is refused, and says why', async (page) => {
  const built = await builtPackage(page);
  const overlapping = path.join(scratch.dir, 'overlapping.zip');
  await writeFile(overlapping, withOverlappingEntries(await readFile(built)));
  await openPackage(page, overlapping);
  await refused(page).getByText(/^overlapping\.zip could not be opened: its entry .+ shares its bytes with another entry; .* Your current claim is unchanged\.$/).waitFor();
  assert.equal(await page.getByLabel('Claim title', { exact: true }).inputValue(), '');
  assert.equal(await page.locator('li.document').count(), 0);
});

journey('a package whose manifest was edited (a higher amount) is refused by name, and the claim on the page is unchanged', async (page) => {
  const built = await builtPackage(page);
  const zipped = rezip(
    built,
    'edited-manifest',
    `python3 - <<'PY'
import json, zipfile
with zipfile.ZipFile('${built}') as source, zipfile.ZipFile('re.zip', 'w') as out:
    for info in source.infolist():
        data = source.read(info)
        if info.filename == 'manifest.json':
            manifest = json.loads(data)
            manifest['claim']['claimed_amount'] = '99,000.00'
            data = json.dumps(manifest, indent=2).encode()
        out.writestr(info.filename, data)
PY`,
  );
  const title = await page.getByLabel('Claim title', { exact: true }).inputValue();
  await openPackage(page, zipped);
  await refused(page).getByText(/could not be opened: its manifest\.json is not the file the package was built with \(its SHA-256 is not the one checksums\.sha256 records\): it was edited since\. Open the package as it was built \(the ZIP this page downloaded\), or ask whoever sent it for that one\. Your current claim is unchanged\.$/).waitFor();
  assert.equal(await page.getByLabel('Claim title', { exact: true }).inputValue(), title);
});

// A package zipped again (deflated), with the venue invoice's entry made a bomb: 256 MiB
// of zeros deflated (about 250 KB) under the headers of the 600-byte file it replaces
// (its size and CRC-32), as a hostile tool could write it.
const PYTHON_BOMB = `
import struct, zipfile, zlib
with zipfile.ZipFile('in.zip') as source, zipfile.ZipFile('re.zip', 'w', zipfile.ZIP_DEFLATED) as out:
    for info in source.infolist():
        data = source.read(info)
        if info.filename.endswith('Venue invoice.pdf'):
            victim, size, crc = info.filename, len(data), zlib.crc32(data)
            data = bytes(256 * 1024 * 1024)
        out.writestr(info.filename, data)
raw = bytearray(open('re.zip', 'rb').read())
with zipfile.ZipFile('re.zip') as z:
    entry = z.getinfo(victim)
    at = entry.header_offset
    struct.pack_into('<II', raw, at + 14, crc, entry.compress_size)
    struct.pack_into('<I', raw, at + 22, size)
    name = victim.encode()
    pos = z.start_dir
    while True:
        name_length = struct.unpack_from('<H', raw, pos + 28)[0]
        if raw[pos + 46:pos + 46 + name_length] == name:
            struct.pack_into('<I', raw, pos + 16, crc)
            struct.pack_into('<I', raw, pos + 24, size)
            break
        extra, comment = struct.unpack_from('<HH', raw, pos + 30)
        pos += 46 + name_length + extra + comment
open('re.zip', 'wb').write(bytes(raw))
`;

journey('a package whose checksums.sha256 was edited for one document is refused by name: sha256sum -c would fail on it', async (page) => {
  const built = await builtPackage(page);
  const zipped = rezip(built, 'checksums-edited', `sed -i 's#^[0-9a-f]\\{64\\}  \\(documents/other/Venue invoice.pdf\\)$#${'f'.repeat(64)}  \\1#' out/checksums.sha256 && ! (cd out && sha256sum --quiet -c checksums.sha256 2>/dev/null) && cd out && zip -qr ../re.zip .`);
  await page.getByLabel('Claim title', { exact: true }).fill('Being typed');
  await openPackage(page, zipped);
  await refused(page).getByText('re.zip could not be opened: its checksums.sha256 does not record documents/other/Venue invoice.pdf with the SHA-256 its manifest gives: it was edited since, and sha256sum -c would fail on it. Open the package as it was built (the ZIP this page downloaded), or ask whoever sent it for that one. Your current claim is unchanged.', { exact: true }).waitFor();
  assert.equal(await page.getByLabel('Claim title', { exact: true }).inputValue(), 'Being typed');
});

journey('a package whose document inflates far past its declared size is stopped there, that document alone marked; one cut short is refused, and the claim on the page is unchanged', async (page) => {
  const built = await builtPackage(page);
  const bomb = rezip(built, 'bomb', `cp "${built}" in.zip && python3 -c "${PYTHON_BOMB}"`);
  await openPackage(page, bomb);
  await report(page).locator('[data-check="damaged"]', { hasText: 'Venue invoice.pdf is in the package but damaged: its compressed data cannot be read back. Add its original file on its row.' }).waitFor();
  assert.equal(await report(page).locator('[data-check]').count(), 1, 'the other seven verified');
  await documentRow(page, 'Venue invoice.pdf').locator('[data-integrity="missing"]').waitFor();
  await button(page, 'New claim').click();
  await page.getByLabel('Claim title', { exact: true }).fill('Being typed');
  const cut = path.join(scratch.dir, 'cut.zip');
  const whole = await readFile(built);
  await writeFile(cut, whole.subarray(0, Math.floor(whole.length * 0.6)));
  await openPackage(page, cut);
  await refused(page).getByText(/^cut\.zip could not be opened: it is not a ZIP file, or it is cut short\. .* Your current claim is unchanged\.$/).waitFor();
  assert.equal(await page.getByLabel('Claim title', { exact: true }).inputValue(), 'Being typed');
  assert.equal(await page.locator('li.document').count(), 0);
});

journey('a package listing 20,000 documents it does not hold opens, each one a blocker, and the page stays usable', async (page) => {
  const built = await builtPackage(page);
  // The manifest lists 20,000 more documents, none of them in the ZIP.
  const zipped = rezip(
    built,
    'many-missing',
    `python3 - <<'PY'
import hashlib, json, zipfile
manifest = json.load(open('out/manifest.json'))
model = manifest['documents'][0]
extra = []
for n in range(20000):
    document = dict(model)
    document['id'] = 100000 + n
    document['original_name'] = 'Missing %05d.pdf' % n
    document['path'] = 'documents/other/Missing %05d.pdf' % n
    extra.append(document)
manifest['documents'].extend(extra)
claim = manifest['claim']
for document in extra:
    claim['documents'].append({'id': document['id'], 'file_name': document['original_name'], 'doc_type': 'other', 'file': {'size': document['size'], 'media_type': document['media_type'], 'sha256': document['sha256'], 'crc32': 0}})
claim['next_id'] = 200000
edited = json.dumps(manifest, indent=2).encode()
# Edited with its checksum and the documents' lines (a manifest edited alone is refused,
# and so is one listing documents checksums.sha256 does not).
def checksums(text):
    lines = ''.join(hashlib.sha256(edited).hexdigest() + '  manifest.json\\n' if line.endswith('  manifest.json') else line + '\\n' for line in text.splitlines())
    return lines + ''.join(document['sha256'] + '  ' + document['path'] + '\\n' for document in extra)
with zipfile.ZipFile('re.zip', 'w') as out:
    with zipfile.ZipFile('${built}') as source:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == 'manifest.json':
                data = edited
            elif info.filename == 'checksums.sha256':
                data = checksums(data.decode()).encode()
            out.writestr(info.filename, data)
PY`,
  );
  await openPackage(page, zipped);
  await report(page).locator('[data-check="missing"]').first().waitFor({ timeout: TIMEOUT * 4 });
  // The report names ten of them and counts the rest, rather than list 20,000.
  assert.equal(await report(page).locator('[data-check="missing"]').count(), 10);
  await report(page).locator('.open-problems li').getByText(/^and [\d,]+ more$/).waitFor();
  await eventually(async () => assert.equal(await page.getByLabel('Claim title', { exact: true }).inputValue(), 'Reopened webinar'), { timeout: TIMEOUT * 4 });
  // A hundred rows at a time, each missing document a blocker on its row.
  assert.equal(await page.locator('li.document').count(), 100);
  await finding(page, 'PACKAGE-DOC-MISSING').first().waitFor();
  // The page answers.
  await page.getByLabel('Partner ID', { exact: true }).fill('1234567');
  assert.equal(await page.getByLabel('Partner ID', { exact: true }).inputValue(), '1234567');
});

// macOS writes names with decomposed accents and sound marks (NFD); Windows' own Compress
// and 7-Zip write names out of the code page in an old one, without the UTF-8 flag. A
// document whose name the ZIP spells otherwise is found by its content.
const PYTHON_RENAME = `
import sys, unicodedata, zipfile
with zipfile.ZipFile(sys.argv[1]) as source, zipfile.ZipFile('re.zip', 'w', zipfile.ZIP_DEFLATED) as target:
    for info in source.infolist():
        data = source.read(info.filename)
        name = unicodedata.normalize('NFD', info.filename)
        if 'Счёт' in name:
            name = info.filename.encode('cp866').decode('cp437')
        target.writestr(name, data)
`;

journey('a package whose names another tool wrote otherwise (decomposed, or in an old code page) opens with every document verified', async (page) => {
  await button(page, 'Load example claim').click();
  await eventually(async () => assert.equal(await page.locator('li.document .facts', { hasText: 'SHA-256' }).count(), 7));
  await page.getByLabel('Add documents', { exact: true }).setInputFiles([
    { name: '見積書 ガイド.pdf', mimeType: 'application/pdf', buffer: onePagePdf('Quote 77 for the webinar') },
    { name: 'Счёт.pdf', mimeType: 'application/pdf', buffer: onePagePdf('Invoice 78 for the webinar') },
  ]);
  await eventually(async () => assert.equal(await page.locator('li.document .facts', { hasText: 'SHA-256' }).count(), 9));
  for (const name of ['見積書 ガイド.pdf', 'Счёт.pdf']) await documentRow(page, name).getByLabel('Document type', { exact: true }).selectOption({ label: 'Other' });
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: TIMEOUT * 4 }), button(page, 'Build package').click()]);
  const built = path.join(scratch.dir, `names-${file.suggestedFilename()}`);
  await file.saveAs(built);
  const dir = path.join(scratch.dir, 'renamed');
  execFileSync('sh', ['-c', `mkdir -p "${dir}"`]);
  execFileSync('python3', ['-c', PYTHON_RENAME, built], { cwd: dir });
  const names = execFileSync('python3', ['-c', "import sys, zipfile; print('\\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))", path.join(dir, 're.zip')], { encoding: 'utf8' });
  assert.ok(!names.includes('ガ') && !names.includes('Счёт'), names);
  await button(page, 'New claim').click();
  await openPackage(page, path.join(dir, 're.zip'));
  await report(page).getByText("re.zip: this claim was already on this device and is the one shown; all 9 of the package's documents match their checksums.").waitFor();
  assert.equal(await report(page).locator('.open-unlisted').count(), 0, 'no file is said to be outside the manifest');
  // Nor said to be under another name: only its tool wrote the name otherwise.
  assert.equal(await report(page).locator('.open-renamed').count(), 0, await report(page).innerText());
  for (const name of ['見積書 ガイド.pdf', 'Счёт.pdf']) await documentRow(page, name).waitFor();
});

journey('a package added as a document is said to be one, with the button that opens it', async (page) => {
  const built = await builtPackage(page);
  await page.getByLabel('Add documents', { exact: true }).setInputFiles(built);
  const finding = page.getByRole('region', { name: 'Checks', exact: true }).locator('[data-code="FILE-TYPE"]');
  await eventually(async () => assert.match(await finding.innerText(), /It is a package made by this page, not a document: remove it here, and use Open package to bring its claim back\./), { timeout: TIMEOUT * 2 });
});
