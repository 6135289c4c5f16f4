// What the page says is true, points at something the partner can fix, and reads well in
// both languages; the keyboard always lands where the work continues.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eventually, journey as defineJourney, TIMEOUT, useBrowser } from './harness.mjs';

const env = useBrowser({ before, after });
const journey = (name, body, options = {}) => defineJourney(test, env, name, body, { timeout: 120_000, ...options });

const field = (page, label) => page.getByLabel(label, { exact: true });
const button = (page, name) => page.getByRole('button', { name, exact: true });
const checks = (page, name = 'Checks') => page.getByRole('region', { name, exact: true });
const finding = (page, code, region) => checks(page, region).locator(`[data-code="${code}"]`);
const focusedId = (page) => page.evaluate(() => document.activeElement?.id ?? '');
/** Text as a person reads it: no-break spaces are spaces. */
const plain = (text) => text.replace(/[\u00a0\u202f]/g, ' ');

async function loadExample(page, name = 'Load example claim', title = 'Claim title') {
  await button(page, name).click();
  await eventually(async () => assert.notEqual(await field(page, title).inputValue(), ''));
}

journey('proof items not covered are each named by their marker on the proof document, in English and French', async (page) => {
  await button(page, 'Load example claim').click();
  await eventually(async () => assert.equal(await page.locator('li.document .facts', { hasText: 'SHA-256' }).count(), 7));
  // Another activity type: none of its two proof items is ticked on the example's proofs.
  await field(page, 'Activity type').selectOption({ label: 'Tradeshow or exhibition' });
  const marks = page.locator('li.document [data-marker="POE-ITEM-MISSING"]');
  // Each says its severity in words to a screen reader (the eye sees a glyph).
  await eventually(async () => assert.deepEqual(await marks.allTextContents(), ['Blocker, Proof item not covered: Invitation or programme', 'Blocker, Proof item not covered: Photo of participation']));
  assert.deepEqual(await marks.evaluateAll((items) => items.map((item) => getComputedStyle(item, '::before').content)), ['"✕ " / ""', '"✕ " / ""']);
  assert.equal(await finding(page, 'POE-ITEM-MISSING').count(), 2);
  await button(page, 'Français').click();
  await eventually(async () => assert.deepEqual((await marks.allTextContents()).map(plain), ['Bloquant, Élément de preuve non couvert : Invitation ou programme', 'Bloquant, Élément de preuve non couvert : Photo de la participation']));
});

// PRODUCT.md §2.2: amounts in the partner's locale. India's English groups by lakh.
journey('an Indian partner reads amounts grouped by lakh, as typed either way', async (page) => {
  await loadExample(page);
  assert.equal(await field(page, 'Currency').inputValue(), 'INR');
  const claimed = field(page, 'Claimed amount');
  const reading = page.locator('#claim-claimed-amount-reading');
  for (const typed of ['1234567.50', '12,34,567.50', '1,234,567.50']) {
    await claimed.fill(typed);
    await eventually(async () => assert.match(plain(await reading.innerText()), /^Read as \S*\s?12,34,567\.50$/, typed));
  }
}, { locale: 'en-IN' });

journey('a field that is not shown does not block: attendees typed, then another activity type', async (page) => {
  await loadExample(page);
  await field(page, 'Activity type').selectOption({ label: 'Microsoft-hosted conference' });
  await field(page, 'Attendees').fill('four');
  await eventually(async () => assert.equal(await finding(page, 'FIELD-INVALID').count(), 1));

  await field(page, 'Activity type').selectOption({ label: 'Customer seminar or webinar' });
  await eventually(async () => assert.equal(await field(page, 'Attendees').count(), 0, 'the field is gone'));
  assert.equal(await finding(page, 'FIELD-INVALID').count(), 0, 'and so is its blocker');
  // Every finding still on the page points at a control that exists.
  for (const item of await checks(page).locator('[data-target]').all()) {
    const id = await item.getAttribute('data-target');
    assert.equal(await page.locator(`[id="${id}"]`).count(), 1, `a finding points at #${id}, which is not on the page`);
  }

  // What was typed is kept, and judged again once the field applies again.
  await field(page, 'Activity type').selectOption({ label: 'Microsoft-hosted conference' });
  assert.equal(await field(page, 'Attendees').inputValue(), 'four');
  await eventually(async () => assert.equal(await finding(page, 'FIELD-INVALID').count(), 1));
});

