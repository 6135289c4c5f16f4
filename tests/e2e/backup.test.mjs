// Back up all claims and Restore backup (issue: nothing lost, for real): one file with
// every claim's package, which the partner's tools accept and check, and which brings
// every claim back in a browser whose data was cleared, without adding twice a claim
// already there; a damaged or cut-short backup restores what is intact and names what
// is not. The backups are checked with `unzip -t`, Python's `zipfile` and `sha256sum -c`,
// and damaged by the test with Python.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { eventually, formatViolations, journey as defineJourney, openPage, problemsOf, runAxe, TIMEOUT, useBrowser, useScratch, onePagePdf, roomMade, storageFull, storeDamagedRecord, storedClaims, withStoredClaims } from './harness.mjs';

const env = useBrowser({ before, after });
const journey = (name, body) => defineJourney(test, env, name, body, { timeout: 240_000 });
const scratch = useScratch({ before, after }, 'backup');

const button = (page, name) => page.getByRole('button', { name, exact: true });
const field = (page, label) => page.getByLabel(label, { exact: true });
const report = (page) => page.locator('#backup-report');
// The claims listed, by title (the empty claim a fresh page shows is not one).
const titles = async (page) =>
  (await page.locator('.claim-row .claim-name').evaluateAll((names) => names.map((name) => (name.querySelector('strong, button')?.textContent ?? '').replace(/^Open /, '').trim())))
    .filter((title) => title !== 'Untitled claim');

const NOTE = onePagePdf('Attendee list of the second claim');

/** The example claim and a second one with a document, both saved. */
async function twoClaims(page) {
  await button(page, 'Load example claim').click();
  await eventually(async () => assert.equal(await page.locator('li.document .facts', { hasText: 'SHA-256' }).count(), 7));
  await button(page, 'New claim').click();
  await eventually(async () => assert.equal(await field(page, 'Claim title').inputValue(), ''));
  await field(page, 'Claim title').fill('Second claim');
  await page.getByLabel('Add documents', { exact: true }).setInputFiles([{ name: 'Attendees.pdf', mimeType: 'application/pdf', buffer: NOTE }]);
  await eventually(async () => assert.equal(await page.locator('li.document .facts', { hasText: 'SHA-256' }).count(), 1));
  await page.getByText('Saved on this device.').waitFor();
}

async function backUp(page) {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: TIMEOUT * 4 }), button(page, 'Back up all claims').click()]);
  const target = path.join(scratch.dir, `${Date.now()}-${file.suggestedFilename()}`);
  await file.saveAs(target);
  return { target, name: file.suggestedFilename() };
}

async function restore(page, zipPath) {
  const chooser = page.waitForEvent('filechooser');
  await button(page, 'Restore backup').click();
  await (await chooser).setFiles(zipPath);
}

const run = (command, args, options = {}) => execFileSync(command, args, { encoding: 'utf8', ...options });

// The device lost a document's file (its storage cleared in part, a page left before it
// was saved): the claim's row says to add it again. A backup made before holds it, and
// restored, it gave the claim nothing: "already here".
journey("a backup restored where its claim is gives it back a file this device lost, and adds no copy", async (page) => {
  await twoClaims(page);
  const { target, name } = await backUp(page);
  await report(page).getByText(`${name} is saved: 2 claims, each with its documents and checksums.`).waitFor();
  await withStoredClaims(page, async (claims, database, title) => {
    const second = claims.find(({ record }) => JSON.parse(record.json).title === title);
    const forgetting = database.transaction('files', 'readwrite');
    forgetting.objectStore('files').delete(IDBKeyRange.bound([second.key], [second.key, []]));
    await new Promise((resolve, reject) => {
      forgetting.oncomplete = resolve;
      forgetting.onerror = () => reject(forgetting.error);
    });
  }, 'Second claim');
  await page.reload();
  await eventually(async () => assert.equal(await field(page, 'Claim title').inputValue(), 'Second claim'));
  const row = page.locator('li.document', { hasText: 'Attendees.pdf' });
  await row.locator('.field-error', { hasText: 'The file of Attendees.pdf was not saved on this device' }).waitFor();
  // Build package names that document as its row does, with the way to give its file
  // back that keeps its type, note and links (not "remove it and add it again").
  await button(page, 'Build package').click();
  await button(page, 'Build anyway').click();
  await page.locator('#package-result').getByText('The file of Attendees.pdf is not on this device any more. Add it again on its row (Add this file again): its type, note and links are kept.').waitFor();
  await row.locator('.field-error', { hasText: 'The file of Attendees.pdf was not saved on this device' }).waitFor();

  await restore(page, target);
  await report(page).getByText('2 claims were already here, unchanged, and not added again.').waitFor();
  await report(page).getByText('The file of 1 document, which this device had lost, came back from the backup to the claims already here.').waitFor();
  await eventually(async () => assert.equal(await row.locator('.field-error').count(), 0));
  assert.deepEqual((await titles(page)).sort(), ['Contoso cloud security webinar', 'Second claim'], 'no copy');
  await page.getByText('Saved on this device.').waitFor();
  await page.reload();
  await eventually(async () => assert.equal(await field(page, 'Claim title').inputValue(), 'Second claim'));
  await eventually(async () => assert.match(await row.locator('.facts').textContent(), /SHA-256/));
  assert.equal(await row.locator('.field-error').count(), 0, 'kept');
  const stored = (await storedClaims(page)).find(({ claim }) => claim.title === 'Second claim');
  assert.deepEqual(stored.sizes, [NOTE.length], 'its file on the device again');
});

