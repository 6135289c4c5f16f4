// A claim's life after its package (issue: submitted, reviewed, paid or archived): the
// submission recorded with its Partner Center claim ID, the claim locked until "Edit
// anyway", a reviewer's request noted in the history, the list grouped, searched and
// archived, and the register and calendar exported and read back by Python's `csv`
// module and the `icalendar` parser.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { eventually, formatViolations, journey as defineJourney, runAxe, storeCopiesOfClaim, TIMEOUT, useBrowser, useScratch } from './harness.mjs';

const env = useBrowser({ before, after });
const journey = (name, body, options = {}) => defineJourney(test, env, name, body, { timeout: 180_000, ...options });
const scratch = useScratch({ before, after }, 'lifecycle');

const button = (page, name) => page.getByRole('button', { name, exact: true });
const field = (page, label) => page.getByLabel(label, { exact: true });
const list = (page) => page.getByRole('region', { name: 'Your claims', exact: true });
const titles = (page) => list(page).locator('.claim-row .claim-name').evaluateAll((names) => names.map((name) => (name.querySelector('strong, button')?.textContent ?? '').replace(/^Open /, '').trim()));

async function download(page, name) {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: TIMEOUT * 2 }), button(page, name).click()]);
  const target = path.join(scratch.dir, file.suggestedFilename());
  await file.saveAs(target);
  return target;
}