journey('amounts show how they were read; a currency sign is accepted, another currency is not, 1,234 warns', async (page) => {
  await loadExample(page);
  const claimed = field(page, 'Claimed amount');
  const reading = page.locator('#claim-claimed-amount-reading');

  await claimed.fill('$6,850.50');
  await eventually(async () => assert.equal(plain(await reading.innerText()), 'Read as $6,850.50'));
  assert.equal(await finding(page, 'FIELD-INVALID').count(), 0);
  assert.match((await claimed.getAttribute('aria-describedby')) ?? '', /claim-claimed-amount-reading/);

  await claimed.fill('€6850');
  await eventually(async () => assert.equal(await finding(page, 'FIELD-INVALID').count(), 1));
  assert.match(await finding(page, 'FIELD-INVALID').innerText(), /not this amount's currency/);
  assert.equal(await reading.count(), 0, 'nothing is said to be read from an unreadable amount');

  await claimed.fill('6,850');
  await eventually(async () => assert.equal(await finding(page, 'AMOUNT-AMBIGUOUS').getAttribute('data-severity'), 'warning'));
  const said = plain(await finding(page, 'AMOUNT-AMBIGUOUS').innerText());
  assert.match(said, /“6,850” is read as \$6,850\.00/);
  assert.match(said, /could also mean 6\.85, the separator as a decimal point\./);
  assert.match(said, /type 6850 without the separator/);
  await claimed.fill('6850');
  await eventually(async () => assert.equal(await finding(page, 'AMOUNT-AMBIGUOUS').count(), 0));
});

journey(
  'a French page loads the example in French and in euros, and reads amounts the French way',
  async (page) => {
    await loadExample(page, "Charger l'exemple de demande", 'Intitulé de la demande');
    assert.equal(await field(page, 'Intitulé de la demande').inputValue(), 'Webinaire Contoso sur la sécurité du cloud');
    assert.equal(await field(page, 'Devise').inputValue(), 'EUR');
    assert.equal(plain(await field(page, 'Montant demandé').inputValue()), '6 850,00');
    await eventually(async () => assert.equal(plain(await page.locator('#claim-claimed-amount-reading').innerText()), 'Lu : 6 850,00 €'));
    assert.equal(await checks(page, 'Vérifications').locator('[data-severity="blocker"]').count(), 0);
    // A date typed is read back as the page writes it, whatever order the browser's date
    // field gives day and month: 1 July, not 7 January, for a French partner.
    const start = field(page, "Début de l'activité");
    const example = await start.inputValue();
    await start.fill('2026-07-01');
    await eventually(async () => assert.equal(plain(await page.locator('#claim-activity-start-reading').innerText()), 'Lu : 1er juillet 2026'));
    assert.match((await start.getAttribute('aria-describedby')) ?? '', /claim-activity-start-reading/);
    await start.fill(example);
    // Earning periods are named in French.
    const options = await field(page, "Période d'acquisition").locator('option').allInnerTexts();
    assert.ok(options.some((text) => /^S[12] de l'exercice \d{4}/.test(plain(text))), options.join('\n'));
    assert.ok(!options.some((text) => /FY\d\d/.test(text)), options.join('\n'));
  },
  { locale: 'fr-FR', readyButton: "Charger l'exemple de demande" },
);

journey('the earning period to choose is offered, and older periods are in the list', async (page) => {
  await loadExample(page);
  await field(page, 'Activity start').fill('2018-08-01');
  await field(page, 'Activity end').fill('2018-08-31');
  await eventually(async () => assert.equal(await finding(page, 'ACTIVITY-OUTSIDE-USAGE').count(), 1));
  assert.match(plain(await finding(page, 'ACTIVITY-OUTSIDE-USAGE').innerText()), /Choose the earning period FY18 H2 \(January 1, 2018 to June 30, 2018\)/);
  const labels = await field(page, 'Earning period').locator('option').allInnerTexts();
  assert.ok(labels.some((label) => plain(label).startsWith('FY18 H2: January 1, 2018 to June 30, 2018 (for this activity)')), labels.join('\n'));

  await button(page, 'Use FY18\u00a0H2').click();
  await eventually(async () => assert.equal(await field(page, 'Usage period start').inputValue(), '2018-07-01'));
  assert.equal(await field(page, 'Usage period end').inputValue(), '2018-12-31');
  await eventually(async () => assert.equal(await finding(page, 'ACTIVITY-OUTSIDE-USAGE').count(), 0));
  assert.equal(await button(page, 'Use FY18\u00a0H2').count(), 0, 'the offer goes once taken');
});

journey('printing says what it is, with dates and no day counts, and no markup from the claim', async (page) => {
  await loadExample(page);
  await field(page, 'Claim title').fill('<img src=x onerror="window.pwned=1">Webinar');
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  const summary = page.locator('.print-summary');
  await eventually(async () => assert.match(plain(await summary.innerText()), /Printed from the page on /));
  const text = plain(await summary.innerText());
  assert.ok(!/Package built/.test(text), text);
  assert.ok(!/Every file of this package/.test(text), `no package to check yet: ${text}`);
  assert.match(text, /Build package lists every file of the claim with its SHA-256/);
  assert.ok(!/\(in \d+ days?\)|days overdue/.test(text), text);
  assert.equal(await summary.locator('img').count(), 0, 'the title is text, not an element');
  assert.match(await summary.locator('h1').innerText(), /^<img src=x onerror="window.pwned=1">Webinar$/);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
});

journey('the keyboard lands where the work continues: new cost line, build question, Escape, result', async (page) => {
  await loadExample(page);
  await button(page, 'Add cost line').click();
  await eventually(async () => assert.match(await focusedId(page), /^cost-\d+-description$/));
  await page.keyboard.type('Catering');
  assert.equal(await page.locator(`#${await focusedId(page)}`).inputValue(), 'Catering');

  // The new line has no amount: a blocker, so Build package asks first.
  await button(page, 'Build package').click();
  await eventually(async () => assert.equal(await focusedId(page), 'package-build-anyway'));
  // The question is modal: Tab goes round its two buttons, both ways.
  assert.equal(await page.getByRole('alertdialog').getAttribute('aria-modal'), 'true');
  await page.keyboard.press('Tab');
  assert.equal(await focusedId(page), 'package-back');
  await page.keyboard.press('Tab');
  assert.equal(await focusedId(page), 'package-build-anyway');
  await page.keyboard.press('Shift+Tab');
  assert.equal(await focusedId(page), 'package-back');
  // Going elsewhere all the same (a click in a field) closes it there: it never stays
  // open beside a claim corrected since, its count of blockers stale.
  await field(page, 'Claim title').click();
  await eventually(async () => assert.equal(await button(page, 'Build anyway').count(), 0, 'left, the question closes'));
  assert.equal(await focusedId(page), 'claim-title', 'the keyboard stays where the partner went');
  await button(page, 'Build package').click();
  await eventually(async () => assert.equal(await focusedId(page), 'package-build-anyway'));
  await page.keyboard.press('Escape');
  await eventually(async () => assert.equal(await button(page, 'Build anyway').count(), 0, 'Escape closes the question'));
  await eventually(async () => assert.equal(await focusedId(page), 'build-package'));

  await button(page, 'Build package').click();
  const download = page.waitForEvent('download');
  await button(page, 'Build anyway').click();
  await download;
  await eventually(async () => assert.equal(await focusedId(page), 'package-result'));
  assert.match(await page.locator('#package-result').innerText(), /blocker/);
});

journey('a package that cannot be opened: the keyboard goes to the reason', async (page) => {
  const scratch = await mkdtemp(path.join(tmpdir(), 'preflight-clarity-'));
  const notZip = path.join(scratch, 'notes.zip');
  await writeFile(notZip, 'not a zip at all');
  const chooser = page.waitForEvent('filechooser');
  await button(page, 'Open package').click();
  await (await chooser).setFiles(notZip);
  await eventually(async () => assert.equal(await focusedId(page), 'open-report'));
  assert.match(await page.locator('#open-report').innerText(), /notes\.zip could not be opened/);
});

journey('the example or a package already here, unchanged, is shown again rather than copied', async (page) => {
  const list = page.getByRole('region', { name: 'Your claims', exact: true });
  const rows = () => list.getByRole('listitem');
  await loadExample(page);
  await eventually(async () => assert.equal(await page.locator('li.document .facts', { hasText: 'SHA-256' }).count(), 7));
  await button(page, 'New claim').click();
  await field(page, 'Claim title').fill('Trade show');
  await button(page, 'Load example claim').click();
  const notice = page.locator('.notice');
  await notice.getByText(/The example claim is already on this device, unchanged/).waitFor();
  assert.equal(await field(page, 'Claim title').inputValue(), 'Contoso cloud security webinar');
  assert.equal(await rows().filter({ hasText: 'Contoso cloud security webinar' }).count(), 1, 'one example, not two');
  await eventually(async () => assert.equal(await focusedId(page), 'claim-title'));

  // The package of the claim here, opened at once to check it: its documents verified,
  // and the claim it was built from shown, not a second one (which would claim the
  // period's funds and the invoices twice); the same when opened again.
  const scratch = await mkdtemp(path.join(tmpdir(), 'preflight-twice-'));
  const [file] = await Promise.all([page.waitForEvent('download'), button(page, 'Build package').click()]);
  const saved = path.join(scratch, file.suggestedFilename());
  await file.saveAs(saved);
  await button(page, 'New claim').click();
  for (let time = 1; time <= 2; time += 1) {
    const chooser = page.waitForEvent('filechooser');
    await button(page, 'Open package').click();
    await (await chooser).setFiles(saved);
    await page.getByRole('region', { name: 'Opened package', exact: true }).getByText(/this claim was already on this device and is the one shown; all \d+ of the package's documents match/).waitFor();
    await notice.getByText(/The claim of this package, “Contoso cloud security webinar”, is already on this device/).waitFor();
    assert.equal(await field(page, 'Claim title').inputValue(), 'Contoso cloud security webinar');
    assert.equal(await rows().filter({ hasText: 'Contoso cloud security webinar' }).count(), 1, 'the example, not a copy');
  }
  const checks = page.getByRole('region', { name: 'Checks', exact: true });
  assert.equal(await checks.locator('[data-code="FUNDS-PERIOD-EXCEEDED"], [data-code="INVOICE-REUSED"]').count(), 0);
});

journey('each section has a short help on request, in both languages, whose links fetch nothing until followed', async (page, app) => {
  for (const section of ['Claim', 'Usage period', 'Activity', 'Cost lines', 'Documents']) {
    const summary = page.locator('summary', { hasText: `About: ${section}` });
    assert.equal(await summary.count(), 1, `help for ${section}`);
    const details = summary.locator('xpath=..');
    assert.equal(await details.getAttribute('open'), null, 'closed until asked for');
    await summary.click();
    assert.ok((await details.innerText()).length > 120, `the help of ${section} says something`);
  }
  assert.match(await page.locator('details', { hasText: 'About: Usage period' }).innerText(), /45 days after the usage period ends/);
  const links = page.locator('details.section-help a');
  assert.ok((await links.count()) >= 2);
  for (const link of await links.all()) {
    assert.match(await link.getAttribute('href'), /^https:\/\/learn\.microsoft\.com\//);
    assert.equal(await link.getAttribute('target'), '_blank');
    assert.match(await link.getAttribute('rel'), /noopener/);
    // That it opens a new tab is in its name, heard where the link is listed or tabbed to.
    assert.match(await link.evaluate((a) => a.textContent), /\(opens Microsoft's site in a new tab\)$/);
  }
  await page.getByRole('link', { name: /\(opens Microsoft's site in a new tab\)$/ }).first().waitFor();
  // Nothing was fetched from Microsoft by opening the help (the harness fails on any
  // request to another origin, too).
  assert.ok(!app.requests.some((url) => url.includes('microsoft.com')));
  await button(page, 'Français').click();
  // Still open after the switch, now in French.
  const french = page.locator('details', { hasText: "À propos : Période d'utilisation" });
  assert.notEqual(await french.getAttribute('open'), null);
  assert.match(await french.innerText(), /45\sjours après la fin de la période d'utilisation/);
});

journey('the file size limit can be changed on the page and is remembered', async (page) => {
  await loadExample(page);
  const limit = field(page, 'File size limit (MB)');
  assert.equal(await limit.inputValue(), '25');
  // A 3 MB file that is what its name says (an MP4's signature), so the reader finds
  // nothing else to say of it.
  const recording = Buffer.alloc(3 * 1024 * 1024, 1);
  Buffer.from('\0\0\0\x18ftypisom', 'latin1').copy(recording);
  await page.getByLabel('Add documents', { exact: true }).setInputFiles([{ name: 'Recording.mp4', mimeType: 'video/mp4', buffer: recording }]);
  // Its size is known once it is read.
  await eventually(async () => assert.equal(await page.locator('li.document', { hasText: 'Recording.mp4' }).locator('.facts', { hasText: 'SHA-256' }).count(), 1));
  // And the reader is done with it: its finding arriving does not race the limit's edits.
  await eventually(async () => assert.equal(await page.locator('li.document', { hasText: 'Recording.mp4' }).getByText('Checking what it is…').count(), 0), { timeout: TIMEOUT * 2 });
  assert.equal(await finding(page, 'FILE-TOO-LARGE').count(), 0);

  await limit.fill('2');
  await limit.press('Enter');
  await limit.blur();
  await eventually(async () => assert.equal(await finding(page, 'FILE-TOO-LARGE').count(), 1));
  assert.match(plain(await finding(page, 'FILE-TOO-LARGE').innerText()), /more than this page's limit of 2 MB per file\.[^]*raise the File size limit \(MB\) under Documents\./);

  await limit.fill('0');
  // The page renders again while the field still has the focus (the claim's title
  // changed, as another tab's save or a file read would): what was typed stays.
  await page.evaluate(() => {
    const title = document.getElementById('claim-title');
    title.value = 'Contoso cloud security webinar, renamed';
    title.dispatchEvent(new InputEvent('input', { bubbles: true }));
  });
  await eventually(async () => assert.equal(await page.locator('.claim-row.shown strong').innerText(), 'Contoso cloud security webinar, renamed'));
  assert.equal(await limit.inputValue(), '0', 'what was typed is still in the field');
  await limit.blur();
  await page.getByText('Enter a whole number of megabytes from 1 to 4,096.').waitFor();
  assert.equal(await finding(page, 'FILE-TOO-LARGE').count(), 1, 'a wrong entry changes nothing');
  // Said in the page's language, a language switched since included.
  await button(page, 'Français').click();
  await page.getByText('Saisissez un nombre entier de mégaoctets, de 1 à 4 096.').waitFor();
  await button(page, 'English').click();
  await page.getByText('Enter a whole number of megabytes from 1 to 4,096.').waitFor();

  await page.reload();
  await button(page, 'Load example claim').waitFor();
  await eventually(async () => assert.equal(await field(page, 'File size limit (MB)').inputValue(), '2'));
  await eventually(async () => assert.equal(await finding(page, 'FILE-TOO-LARGE').count(), 1, 'the limit holds after a reload'));
});

journey('a removed document comes back with Undo, in its place, with its file', async (page) => {
  await loadExample(page);
  await eventually(async () => assert.equal(await page.locator('li.document .facts', { hasText: 'SHA-256' }).count(), 7));
  // textContent, not innerText: a row out of view is not laid out (content-visibility).
  const names = async () => (await page.locator('li.document h3').allTextContents()).map((name) => name.trim());
  const before = await names();
  await page.getByRole('button', { name: `Remove ${before[2]}`, exact: true }).click();
  await page.getByText(`“${before[2]}” was removed.`).waitFor();
  await eventually(async () => assert.equal(await focusedId(page), 'undo-remove-document'));
  assert.equal((await names()).length, 6);
  await page.keyboard.press('Enter');
  await eventually(async () => assert.deepEqual(await names(), before));
  await eventually(async () => assert.equal(await page.locator('li.document .facts', { hasText: 'SHA-256' }).count(), 7, 'its file came back too'));
  assert.equal(await page.getByText(`“${before[2]}” was removed.`).count(), 0);
  assert.equal(await finding(page, 'FILE-EMPTY').count(), 0);
  // The notice is no live region: Undo, where the keyboard goes, names what it brings
  // back (heard twice before, and again in French after a switch).
  await page.getByRole('button', { name: `Remove ${before[2]}`, exact: true }).click();
  const notice = page.locator('p.claim-deleted', { hasText: `“${before[2]}” was removed.` });
  await notice.waitFor();
  assert.equal(await notice.evaluate((element) => element.closest('[role="status"], [role="alert"], [aria-live]') === null), true);
  // Two removed, Undo double-clicked: one comes back, not both.
  await page.getByRole('button', { name: `Remove ${before[3]}`, exact: true }).click();
  await page.getByText(`“${before[3]}” was removed.`).waitFor();
  assert.equal((await names()).length, 5);
  await page.locator('#undo-remove-document').dblclick();
  await page.waitForTimeout(500);
  assert.equal((await names()).length, 6, 'one Undo for a double click');
  assert.equal(await page.getByText(`“${before[2]}” was removed.`).count(), 1, 'the one removed before is still offered');
});

journey('a file name with no break in it wraps in Checks and on its row, at desktop and phone widths', async (page) => {
  await loadExample(page);
  const name = `Webinar_recording_screenshot_${'x'.repeat(60)}.pdf`;
  await field(page, 'Add documents').setInputFiles([{ name, mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') }]);
  await finding(page, 'DOC-UNCLASSIFIED').first().waitFor();
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    const wide = await checks(page).evaluate((region) => [region.scrollWidth, region.clientWidth]);
    assert.ok(wide[0] <= wide[1], `Checks is ${wide[0]} px wide inside ${wide[1]} px at ${width}`);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), width, `nothing scrolls sideways at ${width}`);
  }
  // Removed, its name wraps in the notice too, at a phone's 320 px.
  await page.setViewportSize({ width: 320, height: 900 });
  await page.getByRole('button', { name: `Remove ${name}`, exact: true }).click();
  await page.locator('p.claim-deleted', { hasText: name }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 320, 'nothing scrolls sideways at 320 with the notice');
});

// Low vision: what Checks says of a field is seen on it, not only heard (aria-invalid);
// a claim's row never draws its blocker count over its deadline.
journey('a field a blocker names is marked where it is seen, and a claim row keeps its parts apart at 768 px', async (page) => {
  await loadExample(page);
  const start = await field(page, 'Activity start').inputValue();
  const before = new Date(Date.parse(`${start}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  await field(page, 'Activity end').fill(before);
  const end = field(page, 'Activity end');
  await eventually(async () => assert.equal(await end.getAttribute('aria-invalid'), 'true'));
  assert.equal(await end.evaluate((input) => getComputedStyle(input).borderInlineStartWidth), '6px');
  assert.equal(await page.locator('label[for="claim-activity-end"]').evaluate((label) => getComputedStyle(label, '::before').content), '"✕ " / ""');
  assert.equal(await field(page, 'Activity start').evaluate((input) => getComputedStyle(input).borderInlineStartWidth), '1px', 'not the field beside it');
  await page.setViewportSize({ width: 768, height: 900 });
  const row = page.locator('.claim-row').first();
  await row.locator('.claim-blocked').waitFor();
  const box = async (selector) => row.locator(selector).first().boundingBox();
  const [deadline, blockers] = [await box('.claim-deadline time'), await box('.claim-blocked')];
  const apart = deadline.x + deadline.width <= blockers.x || blockers.y >= deadline.y + deadline.height;
  assert.ok(apart, `deadline ${JSON.stringify(deadline)} and blockers ${JSON.stringify(blockers)} overlap`);
});