// Claims the same (a claim and copies of it left as they were) are in a backup three
// times: restored in a browser that has none, the claim is added once, and the report
// says so of one claim, not that claims were "already here" (none was).
journey('a backup holding one claim three times, restored where none is, adds it once and says so of one claim', async (page) => {
  for (const title of ['Same webinar', 'Same webinar', 'Same webinar', 'Other webinar']) {
    await button(page, 'New claim').click();
    await eventually(async () => assert.equal(await field(page, 'Claim title').inputValue(), ''));
    await field(page, 'Claim title').fill(title);
  }
  await page.getByText('Saved on this device.').waitFor();
  await page.waitForTimeout(800);
  const { target, name } = await backUp(page);
  await report(page).getByText(`${name} is saved: 4 claims, each with its documents and checksums.`).waitFor();
  const fresh = await openPage(env.browser, env.server.url);
  try {
    const other = fresh.page;
    await restore(other, target);
    await report(other).getByText(`${name}: 2 claims were restored.`).waitFor();
    await report(other).getByText('1 claim was in the backup more than once, the same each time: it was added once.', { exact: true }).waitFor();
    assert.equal(await report(other).getByText(/already here/).count(), 0, 'none was here');
    await eventually(async () => assert.deepEqual((await titles(other)).sort(), ['Other webinar', 'Same webinar']));
  } finally {
    await fresh.close();
  }
});

// A backup restored on a device whose storage is full: its claims are on the page, not
// on the device, and the report says so for as long as the device refuses them (it said
// they were restored, beside a save line about another claim). Room made, they are saved.
journey('a backup restored on a full device says its claims are not kept yet, until the page saves them', async (page) => {
  await twoClaims(page);
  const { target, name } = await backUp(page);
  await report(page).getByText(`${name} is saved: 2 claims, each with its documents and checksums.`).waitFor();
  const fresh = await openPage(env.browser, env.server.url);
  try {
    const other = fresh.page;
    await storageFull(other);
    await restore(other, target);
    await report(other).getByText(`${name}: 2 claims were restored.`).waitFor();
    const notKept = '2 claims restored are not kept on this device yet: its storage refused them (it may be full). Keep this page open, and the backup file: make room (remove large documents, or delete claims for good under Recently deleted), and the page saves them.';
    await report(other).getByText(notKept).waitFor();
    assert.equal(await report(other).locator('p.saved').count(), 0, 'not said as a success');
    // Room made; the page tries again when it comes back into view (and each minute).
    await roomMade(other);
    await other.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await eventually(async () => assert.equal(await report(other).getByText(notKept).count(), 0));
    await other.getByText('Saved on this device.').waitFor();
    await other.waitForTimeout(800);
    await other.reload();
    await eventually(async () => assert.deepEqual((await titles(other)).sort(), ['Contoso cloud security webinar', 'Second claim']));
  } finally {
    await fresh.close();
  }
});

// Two tabs restoring one backup at once: the claims are added once, and the report of
// the tab whose backup was read last says so (a store handle reads the state of now:
// the claims the other tab added while this backup was read count as here).
journey("a restore's report counts the claims here when the backup has been read, not when it was picked", async (page) => {
  await twoClaims(page);
  const { target, name } = await backUp(page);
  const fresh = await openPage(env.browser, env.server.url);
  try {
    const first = fresh.page;
    const second = await first.context().newPage();
    await second.goto(env.server.url);
    await button(second, 'Load example claim').waitFor();
    // The first tab's backup reaches the worker three seconds late.
    await first.evaluate(() => {
      const post = Worker.prototype.postMessage;
      Worker.prototype.postMessage = function (message, ...rest) {
        if (message?.kind === 'restore') setTimeout(() => post.call(this, message, ...rest), 3000);
        else post.call(this, message, ...rest);
      };
    });
    await restore(first, target);
    await report(first).getByText('Reading the backup and checking every document…').waitFor();
    await restore(second, target);
    await report(second).getByText(`${name}: 2 claims were restored.`).waitFor();
    await eventually(async () => assert.deepEqual((await titles(first)).sort(), ['Contoso cloud security webinar', 'Second claim']));
    await report(first).getByText(`${name}: no claim was restored.`).waitFor();
    await report(first).getByText('2 claims were already here, unchanged, and not added again.').waitFor();
    assert.deepEqual((await titles(first)).sort(), ['Contoso cloud security webinar', 'Second claim']);
    await second.close();
  } finally {
    await fresh.close();
  }
});