journey('a claim is submitted, locked, sent back, archived and found again; the register and calendar read back', async (page) => {
  await button(page, 'Load example claim').click();
  await eventually(async () => assert.equal(await page.locator('li.document .facts', { hasText: 'SHA-256' }).count(), 7));
  await button(page, 'New claim').click();
  await field(page, 'Claim title').fill('=SUM(A1:A9) spring booth');
  await field(page, 'Usage period end').fill('2026-12-31');
  await list(page).getByRole('button', { name: 'Open Contoso cloud security webinar', exact: true }).click();
  await eventually(async () => assert.equal(await field(page, 'Claim title').inputValue(), 'Contoso cloud security webinar'));

  // Submitted: recorded, dated, and the claim locked.
  await field(page, 'Partner Center claim ID').fill('PC-2026-77881');
  await field(page, 'Status').selectOption({ label: 'Submitted' });
  await page.locator('#submitted-notice').getByText(/^Submitted on .+: the claim is locked/).waitFor();
  assert.ok(await field(page, 'Claim title').isDisabled(), 'the form is locked');
  assert.notEqual(await field(page, 'Submitted on').inputValue(), '');
  await page.getByRole('region', { name: 'Checks', exact: true }).locator('[data-code="DEADLINE-SOON"], [data-code="DEADLINE-PASSED"]').count().then((n) => assert.equal(n, 0));
  // The dates: the claim deadline met, no recommended submission ahead; the retention end stays.
  const dates = page.getByRole('region', { name: 'Dates', exact: true });
  await dates.getByText(/^Submitted on .+: in time\.$/).waitFor();
  // Checks do not call a submitted claim ready to submit.
  assert.doesNotMatch(await page.getByRole('region', { name: 'Checks', exact: true }).innerText(), /Ready to submit/);
  assert.equal(await dates.locator('[data-date="recommended-submission"]').count(), 0);
  assert.equal(await dates.locator('[data-date="claim-deadline"] .relative').count(), 0);
  await dates.locator('[data-date="retention-end"] time').waitFor();
  // Submitted on left empty: the notice names no day rather than a blank one.
  const submittedOn = await field(page, 'Submitted on').inputValue();
  await field(page, 'Submitted on').fill('');
  await eventually(async () => assert.equal((await page.locator('#submitted-notice').textContent()).replace('Edit anyway', '').trim(), 'Submitted: the claim is locked so that it stays what Partner Center received.'));
  // A day still to come is said to be a slip, on the field.
  await field(page, 'Submitted on').fill('2099-01-01');
  await page.getByText('Submitted on: this day has not come yet. Type the day the claim was submitted in Partner Center.').waitFor();
  // In French the sentence names the field as a sentence would (« Date de soumission »),
  // not by its label's « Soumise le », whose article would hang before the colon.
  await page.getByRole('button', { name: 'Français', exact: true }).click();
  await page.getByText("Date de soumission\u00a0: ce jour n'est pas encore arrivé. Saisissez le jour où la demande a été soumise dans l'Espace partenaires.", { exact: true }).waitFor();
  await page.getByLabel('Soumise le', { exact: true }).waitFor();
  await page.getByRole('button', { name: 'English', exact: true }).click();
  await field(page, 'Submitted on').waitFor();
  // So is a day before the activity ended, which the message names.
  const activityEnd = new Date(`${await field(page, 'Activity end').inputValue()}T12:00:00Z`);
  const dayBefore = new Date(activityEnd.getTime() - 86_400_000).toISOString().slice(0, 10);
  await field(page, 'Submitted on').fill(dayBefore);
  const endSaid = activityEnd.toLocaleDateString('en-US', { month: 'long', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
  await page.getByText(`Submitted on: this is before the activity ended (${endSaid}). A claim is submitted once its activity is over: type the day it was submitted in Partner Center.`).waitFor();
  assert.equal(await field(page, 'Submitted on').getAttribute('aria-invalid'), 'true');
  await field(page, 'Submitted on').fill(submittedOn);
  await page.locator('#submitted-notice').getByText(/^Submitted on .+: the claim is locked/).waitFor();
  assert.equal(await page.getByText('Submitted on: this', { exact: false }).count(), 0);
  // A submitted claim without its Partner Center claim ID is asked for it, on the field.
  const claimId = field(page, 'Partner Center claim ID');
  const askedForId = 'Partner Center gave this claim an ID when it was submitted: copy it here, so that its messages can be matched to this claim.';
  assert.equal(await page.getByText(askedForId).count(), 0);
  await claimId.fill('');
  await page.getByText(askedForId).waitFor();
  assert.match(await claimId.getAttribute('aria-describedby'), /partner-center-claim-id-hint/);
  await claimId.fill('PC-2026-77881');
  await eventually(async () => assert.equal(await page.getByText(askedForId).count(), 0));
  // Edit anyway, for a correction, by keyboard: the button goes, and the focus goes to
  // the claim's first field, not to the top of the page.
  await button(page, 'Edit anyway').focus();
  await page.keyboard.press('Enter');
  await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement?.id), 'claim-title'));
  assert.ok(await field(page, 'Claim title').isEnabled());
  // Open for a correction, it says so, after a reload too, and locks again on request.
  const opened = 'Submitted, open for a correction: what you change here is not in Partner Center until you change it there too.';
  await page.locator('#submitted-notice').getByText(opened).waitFor();
  await page.getByText('Saved on this device.').waitFor();
  await page.reload();
  await page.locator('#submitted-notice').getByText(opened).waitFor();
  assert.ok(await field(page, 'Claim title').isEnabled());
  await button(page, 'Lock again').click();
  await page.locator('#submitted-notice').getByText(/^Submitted on .+: the claim is locked/).waitFor();
  assert.ok(await field(page, 'Claim title').isDisabled());
  await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Edit anyway'));
  await button(page, 'Edit anyway').click();
  // Sent back with a request, noted.
  await field(page, 'Status').selectOption({ label: 'More information requested' });
  await field(page, "Note (a reviewer's request, pasted)").fill('Please add the attendee list.');
  // Pasted and not added yet: a reload keeps it.
  await page.reload();
  await eventually(async () => assert.equal(await field(page, "Note (a reviewer's request, pasted)").inputValue(), 'Please add the attendee list.'));
  await button(page, 'Add note').click();
  await eventually(async () => assert.equal(await field(page, "Note (a reviewer's request, pasted)").inputValue(), ''));
  const history = page.getByRole('list', { name: 'Status history', exact: true });
  await history.getByText('Please add the attendee list.').waitFor();
  assert.equal(await history.getByRole('listitem').count(), 3);
  // A note added under the status it had is said as a note, not as that status again.
  await field(page, "Note (a reviewer's request, pasted)").fill('Called the reviewer: the list is enough.');
  await button(page, 'Add note').click();
  const noted = history.getByRole('listitem').filter({ hasText: 'Called the reviewer' });
  await noted.waitFor();
  assert.match((await noted.innerText()).replace(/\s+/g, ' '), /^\w+ \d+, \d{4}: note added\. “?Called the reviewer/);
  assert.equal(await history.getByRole('listitem').filter({ hasText: 'More information requested' }).count(), 1);

  // The list: grouped (the submitted claim is with Microsoft), searched, archived.
  await button(page, 'New claim').click();
  await eventually(async () => assert.equal(await field(page, 'Claim title').inputValue(), ''));
  // What the search found is said to a screen reader once the keys stop, not at each key.
  await page.evaluate(() => {
    window.__said = [];
    const region = document.getElementById('claims-said');
    new MutationObserver(() => {
      const now = region.textContent.trim();
      if (now) window.__said.push(now);
    }).observe(region, { childList: true, subtree: true, characterData: true });
  });
  await field(page, 'Search claims').pressSequentially('pc-2026', { delay: 120 });
  await eventually(async () => assert.deepEqual((await titles(page)).filter((t) => t !== 'Untitled claim'), ['Contoso cloud security webinar']));
  await eventually(async () => assert.deepEqual((await page.evaluate(() => window.__said)).filter((text) => /match/.test(text)), ['1 other claim matches the search and filters.']));
  // Its row: in Partner Center's hands, clear, not "ready" to submit.
  const submittedRow = list(page).locator('.claim-row', { hasText: 'Contoso cloud security webinar' });
  await submittedRow.locator('.claim-ready', { hasText: /^No blockers$/ }).waitFor();
  // No other claim matches: said so, the claim on the page still listed.
  await field(page, 'Search claims').fill('no such claim');
  await list(page).getByText('No other claim matches the search and filters.', { exact: true }).waitFor();
  await eventually(async () => assert.equal((await page.evaluate(() => window.__said)).filter((text) => /match/.test(text)).at(-1), 'No other claim matches the search and filters.'));
  // A search matching only the claim on the page: no other matches, and nothing contradicts it.
  await field(page, 'Search claims').fill('');
  await list(page).getByRole('button', { name: 'Open Contoso cloud security webinar', exact: true }).click();
  await eventually(async () => assert.equal(await field(page, 'Claim title').inputValue(), 'Contoso cloud security webinar'));
  await field(page, 'Search claims').fill('contoso');
  await list(page).getByText('No other claim matches the search and filters.', { exact: true }).waitFor();
  await button(page, 'New claim').click();
  await eventually(async () => assert.equal(await field(page, 'Claim title').inputValue(), ''));
  await field(page, 'Search claims').fill('');
  // Filters: by status, by usage period.
  await field(page, 'Status of the claims shown').selectOption({ label: 'More information requested' });
  await eventually(async () => assert.deepEqual((await titles(page)).filter((t) => t !== 'Untitled claim'), ['Contoso cloud security webinar']));
  await field(page, 'Status of the claims shown').selectOption({ label: 'All' });
  await field(page, 'Usage period of the claims shown').selectOption({ index: 1 });
  assert.equal((await titles(page)).filter((t) => t !== 'Untitled claim').length, 1);
  await field(page, 'Usage period of the claims shown').selectOption({ label: 'All' });
  // By keyboard: the focus follows the row to its new group, onto its Restore button.
  await list(page).getByRole('button', { name: 'Archive =SUM(A1:A9) spring booth', exact: true }).focus();
  await page.keyboard.press('Enter');
  await list(page).getByRole('heading', { name: 'Archived', exact: true }).waitFor();
  const restoreButton = list(page).getByRole('button', { name: 'Restore =SUM(A1:A9) spring booth', exact: true });
  await restoreButton.waitFor();
  await eventually(async () => assert.equal(await restoreButton.evaluate((element) => element === document.activeElement), true));
  // Every group has its heading for moving by headings, the claims to do included (for
  // screen readers only: it is the list's first group).
  assert.deepEqual(await list(page).getByRole('heading', { level: 3 }).allTextContents(), ['To do', 'Archived']);
  // A search that leaves a whole group out: the search box is still the one typed in.
  await field(page, 'Search claims').fill('contoso');
  await eventually(async () => assert.deepEqual(await list(page).getByRole('heading', { level: 3 }).allTextContents(), ['To do']));
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'search-claims');
  await field(page, 'Search claims').fill('');
  await list(page).getByRole('heading', { name: 'Archived', exact: true }).waitFor();

  // The register, read back by Python's csv module: every claim, no formula.
  const csvFile = await download(page, 'Export the register (CSV)');
  const rows = JSON.parse(execFileSync('python3', ['-c', "import csv, json, sys; print(json.dumps(list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline='')))))", csvFile], { encoding: 'utf8' }));
  assert.equal(rows.length, 3);
  const contoso = rows.find((row) => row[0] === 'Contoso cloud security webinar');
  assert.deepEqual([contoso[3], contoso[4]], ['PC-2026-77881', 'More information requested']);
  assert.ok(rows.some((row) => row[0] === "'=SUM(A1:A9) spring booth"), 'a formula is text');
  // Whether each claim is archived, for a spreadsheet's filter.
  assert.equal(rows[0][10], 'Archived');
  assert.deepEqual(rows.slice(1).map((row) => row[10]).sort(), ['No', 'Yes']);
  // The calendar, by icalendar: the archived claim's deadline is withdrawn (cancelled,
  // no alarm: a reminder imported before is taken back; it has no activity end, so no
  // retention end either).
  const icsFile = await download(page, 'Export all deadlines (calendar)');
  const events = JSON.parse(execFileSync('python3', ['-c', "import icalendar, json, sys; cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read()); print(json.dumps([[str(e['SUMMARY']), str(e.get('STATUS', '')), int(e['SEQUENCE']), len(e.walk('VALARM'))] for e in cal.walk('VEVENT')]))", icsFile], { encoding: 'utf8' }));
  const active = events.filter(([, status]) => status !== 'CANCELLED');
  assert.ok(active.length >= 1 && active.every(([summary]) => summary.includes('Contoso cloud security webinar')), JSON.stringify(events));
  const withdrawn = events.filter(([summary, status]) => status === 'CANCELLED' && summary.includes('spring booth'));
  assert.equal(withdrawn.length, 1, JSON.stringify(events));
  assert.equal(withdrawn[0][3], 0, 'no alarm');
  assert.ok(events.every(([, , sequence]) => sequence > 0), 'a version, newer in each later file');

  // The empty claim on the page says nothing about saving; the archive landed with its row.
  await page.waitForTimeout(1200);
  await page.reload();
  await list(page).getByRole('heading', { name: 'Archived', exact: true }).waitFor();
  const violations = await runAxe(page);
  assert.deepEqual(violations, [], formatViolations(violations));
});