// A file added from the disk and changed there since (a corrected quote saved over it):
// the browser refuses to read it again. The backup failed whole, and nothing was saved;
// it now leaves that document out, names it, and keeps every other document and claim.
journey('a file changed on the disk since it was added is left out of the backup and named; the rest is backed up', async (page) => {
  await twoClaims(page);
  const onDisk = path.join(scratch.dir, 'Venue quote.pdf');
  await writeFile(onDisk, onePagePdf('Venue quote 1'));
  await page.getByLabel('Add documents', { exact: true }).setInputFiles([onDisk]);
  await eventually(async () => assert.equal(await page.locator('li.document .facts', { hasText: 'SHA-256' }).count(), 2));
  await page.getByText('Saved on this device.').waitFor();
  await writeFile(onDisk, onePagePdf('Venue quote 2'));
  const { target, name } = await backUp(page);
  await report(page).getByText(`${name} is saved: 2 claims, each with its documents and checksums.`, { exact: false }).waitFor();
  await report(page).getByText('Second claim: 1 document is not in the backup, because this browser no longer holds its file, or can no longer read it: remove it and add it again, then back up again.').waitFor();
  assert.match(run('unzip', ['-t', target]), /No errors detected/);
  const out = path.join(scratch.dir, 'unzipped-changed');
  run('python3', ['-c', 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; z.extractall(sys.argv[2])', target, out]);
  const index = JSON.parse(await readFile(path.join(out, 'backup.json'), 'utf8'));
  assert.deepEqual(index.claims.map((claim) => [claim.title, claim.documents]).sort(), [['Contoso cloud security webinar', 7], ['Second claim', 1]]);
  // Restored where that claim still is, it is that claim, less the file left out: already
  // here, not a copy added beside it.
  await restore(page, target);
  await report(page).getByText(`${path.basename(target)}: no claim was restored.`, { exact: true }).waitFor();
  await report(page).getByText('2 claims were already here, unchanged, and not added again.', { exact: true }).waitFor();
  assert.deepEqual((await titles(page)).sort(), ['Contoso cloud security webinar', 'Second claim']);
  // Restored where that claim is no more, the report says its document was left out
  // (it said the claim was restored, as if whole).
  await button(page, 'Delete Second claim').click();
  await button(page, 'Undo').waitFor();
  await restore(page, target);
  // (Not said to differ from the backup: the backup said it left that file out.)
  await report(page).getByText('Second claim: restored without the file of 1 document, which was left out of the backup when it was made; its row says so: add it again.').waitFor();
  assert.equal(await report(page).getByText(/does not match the backup/).count(), 0);
  // Its package, taken out of the backup and opened elsewhere: every document in it
  // checks, and the one left out is marked on its row; the report says so, not that all is
  // well.
  const second = index.claims.find((claim) => claim.title === 'Second claim');
  // Opened here, where that claim is (restored, its document marked): said so too.
  const here = page.waitForEvent('filechooser');
  await button(page, 'Open package').click();
  await (await here).setFiles(path.join(out, second.path));
  await page
    .getByRole('region', { name: 'Opened package', exact: true })
    .getByText(`${path.basename(second.path)}: this claim was already on this device and is the one shown; the package's documents match their checksums, but one of the claim's documents is marked: its row says what to do.`)
    .waitFor();
  const fresh = await openPage(env.browser, env.server.url);
  try {
    const chooser = fresh.page.waitForEvent('filechooser');
    await button(fresh.page, 'Open package').click();
    await (await chooser).setFiles(path.join(out, second.path));
    const opened = fresh.page.getByRole('region', { name: 'Opened package', exact: true });
    await opened
      .getByText(`${path.basename(second.path)}: the claim is restored and the package's documents match their checksums, but one of its documents was marked before it was packaged (its file left out, or altered): its row says what to do.`)
      .waitFor();
    assert.equal(await opened.locator('p.saved').count(), 0, 'not said in the colour of all well');
    assert.deepEqual(problemsOf(fresh, env.server.url), []);
  } finally {
    await fresh.close();
  }
});

journey('Back up all claims writes one file every tool checks, and Restore backup brings each claim back once, in a browser whose data was cleared', async (page) => {
  await twoClaims(page);
  const { target, name } = await backUp(page);
  assert.match(name, /^coop-claims-backup-\d{4}-\d{2}-\d{2}\.zip$/);
  await report(page).getByText(`${name} is saved: 2 claims, each with its documents and checksums.`).waitFor();

  // The partner's tools: the backup, and each package in it, pass every check.
  assert.match(run('unzip', ['-t', target]), /No errors detected/);
  const out = path.join(scratch.dir, 'unzipped');
  run('python3', ['-c', 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; z.extractall(sys.argv[2])', target, out]);
  assert.equal(run('sha256sum', ['-c', 'checksums.sha256'], { cwd: out }).trim().split('\n').filter((line) => line.endsWith(': OK')).length, 3);
  const index = JSON.parse(await readFile(path.join(out, 'backup.json'), 'utf8'));
  assert.equal(index.schema, 'coop-claim-preflight/backup@1');
  assert.deepEqual(index.claims.map((claim) => [claim.title, claim.documents]).sort(), [['Contoso cloud security webinar', 7], ['Second claim', 1]]);
  // Picked with Open package by mistake, the backup is named as what it is, with where it opens.
  const chooser = page.waitForEvent('filechooser');
  await button(page, 'Open package').click();
  await (await chooser).setFiles(target);
  await page
    .getByRole('region', { name: 'Package not opened', exact: true })
    .getByText(`${name} could not be opened: this is a backup of your claims, not a package: to bring its claims back, use Restore backup under Your claims.`, { exact: false })
    .waitFor();
  for (const claim of index.claims) {
    const unpacked = path.join(scratch.dir, `${claim.path.replace("/", "_")}-out`);
    run('unzip', ['-q', path.join(out, claim.path), '-d', unpacked]);
    assert.equal(run('sha256sum', ['-c', 'checksums.sha256'], { cwd: unpacked }).split('\n').filter((line) => line.endsWith(': OK')).length, 3 + claim.documents);
  }

  // On this device, every claim is here already: nothing is added.
  await restore(page, target);
  await report(page).getByText(`${name}: no claim was restored.`).waitFor();
  await report(page).getByText('2 claims were already here, unchanged, and not added again.').waitFor();
  assert.deepEqual((await titles(page)).sort(), ['Contoso cloud security webinar', 'Second claim']);
  // Restored with the right button, the backup's refusal as a package is old news: gone.
  assert.equal(await page.getByRole('region', { name: 'Package not opened', exact: true }).count(), 0);

  // A browser whose data was cleared: both claims come back with every document verified,
  // saved, and a second restore adds nothing. The backup restored there was unzipped and
  // zipped again as its folder, as partners do to look inside or move it.
  run('sh', ['-c', 'cp -r unzipped "My backup" && zip -qr "My backup.zip" "My backup"'], { cwd: scratch.dir });
  const fresh = await openPage(env.browser, env.server.url);
  try {
    const other = fresh.page;
    assert.deepEqual(await titles(other), []);
    await restore(other, path.join(scratch.dir, 'My backup.zip'));
    await report(other).getByText('My backup.zip: 2 claims were restored.').waitFor();
    // A restore that went well says so as a success, naming what it added.
    assert.equal(await report(other).locator('p.saved', { hasText: 'My backup.zip: 2 claims were restored.' }).count(), 1);
    await report(other).getByText('Added to your claims: “Contoso cloud security webinar”, “Second claim”.', { exact: true }).waitFor();
    await eventually(async () => assert.deepEqual((await titles(other)).sort(), ['Contoso cloud security webinar', 'Second claim']));
    // The page's claim was empty: a restored claim is shown in its place, and no
    // "Untitled claim" is listed beside them.
    await eventually(async () => assert.ok(['Contoso cloud security webinar', 'Second claim'].includes(await field(other, 'Claim title').inputValue())));
    assert.equal(await other.getByRole('region', { name: 'Your claims', exact: true }).getByText('Untitled claim').count(), 0);
    if ((await field(other, 'Claim title').inputValue()) !== 'Contoso cloud security webinar') {
      await other.getByRole('button', { name: 'Open Contoso cloud security webinar', exact: true }).click();
    }
    await eventually(async () => assert.equal(await other.locator('li.document .facts', { hasText: 'SHA-256' }).count(), 7));
    assert.equal(await other.locator('[data-integrity]').count(), 0, 'every document matches');
    await restore(other, target);
    await report(other).getByText('2 claims were already here, unchanged, and not added again.').waitFor();
    assert.equal((await titles(other)).length, 2);
    await other.getByText('Saved on this device.').waitFor();
    await other.waitForTimeout(800);
    await other.reload();
    await eventually(async () => assert.deepEqual((await titles(other)).sort(), ['Contoso cloud security webinar', 'Second claim']));
    await other.getByRole('button', { name: 'Open Second claim', exact: true }).click();
    await eventually(async () => assert.equal(await other.locator('li.document .facts', { hasText: 'SHA-256' }).count(), 1));
    // Changed since the backup, then restored again: the backup's version is added beside
    // it, and the report says a claim of that title was here already.
    await field(other, 'Partner ID').fill('7654321');
    await other.getByText('Saved on this device.').waitFor();
    await restore(other, target);
    await report(other).getByText('Added to your claims: “Second claim”.', { exact: true }).waitFor();
    await report(other).getByText('“Second claim” was here already, with other content (changed since the backup was made, or another claim of that title): both are kept, the one from the backup added beside it. Delete the one you no longer need.', { exact: true }).waitFor();
    assert.deepEqual(problemsOf(fresh, env.server.url), []);
  } finally {
    await fresh.close();
  }
});

// Python rewrites the backup: one package dropped, one document byte changed inside
// another, and a copy cut short in the middle of the last package.
const DAMAGE = `
import sys, zipfile
source, missing, altered, cut, index = sys.argv[1:6]
with zipfile.ZipFile(source) as z:
    entries = [(info, z.read(info.filename)) for info in z.infolist()]
packages = [info.filename for info, _ in entries if info.filename.startswith('claims/')]
with zipfile.ZipFile(missing, 'w') as z:
    for info, data in entries:
        if info.filename != packages[0]:
            z.writestr(info, data)
with zipfile.ZipFile(altered, 'w') as z:
    for info, data in entries:
        if info.filename == packages[1]:
            at = data.index(b'Attendee list')
            data = data[:at] + b'X' + data[at + 1:]
        z.writestr(info, data)
whole = open(source, 'rb').read()
with zipfile.ZipFile(source) as z:
    last = z.getinfo(packages[1])
open(cut, 'wb').write(whole[:last.header_offset + 100])
with zipfile.ZipFile(index, 'w') as z:
    for info, data in entries:
        if info.filename == 'backup.json':
            data = bytes(b ^ 0x80 if n % 97 == 5 else b for n, b in enumerate(data))
        z.writestr(info, data)
print(packages[0]); print(packages[1])
`;

// A backup whose index lists 25 more claims than it holds (damaged, or made to), its
// checksums line for the index made to agree.
const LISTS_MORE = `
import hashlib, json, sys, zipfile
source, target = sys.argv[1:3]
with zipfile.ZipFile(source) as z:
    entries = [(info, z.read(info.filename)) for info in z.infolist()]
index = json.loads(dict((info.filename, data) for info, data in entries)['backup.json'])
model = index['claims'][0]
index['claims'] += [dict(model, path='claims/%03d-missing.zip' % (100 + n), title='Missing %02d' % n, fingerprint='%032x' % (n + 1)) for n in range(25)]
data = json.dumps(index, indent=2).encode()
digest = hashlib.sha256(data).hexdigest()
with zipfile.ZipFile(target, 'w') as z:
    for info, content in entries:
        if info.filename == 'backup.json':
            content = data
        elif info.filename == 'checksums.sha256':
            content = b''.join((digest.encode() + line[64:] if line.endswith(b'  backup.json\\n') else line) for line in content.splitlines(True))
        z.writestr(info, content)
`;

journey('a damaged or cut-short backup restores what is intact and names what is not', async (page) => {
  await twoClaims(page);
  const { target } = await backUp(page);
  const [missing, altered, cut, index] = ['missing.zip', 'altered.zip', 'cut.zip', 'index.zip'].map((name) => path.join(scratch.dir, name));
  const [first, second] = run('python3', ['-c', DAMAGE, target, missing, altered, cut, index]).trim().split('\n');
  assert.match(first, /^claims\/001-contoso-cloud-security-webinar\.zip$/);
  assert.match(second, /^claims\/002-second-claim\.zip$/);

  const fresh = async (body) => {
    const app = await openPage(env.browser, env.server.url);
    try {
      await body(app.page);
      assert.deepEqual(problemsOf(app, env.server.url), []);
    } finally {
      await app.close();
    }
  };
  await fresh(async (other) => {
    await restore(other, missing);
    await report(other).getByText('missing.zip: 1 claim was restored.').waitFor();
    await report(other).getByText('Added to your claims: “Second claim”.', { exact: true }).waitFor();
    await report(other).getByText(`Contoso cloud security webinar could not be restored: the backup lists ${first} but does not hold it. Download or copy the backup again; if it is still missing, back up again from the browser that holds this claim.`).waitFor();
    assert.deepEqual(await titles(other), ['Second claim']);
  });
  await fresh(async (other) => {
    await restore(other, altered);
    await report(other).getByText('altered.zip: 2 claims were restored.').waitFor();
    await report(other).getByText('Second claim: restored, but 1 document does not match the backup; it is marked on the claim.').waitFor();
    await report(other).getByText('Second claim: its package was changed after the backup was made; its documents were checked one by one.').waitFor();
    // The report with its problems passes the accessibility audit.
    const violations = await runAxe(other);
    assert.deepEqual(violations, [], formatViolations(violations));
    await other.getByRole('button', { name: 'Open Second claim', exact: true }).click();
    await eventually(async () => assert.equal(await other.locator('[data-integrity]').count(), 1));
  });
  await fresh(async (other) => {
    await restore(other, cut);
    await report(other).getByText('cut.zip: 1 claim was restored.').waitFor();
    await report(other).getByText('cut.zip is cut short (its end is missing, as after a download that stopped): the claims it holds whole were restored; any other is named here.').waitFor();
    await report(other).getByText(`Second claim could not be restored: the backup lists ${second} but does not hold it. Download or copy the backup again; if it is still missing, back up again from the browser that holds this claim.`).waitFor();
    assert.deepEqual(await titles(other), ['Contoso cloud security webinar']);
  });
  await fresh(async (other) => {
    // Its index damaged: said in plain words (no parser's English), each claim still checked.
    await restore(other, index);
    await report(other).getByText('index.zip: 2 claims were restored.').waitFor();
    await report(other).getByText('Added to your claims: “Contoso cloud security webinar”, “Second claim”.', { exact: true }).waitFor();
    await report(other).getByText('index.zip: its index (backup.json) is damaged; each claim in it was checked on its own.', { exact: true }).waitFor();
    assert.doesNotMatch(await report(other).innerText(), /line \d+ column|unicode|manifest/i);
  });
  await fresh(async (other) => {
    // An index that lists far more than the backup holds: the claims it holds restored,
    // and the others named up to a screenful, then counted.
    const listsMore = path.join(scratch.dir, 'lists-more.zip');
    run('python3', ['-c', LISTS_MORE, target, listsMore]);
    await restore(other, listsMore);
    await report(other).getByText('lists-more.zip: 2 claims were restored.').waitFor();
    await report(other).getByText('Missing 19 could not be restored', { exact: false }).waitFor();
    assert.equal(await report(other).getByText('Missing 20 could not be restored', { exact: false }).count(), 0);
    await report(other).getByText('5 more claims could not be restored either.', { exact: true }).waitFor();
  });
  await fresh(async (other) => {
    const notOurs = path.join(scratch.dir, 'not-ours.zip');
    run('sh', ['-c', `cd "${scratch.dir}" && printf 'hello' > hello.txt && zip -q "${notOurs}" hello.txt`]);
    await restore(other, notOurs);
    await report(other).getByText('not-ours.zip could not be restored: this ZIP is neither a backup nor a package made by Co-op Claim Preflight. Choose the coop-claims-backup-….zip file that Back up all claims saved. Your claims are unchanged.').waitFor();
  });
  await fresh(async (other) => {
    // A backup made by a newer version of the page (its index's format, with its checksum
    // line made to agree): the partner is told to update, not that the file is damaged,
    // and nothing is restored from it.
    const newer = path.join(scratch.dir, 'newer.zip');
    run('python3', ['-c', NEWER, target, newer]);
    await restore(other, newer);
    await report(other).getByText('newer.zip could not be restored: it was made by a newer version of this page (version 2 of its format). Close every tab of this page and open it again (if it then says a new version is ready, do so once more), then open the file again. Your claims are unchanged.', { exact: true }).waitFor();
    assert.doesNotMatch(await report(other).innerText(), /damaged/);
    assert.deepEqual(await titles(other), []);
  });
});

// A backup whose index says it is of the next version of the format, its checksums line
// for the index made to agree.
const NEWER = `
import hashlib, sys, zipfile
source, target = sys.argv[1:3]
with zipfile.ZipFile(source) as z:
    entries = [(info, z.read(info.filename)) for info in z.infolist()]
index = dict((info.filename, data) for info, data in entries)['backup.json']
newer = index.replace(b'coop-claim-preflight/backup@1', b'coop-claim-preflight/backup@2')
assert newer != index
with zipfile.ZipFile(target, 'w') as z:
    for info, data in entries:
        if info.filename == 'backup.json':
            data = newer
        elif info.filename == 'checksums.sha256':
            data = data.replace(hashlib.sha256(index).hexdigest().encode(), hashlib.sha256(newer).hexdigest().encode())
        z.writestr(info, data)
`;

// The report names an untitled claim in the page's language of the moment, as the list
// does: switched to French after the restore, it is « Demande sans titre », not the
// English words it was first shown with.
journey('a restore report names an untitled claim in the language the page is switched to', async (page) => {
  await field(page, 'Partner ID').fill('4412345');
  await page.getByText('Saved on this device.').waitFor();
  const { target } = await backUp(page);
  const fresh = await openPage(env.browser, env.server.url);
  try {
    const other = fresh.page;
    await restore(other, target);
    await report(other).getByText('Added to your claims: “Untitled claim”.', { exact: true }).waitFor();
    await button(other, 'Français').click();
    await report(other).getByText('Ajoutée à vos demandes\u00a0: «\u00a0Demande sans titre\u00a0».', { exact: true }).waitFor();
    assert.doesNotMatch(await report(other).innerText(), /Untitled/);
    assert.deepEqual(problemsOf(fresh, env.server.url), []);
  } finally {
    await fresh.close();
  }
});

// A saved claim the page cannot read (damaged, or written by a newer version of it) is
// not in the backup: the report says so, as the list does, rather than "every claim".
journey('a backup says which saved claims it could not take, unreadable here', async (page) => {
  await storeDamagedRecord(page);
  await page.reload();
  // As the list shows it (the page says it too, for a moment, in its live region).
  await page.locator('#main').getByText('1 saved claim could not be read. It stays on this device, untouched.').waitFor();
  await field(page, 'Claim title').fill('Readable');
  await page.getByText('Saved on this device.').waitFor();
  const { name } = await backUp(page);
  await report(page).getByText(`${name} is saved: 1 claim with its documents and checksums.`, { exact: false }).waitFor();
  await report(page).getByText('1 saved claim that could not be read is not in this backup; it stays on this device, untouched.', { exact: true }).waitFor();
});

// A backup made while a large document is still being read leaves it out, its file
// being whole: the report says to back up again once it is read, not that the browser
// lost its file (remove it and add it again, it said).
journey('a backup made while a document is still being read says to back up again once it is read', async (page) => {
  const big = path.join(scratch.dir, 'recording.mp4');
  run('truncate', ['-s', '900M', big]);
  await field(page, 'Claim title').fill('Reading');
  await page.getByText('Saved on this device.').waitFor();
  await page.getByLabel('Add documents', { exact: true }).setInputFiles([big]);
  await page.locator('li.document .facts', { hasText: 'Reading…' }).waitFor();
  const { name } = await backUp(page);
  await report(page).getByText(`${name} is saved`, { exact: false }).waitFor();
  const said = await report(page).innerText();
  assert.match(said, /Reading: 1 document was still being read and is not in the backup; back up again once it is read\./);
  assert.doesNotMatch(said, /no longer holds/);
  await eventually(async () => assert.match(await page.locator('li.document .facts').textContent(), /SHA-256/), { timeout: 120_000 });
});

/** Claims of these titles, each typed into a new claim, saved. */
async function typedClaims(page, titles) {
  for (const title of titles) {
    await button(page, 'New claim').click();
    await eventually(async () => assert.equal(await field(page, 'Claim title').inputValue(), ''));
    await field(page, 'Claim title').fill(title);
    await page.getByText('Saved on this device.').waitFor();
  }
}

journey('a restore that brings the list to four claims shows the claims it restored with its report, the keyboard on it', async (page) => {
  await typedClaims(page, ['Backed up one', 'Backed up two']);
  const { target, name } = await backUp(page);
  const fresh = await openPage(env.browser, env.server.url);
  try {
    const other = fresh.page;
    await typedClaims(other, ['Here one', 'Here two']);
    await restore(other, target);
    await report(other).getByText(`${name}: 2 claims were restored.`).waitFor();
    // Four claims fold the list, but not while the report names what it added.
    assert.deepEqual((await titles(other)).filter((title) => title.startsWith('Backed up')).sort(), ['Backed up one', 'Backed up two']);
    assert.equal(await other.getByRole('button', { name: 'Show all 4 claims', exact: true }).count(), 0);
    assert.ok(await report(other).isVisible());
    await eventually(async () => assert.equal(await other.evaluate(() => document.activeElement?.id), 'backup-report'));
    // And it folds again when asked.
    await other.getByRole('button', { name: "Show only the claim on this page", exact: true }).click();
    await other.getByRole('button', { name: 'Show all 4 claims', exact: true }).waitFor();
    assert.deepEqual(problemsOf(fresh, env.server.url), []);
  } finally {
    await fresh.close();
  }
});

journey('claims a restore added are in view wherever they sort, not behind Show more', async (page) => {
  await typedClaims(page, ['Zz restored one', 'Zz restored two']);
  const { target, name } = await backUp(page);
  const fresh = await openPage(env.browser, env.server.url);
  try {
    const other = fresh.page;
    // Eight claims here sort before the two restored (by title: none has a deadline).
    await typedClaims(other, ['Here 1', 'Here 2', 'Here 3', 'Here 4', 'Here 5', 'Here 6', 'Here 7', 'Here 8']);
    await restore(other, target);
    await report(other).getByText(`${name}: 2 claims were restored.`).waitFor();
    await eventually(async () => assert.deepEqual((await titles(other)).filter((title) => title.startsWith('Zz')).sort(), ['Zz restored one', 'Zz restored two']));
    assert.equal(await other.getByRole('button', { name: /^Show \d+ more/ }).count(), 0);
    assert.deepEqual(problemsOf(fresh, env.server.url), []);
  } finally {
    await fresh.close();
  }
});

/** The UIDs of the page's "Export all deadlines (calendar)", sorted. */
async function calendarUids(page) {
  const [file] = await Promise.all([page.waitForEvent('download'), button(page, 'Export all deadlines (calendar)').click()]);
  const text = await readFile(await file.path(), 'utf8');
  return text.split('\r\n').filter((line) => line.startsWith('UID:')).sort();
}

journey('claims restored on another device keep the names of their calendar events: an exported calendar moves the events, not adds a second set', async (page) => {
  await twoClaims(page);
  const here = await calendarUids(page);
  assert.ok(here.length >= 2, here.join(', '));
  const { target, name } = await backUp(page);
  const fresh = await openPage(env.browser, env.server.url);
  try {
    const other = fresh.page;
    await restore(other, target);
    await report(other).getByText(`${name}: 2 claims were restored.`).waitFor();
    // The restored claims have other keys on this device, and the same events.
    assert.deepEqual(await calendarUids(other), here);
    assert.deepEqual(problemsOf(fresh, env.server.url), []);
  } finally {
    await fresh.close();
  }
});

// A backup zipped again by a tool that spells names otherwise: macOS's decomposed
// accents and sound marks, an old code page without the UTF-8 flag (Windows, 7-Zip).
const PYTHON_RENAME = `
import sys, unicodedata, zipfile
with zipfile.ZipFile(sys.argv[1]) as source, zipfile.ZipFile(sys.argv[2], 'w', zipfile.ZIP_DEFLATED) as target:
    for info in source.infolist():
        name = unicodedata.normalize('NFD', info.filename)
        if 'счёт' in info.filename.lower():
            name = info.filename.encode('cp866').decode('cp437')
        target.writestr(name, source.read(info.filename))
`;

journey('a backup whose names another tool spelled otherwise restores each claim once, said restored and nothing else', async (page) => {
  await typedClaims(page, ['Séminaire ガイド', 'Счёт webinar']);
  const { target } = await backUp(page);
  const renamed = path.join(scratch.dir, 'Renamed backup.zip');
  run('python3', ['-c', PYTHON_RENAME, target, renamed]);
  const fresh = await openPage(env.browser, env.server.url);
  try {
    const other = fresh.page;
    await restore(other, renamed);
    await report(other).getByText('Renamed backup.zip: 2 claims were restored.').waitFor();
    assert.doesNotMatch(await report(other).innerText(), /could not|not restored/i);
    await eventually(async () => assert.deepEqual((await titles(other)).sort(), ['Séminaire ガイド', 'Счёт webinar']));
    assert.deepEqual(problemsOf(fresh, env.server.url), []);
  } finally {
    await fresh.close();
  }
});

// Both packages named otherwise (upper case, as an old tool may write them) and stored in
// the other order; the script refuses to run unless they have one size, the case where
// a size cannot tell them apart.
const PYTHON_SWAP = `
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as source:
    infos = source.infolist()
    packages = [info for info in infos if info.filename.startswith('claims/')]
    assert len(packages) == 2 and packages[0].file_size == packages[1].file_size, [(info.filename, info.file_size) for info in packages]
    with zipfile.ZipFile(sys.argv[2], 'w', zipfile.ZIP_STORED) as target:
        for info in [info for info in infos if info not in packages] + packages[::-1]:
            name = info.filename
            if name.startswith('claims/'):
                name = 'claims/' + name[len('claims/'):-4].upper() + '.ZIP'
            target.writestr(name, source.read(info.filename))
`;

journey('two packages of one size, both named otherwise and stored in the other order, each restore as their claim', async (page) => {
  await typedClaims(page, ['Claim AA', 'Claim BB']);
  const { target } = await backUp(page);
  const swapped = path.join(scratch.dir, 'Swapped backup.zip');
  run('python3', ['-c', PYTHON_SWAP, target, swapped]);
  const fresh = await openPage(env.browser, env.server.url);
  try {
    const other = fresh.page;
    await restore(other, swapped);
    await report(other).getByText('Swapped backup.zip: 2 claims were restored.').waitFor();
    assert.doesNotMatch(await report(other).innerText(), /could not|not restored|missing|changed/i);
    await eventually(async () => assert.deepEqual((await titles(other)).sort(), ['Claim AA', 'Claim BB']));
    assert.deepEqual(problemsOf(fresh, env.server.url), []);
  } finally {
    await fresh.close();
  }
});

journey('claims deleted, then brought back by a backup: Recently deleted no longer offers them, and Undo has nothing to add twice', async (page) => {
  await typedClaims(page, ['Echo', 'Foxtrot']);
  const { target, name } = await backUp(page);
  await page.locator('summary', { hasText: 'Recently deleted (kept 30 days)' }).click();
  for (const title of ['Echo', 'Foxtrot']) {
    await button(page, `Delete ${title}`).click();
    await button(page, `Restore ${title}`).waitFor();
  }
  await restore(page, target);
  await report(page).getByText(`${name}: 2 claims were restored.`).waitFor();
  await eventually(async () => assert.deepEqual((await titles(page)).sort(), ['Echo', 'Foxtrot']));
  // Back, under new keys: the bin's copies are not offered, nor is Undo.
  await page.getByText('No claim was deleted in the last 30 days.').waitFor();
  assert.equal(await button(page, 'Restore Echo').count(), 0);
  assert.equal(await button(page, 'Undo').count(), 0);
  await page.reload();
  await eventually(async () => assert.deepEqual((await titles(page)).sort(), ['Echo', 'Foxtrot']));
  await page.locator('summary', { hasText: 'Recently deleted (kept 30 days)' }).click();
  await page.getByText('No claim was deleted in the last 30 days.').waitFor();
});