// The note's draft is kept in local storage, and the field was drawn from it: where the
// browser refuses local storage (site data blocked, or it is full), the page's next change
// wiped a reviewer's request being pasted.
journey('a note typed where local storage is refused stays in its field as the page changes, and is added', async (page) => {
  await button(page, 'New claim').click();
  await field(page, 'Claim title').fill('Noted claim');
  await page.getByText('Saved on this device.').waitFor();
  await page.evaluate(() => {
    Storage.prototype.setItem = function refuse() {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  const note = field(page, "Note (a reviewer's request, pasted)");
  await note.fill('Please add the attendee list.');
  // The page changes around it: a field typed, saved.
  await field(page, 'Partner ID').fill('1234567');
  await eventually(async () => assert.equal(await page.locator('.save-status').textContent(), 'Saved on this device.'));
  assert.equal(await note.inputValue(), 'Please add the attendee list.');
  await button(page, 'Add note').click();
  const history = page.getByRole('list', { name: 'Status history', exact: true });
  await history.getByText('Please add the attendee list.').waitFor();
  assert.equal(await note.inputValue(), '');
  // Emptied, it stays so as the page changes again.
  await field(page, 'Partner ID').fill('7654321');
  await eventually(async () => assert.equal(await page.locator('.save-status').textContent(), 'Saved on this device.'));
  assert.equal(await note.inputValue(), '');
});

// One arrow key on a locked claim's status had set it back to Preparing, unlocked.
// Back there only through Edit anyway; straight after Submitted, that was a slip of the
// status, and its submission date goes with it.
journey('a locked claim goes back to Preparing only through Edit anyway, and a slip takes its submission date with it', async (page) => {
  await button(page, 'Load example claim').click();
  await field(page, 'Partner Center claim ID').fill('PC-2026-77881');
  await field(page, 'Status').selectOption({ label: 'Submitted' });
  await page.locator('#submitted-notice').waitFor();
  const options = () => field(page, 'Status').locator('option').allTextContents();
  assert.ok(!(await options()).includes('Preparing'), JSON.stringify(await options()));
  await field(page, 'Status').focus();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Tab');
  assert.equal(await field(page, 'Status').inputValue(), 'submitted');
  assert.equal(await field(page, 'Claim title').isDisabled(), true, 'still locked');
  await button(page, 'Edit anyway').click();
  await eventually(async () => assert.ok((await options()).includes('Preparing')));
  const submittedOn = await field(page, 'Submitted on').inputValue();
  assert.match(submittedOn, /^\d{4}-\d{2}-\d{2}$/);
  await field(page, 'Status').selectOption({ label: 'Preparing' });
  await eventually(async () => assert.equal(await field(page, 'Claim title').isDisabled(), false));
  assert.equal(await field(page, 'Partner Center claim ID').inputValue(), 'PC-2026-77881', 'its ID kept');
  await page.reload();
  // The claim back (not the empty one the page starts with, also in preparation).
  await eventually(async () => assert.equal(await field(page, 'Claim title').inputValue(), 'Contoso cloud security webinar'));
  assert.equal(await field(page, 'Status').inputValue(), 'preparing');
  assert.equal(await field(page, 'Submitted on').inputValue(), '', 'a slip: no submission');
});

// The slip taken back at once: Submitted picked again the same day keeps the day the claim
// was submitted, typed before (it was dated today).
journey('Preparing picked by mistake and Submitted picked again at once keep the day the claim was submitted', async (page) => {
  await button(page, 'Load example claim').click();
  const yesterday = await page.evaluate(() => {
    const day = new Date(Date.now() - 24 * 3600 * 1000);
    return `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
  });
  await field(page, 'Submitted on').fill(yesterday);
  await field(page, 'Status').selectOption({ label: 'Submitted' });
  await page.locator('#submitted-notice').waitFor();
  await button(page, 'Edit anyway').click();
  await field(page, 'Status').selectOption({ label: 'Preparing' });
  await eventually(async () => assert.equal(await field(page, 'Submitted on').inputValue(), ''));
  await field(page, 'Status').selectOption({ label: 'Submitted' });
  await eventually(async () => assert.equal(await field(page, 'Submitted on').inputValue(), yesterday));
  await page.locator('#submitted-notice').waitFor();
  await page.reload();
  await eventually(async () => assert.equal(await field(page, 'Claim title').inputValue(), 'Contoso cloud security webinar'));
  assert.equal(await field(page, 'Submitted on').inputValue(), yesterday);
});

// A German partner reads the page in English; their spreadsheet writes 6850,00 and
// splits a CSV at semicolons. One claim is a register too.
journey("the register is written for the device's spreadsheet, whatever the page's language, from one claim", async (page) => {
  await button(page, 'Load example claim').click();
  await field(page, 'Claim title').waitFor();
  const csvFile = await download(page, 'Export the register (CSV)');
  const rows = JSON.parse(execFileSync('python3', ['-c', "import csv, json, sys; print(json.dumps(list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline=''), delimiter=';'))))", csvFile], { encoding: 'utf8' }));
  assert.equal(rows.length, 2);
  assert.deepEqual([rows[0][0], rows[0][5]], ['Claim title', 'Claimed amount']);
  assert.deepEqual([rows[1][0], rows[1][5], rows[1][6]], ['Contoso cloud security webinar', '6850,00', 'EUR']);
  assert.ok(rows.every((row) => row.length === 11), JSON.stringify(rows));
  await download(page, 'Export all deadlines (calendar)');
}, { locale: 'de-DE' });

// The browser's download bubble says nothing to a screen reader, and a refused download
// said nothing at all: each export says what it gave, in the page's language, for one
// claim and for two.
journey('each export says what it gave and how many claims or dates it holds, in English and French', async (page) => {
  await button(page, 'Load example claim').click();
  await field(page, 'Claim title').waitFor();
  const exported = page.locator('.claims-exported');
  // French puts a no-break space before its colon and after a count.
  const plain = (text) => text.replace(/[\u00a0\u202f]/g, ' ');
  // What the page said (`#said`), each time it said it.
  await page.evaluate(() => {
    window.__said = [];
    const region = document.getElementById('said');
    let last = region.textContent.trim();
    new MutationObserver(() => {
      const now = region.textContent.trim();
      if (now && now !== last) window.__said.push(now);
      last = now;
    }).observe(region, { childList: true, subtree: true, characterData: true });
  });
  const said = async (words) => (await page.evaluate(() => window.__said)).filter((text) => plain(text) === words).length;
  const csvFile = await download(page, 'Export the register (CSV)');
  const csvName = path.basename(csvFile);
  assert.match(csvName, /^coop-claims-\d{4}-\d{2}-\d{2}\.csv$/);
  await eventually(async () => assert.equal(plain(await exported.textContent()), `Saved ${csvName}: the register of 1 claim.`));
  await eventually(async () => assert.equal(await said(`Saved ${csvName}: the register of 1 claim.`), 1));
  // The dates to remind of: those not withdrawn, as icalendar reads the file.
  const icsFile = await download(page, 'Export all deadlines (calendar)');
  const icsName = path.basename(icsFile);
  const dates = JSON.parse(execFileSync('python3', ['-c', "import icalendar, json, sys; print(json.dumps(len([e for e in icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read()).walk('VEVENT') if str(e.get('STATUS', '')) != 'CANCELLED'])))", icsFile], { encoding: 'utf8' }));
  assert.ok(dates > 1, `${dates}`);
  const icsWords = `Saved ${icsName}: ${dates} dates to remind of, to import into your calendar.`;
  await eventually(async () => assert.equal(plain(await exported.textContent()), icsWords));
  await eventually(async () => assert.equal(await said(icsWords), 1));
  // The same words said twice are said twice; shown in the language chosen after.
  await download(page, 'Export all deadlines (calendar)');
  await eventually(async () => assert.equal(await said(icsWords), 2));
  await button(page, 'Français').click();
  await eventually(async () => assert.equal(plain(await exported.textContent()), `${icsName} enregistré : ${dates} dates à rappeler, à importer dans votre agenda.`));
  await download(page, 'Exporter le registre (CSV)');
  await eventually(async () => assert.equal(plain(await exported.textContent()), `${csvName} enregistré : le registre de 1 demande.`));
  // Said before the next action: words said within a moment of each other are said
  // together, in one sentence after the other (`browser::say`).
  await eventually(async () => assert.equal(await said(`${csvName} enregistré : le registre de 1 demande.`), 1));
  await button(page, 'Nouvelle demande').click();
  await field(page, 'Intitulé de la demande').fill('Deuxième');
  await eventually(async () => assert.equal(await page.locator('.claim-row').count(), 2));
  await download(page, 'Exporter le registre (CSV)');
  await eventually(async () => assert.equal(plain(await exported.textContent()), `${csvName} enregistré : le registre des 2 demandes.`));
  await eventually(async () => assert.equal(await said(`${csvName} enregistré : le registre des 2 demandes.`), 1));
});

// A Swiss partner's spreadsheet writes 6850.00 and still splits a CSV at semicolons.
journey('the register on a Swiss device is in semicolons with a decimal point', async (page) => {
  await button(page, 'Load example claim').click();
  await field(page, 'Claim title').waitFor();
  const csvFile = await download(page, 'Export the register (CSV)');
  const rows = JSON.parse(execFileSync('python3', ['-c', "import csv, json, sys; print(json.dumps(list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline=''), delimiter=';'))))", csvFile], { encoding: 'utf8' }));
  assert.ok(rows.every((row) => row.length === 11), JSON.stringify(rows));
  assert.deepEqual([rows[1][0], rows[1][5], rows[1][6]], ['Contoso cloud security webinar', '6850.00', 'CHF']);
}, { locale: 'de-CH' });

journey('a Submitted on after the claim deadline is said to be a slip on its field, as the Dates card says it was late', async (page) => {
  await button(page, 'Load example claim').click();
  await field(page, 'Claim title').waitFor();
  const deadline = await page.locator('[data-date="claim-deadline"] time').first().getAttribute('datetime');
  // A year on, the claim's deadline is past: a submission recorded now can be dated after it.
  await page.clock.install({ time: new Date(`${Number(deadline.slice(0, 4)) + 1}${deadline.slice(4)}T12:00:00`) });
  await page.reload();
  await field(page, 'Partner Center claim ID').fill('PC-2027-00412');
  await field(page, 'Status').selectOption({ label: 'Submitted' });
  const dayAfter = (day, n = 1) => new Date(Date.parse(`${day}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
  const said = (day) => new Date(`${day}T12:00:00Z`).toLocaleDateString('en-US', { month: 'long', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
  // The example's usage period has Microsoft's published close the day after the 45
  // days: a claim submitted that day was taken, in time by the close.
  const dates = page.getByRole('region', { name: 'Dates', exact: true });
  await dates.getByText(`Microsoft's published close: ${said(dayAfter(deadline))}`).waitFor();
  await field(page, 'Submitted on').fill(dayAfter(deadline));
  await dates.getByText(/^Submitted on .+: after this date, but by Microsoft's published close, so in time\.$/).waitFor();
  assert.equal(await field(page, 'Submitted on').getAttribute('aria-invalid'), null);
  // The day after the close: Partner Center took no claim then.
  await field(page, 'Submitted on').fill(dayAfter(deadline, 2));
  await page.getByText(`Submitted on: this is after Microsoft's published close (${said(dayAfter(deadline))}), and Partner Center takes no claim after it. Type the day the claim was submitted in Partner Center.`).waitFor();
  assert.equal(await field(page, 'Submitted on').getAttribute('aria-invalid'), 'true');
  await dates.getByText(/^Submitted on .+, after this deadline\.$/).waitFor();
  // On the deadline day itself, it was in time.
  await field(page, 'Submitted on').fill(deadline);
  await page.getByRole('region', { name: 'Dates', exact: true }).getByText(/^Submitted on .+: in time\.$/).waitFor();
  assert.equal(await page.getByText('Submitted on: this', { exact: false }).count(), 0);
  assert.equal(await field(page, 'Submitted on').getAttribute('aria-invalid'), null);
});

journey('a Submitted on after Partner Center answered the claim is said to be a slip, and the history keeps its order', async (page) => {
  await button(page, 'Load example claim').click();
  await field(page, 'Claim title').waitFor();
  const end = await field(page, 'Activity end').inputValue();
  const dayAfter = (day, n = 1) => new Date(Date.parse(`${day}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
  const said = (day) => new Date(`${day}T12:00:00Z`).toLocaleDateString('en-US', { month: 'long', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
  // Submitted ten days after the activity ended, and sent back for more information that day.
  await page.clock.install({ time: new Date(`${dayAfter(end, 10)}T12:00:00`) });
  await page.reload();
  await field(page, 'Partner Center claim ID').fill('PC-2027-00413');
  await field(page, 'Status').selectOption({ label: 'Submitted' });
  await field(page, 'Submitted on').fill(dayAfter(end, 8));
  await field(page, 'Status').selectOption({ label: 'More information requested' });
  const history = page.getByRole('list', { name: 'Status history', exact: true });
  await eventually(async () => assert.equal(await history.getByRole('listitem').count(), 2));
  // Ten days on, Submitted on is corrected to a day after that request.
  await page.clock.setSystemTime(new Date(`${dayAfter(end, 20)}T12:00:00`));
  await page.reload();
  await field(page, 'Submitted on').fill(dayAfter(end, 15));
  await page.getByText(`Submitted on: this is after Partner Center answered the claim (${said(dayAfter(end, 10))}), so it was submitted before. Type the day the claim was submitted in Partner Center.`).waitFor();
  assert.equal(await field(page, 'Submitted on').getAttribute('aria-invalid'), 'true');
  // The history, newest first: each change's day.
  const days = async () => (await history.getByRole('listitem').allInnerTexts()).map((text) => text.split(':')[0].replace(/\s+/g, ' '));
  assert.deepEqual(await days(), [said(dayAfter(end, 10)), said(dayAfter(end, 8))], 'the submission is not dated after the request it answered');
  // Meanwhile the page names one day for the submission: the history's.
  await page.getByRole('region', { name: 'Dates', exact: true }).getByText(`Submitted on ${said(dayAfter(end, 8))}: in time.`).waitFor();
  // A day before the request is taken, by the field and the history alike.
  await field(page, 'Submitted on').fill(dayAfter(end, 9));
  await eventually(async () => assert.deepEqual(await days(), [said(dayAfter(end, 10)), said(dayAfter(end, 9))]));
  assert.equal(await page.getByText('Submitted on: this', { exact: false }).count(), 0);
  // Corrected and submitted again: the lock notice names both days, the first one the
  // deadline was met by, and the one whose content the lock keeps.
  await field(page, 'Status').selectOption({ label: 'Submitted' });
  await page.locator('#submitted-notice').getByText(`Submitted on ${said(dayAfter(end, 9))}, and again on ${said(dayAfter(end, 20))}: the claim is locked so that it stays what Partner Center received.`).waitFor();
  await field(page, 'Status').selectOption({ label: 'Approved' });
  await page.locator('#submitted-notice').getByText(`Submitted on ${said(dayAfter(end, 9))}, and again on ${said(dayAfter(end, 20))}; status: Approved. The claim is locked so that it stays what Partner Center received.`).waitFor();
});

journey('the claim on the page is archived and restored from its Submission card, by the names Archive and Restore; archived, it still shows its retention end', async (page) => {
  await button(page, 'Load example claim').click();
  // Partner Center's payment statuses, in order: the tax invoice awaited, then the payment.
  const status = list(page).locator('.claim-row .claim-status');
  const asks = page.getByText('Partner Center waits for your tax invoice before it pays this claim: provide it there.');
  await field(page, 'Status').selectOption({ label: 'Pending tax invoice' });
  await eventually(async () => assert.equal(await status.innerText(), 'Pending tax invoice'));
  await asks.waitFor();
  await field(page, 'Status').selectOption({ label: 'Payment in progress' });
  await eventually(async () => assert.equal(await status.innerText(), 'Payment in progress'));
  assert.equal(await asks.count(), 0, 'only while the tax invoice is awaited');
  await field(page, 'Status').selectOption({ label: 'Paid (payment sent)' });
  // The lock notice's day is the submission's, not the payment's.
  await field(page, 'Submitted on').fill(await field(page, 'Activity end').inputValue());
  await page.locator('#submitted-notice').getByText(/^Submitted on \w+\s\d+,\s\d{4}; status: Paid \(payment sent\)\. The claim is locked/).waitFor();
  const card = page.getByRole('region', { name: 'Submission', exact: true });
  // Pressed twice as a double click, it archives once: the second click would otherwise
  // press Restore, which takes its place.
  await card.getByRole('button', { name: 'Archive', exact: true }).dblclick();
  // Out of the active list, in the archived group, and the card offers it back.
  await list(page).getByRole('heading', { name: 'Archived', exact: true }).waitFor();
  await card.getByRole('button', { name: 'Restore', exact: true }).waitFor();
  assert.equal(await button(page, 'Archive').count(), 0, 'one name, Archive or Restore, at a time');
  // Its row says how long to keep the originals (the Dates card's date), and so does the calendar.
  const kept = await page.getByRole('region', { name: 'Dates', exact: true }).locator('[data-date="retention-end"] time').getAttribute('datetime');
  assert.match(kept, /^\d{4}-\d{2}-\d{2}$/);
  const row = list(page).locator('.claim-row', { hasText: 'Contoso cloud security webinar' });
  assert.match((await row.locator('.claim-deadline').innerText()).replace(/\s+/g, ' '), /^Keep originals until \w+ \d+, \d{4}/);
  assert.equal(await row.locator('.claim-deadline time').getAttribute('datetime'), kept);
  // A second claim (no dates yet: no events of its own); the archived claim's deadline
  // is withdrawn (a reminder imported before is taken back), its retention end kept.
  await button(page, 'New claim').click();
  await field(page, 'Claim title').fill('Second claim');
  const icsFile = await download(page, 'Export all deadlines (calendar)');
  const events = JSON.parse(execFileSync('python3', ['-c', "import icalendar, json, sys; cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read()); print(json.dumps([[str(e['SUMMARY']), e['DTSTART'].dt.isoformat(), str(e.get('STATUS', ''))] for e in cal.walk('VEVENT')]))", icsFile], { encoding: 'utf8' }));
  assert.deepEqual(
    events.map(([summary, , status]) => [summary, status]),
    [['Withdrawn: Co-op claim deadline: Contoso cloud security webinar', 'CANCELLED'], ['Last day to keep the Co-op originals: Contoso cloud security webinar', '']],
  );
  assert.equal(events[1][1], kept);
  await list(page).getByRole('button', { name: 'Open Contoso cloud security webinar', exact: true }).click();
  await page.getByText('Saved on this device.').waitFor();
  await page.waitForTimeout(800);
  await page.reload();
  await list(page).getByRole('heading', { name: 'Archived', exact: true }).waitFor();
  await button(page, 'Restore').click();
  await eventually(async () => assert.equal(await list(page).getByRole('heading', { name: 'Archived', exact: true }).count(), 0));
  await card.getByRole('button', { name: 'Archive', exact: true }).waitFor();
  // Archived without an activity end, a row says the day is not known, not what to type.
  await list(page).getByRole('button', { name: 'Archive Second claim', exact: true }).click();
  const second = list(page).locator('.claim-row', { hasText: 'Second claim' });
  await eventually(async () => assert.equal((await second.locator('.claim-deadline').innerText()).replace(/\s+/g, ' ').trim(), 'How long to keep the originals is not known: the activity end was not entered'));
  // In French too, a sentence of its own (not "jusqu'au inconnue").
  await button(page, 'Français').click();
  await eventually(async () => assert.equal((await page.locator('.claim-row', { hasText: 'Second claim' }).locator('.claim-deadline').innerText()).replace(/\s+/g, ' ').trim(), "Durée de conservation des originaux inconnue : la fin de l'activité n'a pas été saisie"));
});

journey('two claims of one usage period together over its funds are a blocker on each, until one is lowered', async (page) => {
  await button(page, 'Load example claim').click();
  await eventually(async () => assert.equal(await page.locator('li.document .facts', { hasText: 'SHA-256' }).count(), 7));
  const checks = page.getByRole('region', { name: 'Checks', exact: true });
  assert.equal(await checks.locator('[data-code="FUNDS-PERIOD-EXCEEDED"]').count(), 0);
  const period = page.getByRole('region', { name: "This usage period's funds", exact: true });
  // The example as it was loaded stands apart: a copy of it (the partner's own claim)
  // is alone in the period, and counts none of the example's made-up funds.
  await list(page).getByRole('button', { name: 'Duplicate Contoso cloud security webinar', exact: true }).click();
  await period.getByText('Claimed by 1 claim').waitFor();
  assert.equal(await checks.locator('[data-code="FUNDS-PERIOD-EXCEEDED"]').count(), 0);
  assert.match(await list(page).locator('.claim-row:not([aria-current])', { hasText: 'Contoso cloud security webinar' }).locator('.claim-blockers').innerText(), /^Ready/);
  // Changed by the partner, the example is theirs: a copy then claims the same
  // 6,850.00 of the period's 12,000.00.
  await list(page).getByRole('button', { name: 'Delete Contoso cloud security webinar (copy)', exact: true }).click();
  await eventually(async () => assert.equal(await field(page, 'Claim title').inputValue(), 'Contoso cloud security webinar'));
  await page.locator('li.document').first().getByLabel('Note', { exact: true }).fill('Ours now.');
  await list(page).getByRole('button', { name: 'Duplicate Contoso cloud security webinar', exact: true }).click();
  await checks.getByText("The 2 claims of this usage period claim $13,700.00 together, more than the period's available funds, $12,000.00.").waitFor();
  // The period's funds beside the claim's dates: what is claimed, what remains.
  await period.getByText('Claimed by 2 claims').waitFor();
  const value = (label) => period.locator('dt', { hasText: label }).locator('xpath=following-sibling::dd[1]').textContent();
  assert.equal(await value('Claimed by 2 claims'), '$13,700.00');
  assert.equal(await value('Available funds'), '$12,000.00');
  assert.equal(await value('Over the funds by'), '$1,700.00');
  await field(page, 'Claimed amount').fill('5,000.00');
  await eventually(async () => assert.equal(await checks.locator('[data-code="FUNDS-PERIOD-EXCEEDED"]').count(), 0));
  // Its deadline, with the days left; once the claim went in, the day alone, as the
  // Dates card says it (not "15 days overdue" beside "in time").
  assert.match(await value('Claim deadline'), /\(in \d+ days\)$/);
  await field(page, 'Status').selectOption({ label: 'Submitted' });
  await eventually(async () => assert.doesNotMatch(await value('Claim deadline'), /\(/));
});

// Rejected, the claim stands as it was submitted: its Submitted on is no slip, and the
// reviewer's reason added as a note records no submission of its own (it was said to be
// before the rejection, and the note made one up, dated the day it was added).
journey('a claim standing rejected keeps the day it was submitted, and a note added to the rejection makes no new submission', async (page) => {
  await button(page, 'Load example claim').click();
  await eventually(async () => assert.equal(await page.locator('li.document .facts', { hasText: 'SHA-256' }).count(), 7));
  await field(page, 'Status').selectOption({ label: 'Submitted' });
  await page.locator('#submitted-notice').waitFor();
  const submittedOn = await field(page, 'Submitted on').inputValue();
  await field(page, 'Status').selectOption({ label: 'Rejected' });
  await field(page, "Note (a reviewer's request, pasted)").fill('The CSR is not signed.');
  await button(page, 'Add note').click();
  await page.getByText('The CSR is not signed.').first().waitFor();
  assert.equal(await field(page, 'Submitted on').inputValue(), submittedOn);
  assert.notEqual(await field(page, 'Submitted on').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.getByText(/before Partner Center rejected the claim/).count(), 0);
  const history = await page.getByRole('list', { name: 'Status history', exact: true }).locator('li').allTextContents();
  assert.equal(history.length, 3, JSON.stringify(history));
  assert.equal(history.filter((line) => /Submitted/.test(line)).length, 1, JSON.stringify(history));
});

// A customer offer is capped at a share of the period's earned funds: given on another
// claim of the period only, they cap this one (a blocker, not a request for them), and
// the period's card shows them, where the figure came from.
journey('earned funds given on another claim of the usage period cap this one, and its period card shows them', async (page) => {
  await button(page, 'New claim').click();
  await field(page, 'Claim title').fill('Offer funds');
  await field(page, 'Partner ID').fill('4412345');
  await field(page, 'Usage period start').fill('2026-07-01');
  await field(page, 'Usage period end').fill('2026-12-31');
  await field(page, 'Activity type').selectOption({ label: 'Customer offer' });
  await field(page, 'Earned funds').fill('20,000.00');
  await page.getByText('Saved on this device.').waitFor();
  await list(page).getByRole('button', { name: 'Duplicate Offer funds', exact: true }).click();
  await eventually(async () => assert.equal(await field(page, 'Claim title').inputValue(), 'Offer funds (copy)'));
  await field(page, 'Earned funds').fill('');
  await field(page, 'Claimed amount').fill('6,000.00');
  const checks = page.getByRole('region', { name: 'Checks', exact: true });
  await checks.locator('[data-code="AMOUNT-CAP"]').waitFor();
  assert.equal(await checks.locator('[data-code="CAP-UNCHECKED"]').count(), 0, 'not asked for the earned funds the period has');
  const period = page.getByRole('region', { name: "This usage period's funds", exact: true });
  await eventually(async () => assert.equal(await period.locator('dt', { hasText: 'Earned funds' }).locator('xpath=following-sibling::dd[1]').textContent(), '$20,000.00'));
});

journey('two claims over a cap per usage period together: the other claim\'s row counts it as its page does', async (page) => {
  await button(page, 'Load example claim').click();
  await eventually(async () => assert.equal(await page.locator('li.document .facts', { hasText: 'SHA-256' }).count(), 7));
  // Syndicated content: at most $18,750.00 per usage period. $10,000.00 alone is within it,
  // and funds of $100,000.00 keep the period's funds out of the count.
  await field(page, 'Activity type').selectOption({ label: 'Microsoft syndicated content' });
  await field(page, 'Claimed amount').fill('10,000.00');
  await field(page, 'Available funds').fill('100,000.00');
  const checks = page.getByRole('region', { name: 'Checks', exact: true });
  const caps = checks.locator('[data-code="AMOUNT-CAP"]');
  await page.getByText('Saved on this device.').waitFor();
  assert.equal(await caps.count(), 0);
  // A row's blockers: "Ready: no blockers", or "n blocker(s)".
  const blockers = async (row) => {
    const text = await row.locator('.claim-blockers').innerText();
    return text.startsWith('Ready') ? 0 : Number(text.match(/^(\d+) blockers?$/)?.[1]);
  };
  const original = list(page).locator('.claim-row:not([aria-current])', { hasText: 'Contoso cloud security webinar' });
  const alone = await blockers(list(page).locator('.claim-row', { hasText: 'Contoso cloud security webinar' }));
  assert.ok(Number.isInteger(alone));
  // A copy claims the same $10,000.00 of the period: over the cap together, on both.
  await list(page).getByRole('button', { name: 'Duplicate Contoso cloud security webinar', exact: true }).click();
  await caps.waitFor();
  assert.match(await caps.innerText(), /\$20,000\.00 is claimed, by this claim and 1 other of the period/);
  await eventually(async () => assert.equal(await blockers(original), alone + 1));
  // Lowered on the page to $8,750.00: $18,750.00 together is at the cap, and the row clears.
  await field(page, 'Claimed amount').fill('8,750.00');
  await eventually(async () => assert.equal(await caps.count(), 0));
  await eventually(async () => assert.equal(await blockers(original), alone));
  // Over again, then opened: the claim's page says what its row said.
  await field(page, 'Claimed amount').fill('8,750.01');
  await eventually(async () => assert.equal(await blockers(original), alone + 1));
  await list(page).getByRole('button', { name: 'Open Contoso cloud security webinar', exact: true }).click();
  await caps.waitFor();
  await eventually(async () => assert.equal(await checks.locator('[data-severity="blocker"]').count(), alone + 1));
});

journey('with many claims the list folds to the claim on the page; rows count the period funds; a second tab follows a submission and an archive', async (page, app) => {
  await button(page, 'Load example claim').click();
  await eventually(async () => assert.equal(await page.locator('li.document .facts', { hasText: 'SHA-256' }).count(), 7));
  await page.getByText('Saved on this device.').waitFor();
  await page.waitForTimeout(800);
  // Four copies of the example (6,850.00 each, one usage period of 12,000.00): odd ones submitted.
  await storeCopiesOfClaim(page, { count: 4, prefix: 'Fold claim ', statuses: ['preparing', 'submitted'] });
  await page.reload();
  // Folded: the claim on the page, then its own page at once, and "Show all".
  const showAll = list(page).getByRole('button', { name: 'Show all 5 claims', exact: true });
  await showAll.waitFor();
  assert.deepEqual(await titles(page), ['Contoso cloud security webinar']);
  const listBottom = await list(page).evaluate((element) => element.getBoundingClientRect().bottom);
  const formTop = await field(page, 'Claim title').evaluate((element) => element.getBoundingClientRect().top);
  // (Between them: the Claim card's heading and its help, and the line on required fields.
  // The folded list ends with its exports and backup buttons.)
  assert.ok(formTop - listBottom < 200 && formTop < 850, `the form follows the folded list (list ends at ${listBottom} px, form at ${formTop} px)`);
  await showAll.focus();
  await page.keyboard.press('Enter');
  await eventually(async () => assert.equal((await titles(page)).length, 5));
  // The button went: the focus is on the first claim it showed, not lost.
  await eventually(async () => assert.match(await page.evaluate(() => document.activeElement?.id ?? ''), /^open-/));
  await list(page).getByRole('button', { name: 'Back up all claims', exact: true }).waitFor();
  // Rows of claims not on the page count the period's funds, as their page will.
  const row = (name) => list(page).locator('.claim-row', { hasText: name });
  assert.equal(await row('Fold claim 002').locator('.claim-blockers').innerText(), '1 blocker');
  // A submitted claim's row says when it went in, not a deadline that no longer applies.
  const submitted = (await row('Fold claim 001').locator('.claim-deadline').innerText()).replace(/\s+/g, ' ');
  assert.match(submitted, /^Submitted October 1, 2026 Submitted$/);
  assert.equal(await row('Fold claim 001').locator('.claim-deadline .relative').count(), 0);
  // Opening a claim folds the list again: its form is right below.
  await list(page).getByRole('button', { name: 'Open Fold claim 002', exact: true }).click();
  await showAll.waitFor();
  assert.deepEqual(await titles(page), ['Fold claim 002']);
  const checks = page.getByRole('region', { name: 'Checks', exact: true });
  await checks.locator('[data-code="FUNDS-PERIOD-EXCEEDED"]').waitFor();
  assert.equal(await row('Fold claim 002').locator('.claim-blockers').innerText(), '1 blocker');

  // A second tab follows the first's submission and archive.
  const other = await app.context.newPage();
  other.on('pageerror', (error) => app.errors.push(`page error (second tab): ${error.message}`));
  await other.goto(env.server.url);
  await list(other).getByRole('button', { name: 'Show all 5 claims', exact: true }).click();
  await field(page, 'Partner Center claim ID').fill('PC-2026-55001');
  await field(page, 'Status').selectOption({ label: 'Submitted' });
  await page.locator('#submitted-notice').waitFor();
  await eventually(async () => assert.match((await list(other).locator('.claim-row', { hasText: 'Fold claim 002' }).locator('.claim-deadline').innerText()).replace(/\s+/g, ' '), /^Submitted \w+ \d+, \d{4} Submitted$/));
  await showAll.click();
  await list(page).getByRole('button', { name: 'Archive Fold claim 003', exact: true }).click();
  await list(other).getByRole('heading', { name: 'Archived', exact: true }).waitFor();
  await list(other).getByRole('button', { name: 'Restore Fold claim 003', exact: true }).waitFor();
  // Restored in the second tab, the first follows.
  await list(other).getByRole('button', { name: 'Restore Fold claim 003', exact: true }).click();
  await list(page).getByRole('button', { name: 'Archive Fold claim 003', exact: true }).waitFor();
  await eventually(async () => assert.equal(await list(page).getByRole('heading', { name: 'Archived', exact: true }).count(), 0));
  await other.close();
}, { timeout: 240_000 });

journey('folded, the list keeps the claims due soon and the backup buttons in view; a restore that adds claims shows them', async (page, app) => {
  await button(page, 'Load example claim').click();
  await eventually(async () => assert.equal(await page.locator('li.document .facts', { hasText: 'SHA-256' }).count(), 7));
  await page.getByText('Saved on this device.').waitFor();
  await page.waitForTimeout(800);
  await storeCopiesOfClaim(page, { count: 4, prefix: 'Soon claim ' });
  await page.reload();
  const showAll = list(page).getByRole('button', { name: 'Show all 5 claims', exact: true });
  await showAll.waitFor();
  assert.deepEqual(await titles(page), ['Contoso cloud security webinar'], 'no claim is due soon yet');
  await list(page).getByRole('button', { name: 'Back up all claims', exact: true }).waitFor();
  // One claim's usage period ended 35 days ago: its deadline is in 10 days.
  await showAll.click();
  await list(page).getByRole('button', { name: 'Open Soon claim 002', exact: true }).click();
  const iso = (days) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  await field(page, 'Usage period start').fill(iso(-65));
  await field(page, 'Usage period end').fill(iso(-35));
  await showAll.click();
  await list(page).getByRole('button', { name: 'Open Contoso cloud security webinar', exact: true }).click();
  await showAll.waitFor();
  await eventually(async () => assert.deepEqual(await titles(page), ['Soon claim 002', 'Contoso cloud security webinar'], 'the claim due soon stays in view, nearest first'));
  // Shown all, the keyboard goes to the first claim that was not in view, not to the
  // claim due soon it passed already; folded again, back to "Show all".
  await showAll.press('Enter');
  await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent), 'Open Soon claim 001'));
  await button(page, 'Show only the claim on this page').press('Enter');
  await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement?.id), 'claims-unfold'));
  // Backed up from the folded list, and restored in a browser whose data was cleared:
  // the claims restored are in view, not folded away behind an empty claim.
  const backup = await download(page, 'Back up all claims');
  const fresh = await app.context.browser().newContext();
  try {
    const other = await fresh.newPage();
    await other.goto(env.server.url);
    const chooser = other.waitForEvent('filechooser');
    await list(other).getByRole('button', { name: 'Restore backup', exact: true }).click();
    await (await chooser).setFiles(backup);
    await list(other).getByText(/5 claims were restored/).waitFor();
    await eventually(async () => assert.equal((await titles(other)).filter((title) => title.startsWith('Soon claim ') || title === 'Contoso cloud security webinar').length, 5));
  } finally {
    await fresh.close();
  }
});
