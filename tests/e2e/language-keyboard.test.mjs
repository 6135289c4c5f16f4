// French and English, and the whole journey with the keyboard alone.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, formatViolations, openPage, problemsOf, runAxe, useBrowser } from './harness.mjs';

const env = useBrowser({ before, after });

const field = (page, label) => page.getByLabel(label, { exact: true });
const button = (page, name) => page.getByRole('button', { name, exact: true });

test('a French browser gets the page in French, dates as 14 février 2019, and can switch', { timeout: 120_000 }, async () => {
  const app = await openPage(env.browser, env.server.url, { locale: 'fr-FR', readyButton: "Charger l'exemple de demande" });
  const { page } = app;
  try {
    assert.equal(await page.getAttribute('html', 'lang'), 'fr');
    await field(page, "Début de la période d'utilisation").fill('2018-07-01');
    await field(page, "Fin de la période d'utilisation").fill('2018-12-31');
    const deadline = page.locator('[data-date="claim-deadline"]');
    await eventually(async () => assert.equal(await deadline.locator('time').getAttribute('datetime'), '2019-02-14'));
    // No-break spaces keep a date on one line.
    assert.equal(await deadline.locator('time').innerText(), '14\u00a0février\u00a02019');
    await page.getByRole('region', { name: 'Vérifications', exact: true }).waitFor();
    const violations = await runAxe(page);
    assert.equal(violations.length, 0, formatViolations(violations));

    // Switching is instant, keeps the claim, and is remembered. The English of a partner in
    // France writes the day first, as their region does.
    await button(page, 'English').click();
    await eventually(async () => assert.equal(await deadline.locator('time').innerText(), '14\u00a0February\u00a02019'));
    assert.equal(await field(page, 'Usage period end').inputValue(), '2018-12-31');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    await page.reload();
    await button(page, 'Load example claim').waitFor();
  } finally {
    await app.close();
  }
  assert.deepEqual(problemsOf(app, env.server.url), []);
});

/**
 * The page's whole text (every row laid out first: a row out of view is not, with
 * content-visibility, and its text would be missing from innerText) has no count that
 * disagrees with its noun: 0 or 1 with a plural, 2 or more with a singular.
 */
async function countsAgree(page) {
  await page.evaluate(() => document.querySelectorAll('.rows > li').forEach((row) => { row.style.contentVisibility = 'visible'; }));
  const text = await page.locator('body').innerText();
  const nouns = ['point', 'avertissement', 'document', 'fichier', 'demande', 'jour', 'page', 'ligne', 'info'];
  for (const noun of nouns) {
    // A number not part of a larger one (not after a digit, a decimal mark or a digit group).
    const whole = `(?<![\\d.,])(?<!\\d[ \u00a0])`;
    assert.doesNotMatch(text, new RegExp(`${whole}[01][ \u00a0]${noun}s\\b`), `0 or 1 with "${noun}s"`);
    assert.doesNotMatch(text, new RegExp(`${whole}([2-9]|[1-9]\\d+)[ \u00a0]${noun}\\b`), `2 or more with "${noun}"`);
  }
}

test('a French page counts 0, 1 and 2 in French words (0 and 1 singular, 2 plural)', { timeout: 120_000 }, async () => {
  const app = await openPage(env.browser, env.server.url, { locale: 'fr-FR', readyButton: "Charger l'exemple de demande" });
  const { page } = app;
  try {
    await button(page, "Charger l'exemple de demande").click();
    const summary = page.getByRole('region', { name: 'Vérifications', exact: true }).locator('p.summary');
    // The example: nothing blocking (0, said in words: "aucun point bloquant").
    await eventually(async () => assert.match(await summary.innerText(), /^Prête à soumettre\s:\saucun point bloquant\./));
    // One field emptied: 1, singular.
    await field(page, 'Intitulé de la demande').fill('');
    await eventually(async () => assert.match(await summary.innerText(), /^1\spoint bloquant(,|$)/));
    await countsAgree(page);
    // Two: plural.
    await field(page, 'ID partenaire').fill('');
    await eventually(async () => assert.match(await summary.innerText(), /^2\spoints bloquants(,|$)/));
    // The list's row of the claim says the same count.
    await eventually(async () => assert.match(await page.locator('.claim-row.shown .claim-blockers').innerText(), /^2\spoints bloquants$/));
    await countsAgree(page);
    // Zero again, and "0" is never written with a plural noun anywhere on the page.
    await field(page, 'Intitulé de la demande').fill('Webinaire sécurité cloud Contoso');
    await field(page, 'ID partenaire').fill('1234567');
    await eventually(async () => assert.match(await summary.innerText(), /^Prête à soumettre/));
    await countsAgree(page);
  } finally {
    await app.close();
  }
  assert.deepEqual(problemsOf(app, env.server.url), []);
});

/** Presses Tab until the expression `isTarget` holds in the page. */
async function tabTo(page, description, isTarget, max = 250) {
  for (let n = 0; n < max; n++) {
    if (await page.evaluate(isTarget)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${description}`);
}

const focusedButton = (name) => `document.activeElement?.tagName === 'BUTTON' && document.activeElement.textContent.trim() === ${JSON.stringify(name)}`;

test('keyboard only: load the example, fix a blocker, build the package', { timeout: 120_000 }, async () => {
  const app = await openPage(env.browser, env.server.url);
  const { page } = app;
  try {
    await tabTo(page, 'Load example claim', focusedButton('Load example claim'));
    await page.keyboard.press('Enter');
    await eventually(async () => assert.equal(await page.locator('li.document .facts', { hasText: 'SHA-256' }).count(), 7));

    // Make a blocker: empty the claim title.
    await tabTo(page, 'Claim title', "document.activeElement?.id === 'claim-title'");
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    const blocker = page.locator('[data-code="FIELD-REQUIRED"]');
    await blocker.waitFor();
    // Visible focus: the focused control has an outline.
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(outline, 'none', 'focus must be visible');

    // The finding takes focus back to the field; type the title there.
    await tabTo(page, 'the finding', "document.activeElement?.classList.contains('finding-problem')");
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'claim-title');
    await page.keyboard.type('Contoso webinar');
    await eventually(async () => assert.equal(await blocker.count(), 0));

    await tabTo(page, 'Build package', focusedButton('Build package'));
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    assert.match(download.suggestedFilename(), /^contoso-webinar-\d{4}-\d{2}-\d{2}\.zip$/);
  } finally {
    await app.close();
  }
  assert.deepEqual(problemsOf(app, env.server.url), []);
});

// The cost lines in the claim's currency follow it. Looking through the currencies with
// the arrow keys passed over a line's own (a UK vendor's GBP), and took that line along.
test("looking through the claim's currencies with the arrow keys does not take along a cost line in another currency", { timeout: 120_000 }, async () => {
  const app = await openPage(env.browser, env.server.url);
  const { page } = app;
  try {
    await button(page, 'New claim').click();
    await field(page, 'Claim title').fill('Two currencies');
    await field(page, 'Currency').selectOption('USD');
    const lines = page.locator('li.cost-line');
    for (let n = 0; n < 2; n++) await button(page, 'Add cost line').click();
    await eventually(async () => assert.equal(await lines.count(), 2));
    const lineCurrency = (n) => lines.nth(n).getByLabel('Line currency', { exact: true });
    await lineCurrency(1).selectOption('GBP');
    const currency = field(page, 'Currency');
    await currency.focus();
    // USD, EUR, GBP, CAD: down three, past the line's GBP.
    for (let n = 0; n < 3; n++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Tab');
    await eventually(async () => assert.equal(await currency.inputValue(), 'CAD'));
    assert.equal(await lineCurrency(0).inputValue(), 'CAD', 'the line in the claim currency follows it');
    assert.equal(await lineCurrency(1).inputValue(), 'GBP', "the UK vendor's line keeps its own");
    await page.locator('[data-code="CURRENCY-MIXED"]').first().waitFor();
    // Enter counts the choice shown, and a reload keeps one still held.
    await currency.focus();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await eventually(async () => assert.equal(await lineCurrency(0).inputValue(), 'GBP'));
    await currency.focus();
    await page.keyboard.press('ArrowUp');
    await page.reload();
    await eventually(async () => assert.equal(await field(page, 'Currency').inputValue(), 'EUR'));
    assert.equal(await lineCurrency(0).inputValue(), 'EUR');
    assert.equal(await lineCurrency(1).inputValue(), 'EUR', 'both in GBP then, both follow');
  } finally {
    await app.close();
  }
  assert.deepEqual(problemsOf(app, env.server.url), []);
});

test('looking through a choice with the arrow keys records nothing until the choice is left or Enter is pressed', { timeout: 120_000 }, async () => {
  const app = await openPage(env.browser, env.server.url);
  const { page } = app;
  try {
    await button(page, 'Load example claim').click();
    await eventually(async () => assert.equal(await page.locator('li.document .facts', { hasText: 'SHA-256' }).count(), 7));
    // Chromium on Windows and Linux changes a closed select at each arrow key: down to
    // Approved and back up to Preparing must leave no history and no lock.
    const status = field(page, 'Status');
    await status.focus();
    for (const key of ['ArrowDown', 'ArrowDown', 'ArrowDown', 'ArrowUp', 'ArrowUp', 'ArrowUp']) await page.keyboard.press(key);
    await page.keyboard.press('Tab');
    assert.equal(await status.inputValue(), 'preparing');
    assert.equal(await page.getByRole('list', { name: 'Status history', exact: true }).count(), 0, 'no status was recorded');
    assert.equal(await field(page, 'Claim title').isEditable(), true, 'the claim is not locked');
    // A choice made with the keys counts once, when Enter is pressed.
    await status.focus();
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.getByRole('list', { name: 'Status history', exact: true }).count(), 0);
    await page.keyboard.press('Enter');
    const history = page.getByRole('list', { name: 'Status history', exact: true });
    await eventually(async () => assert.equal(await history.getByRole('listitem').count(), 1));
    assert.match(await history.innerText(), /Submitted/);
    // A choice shown but not yet left is not lost to a reload (or a closed tab). (Enter
    // also opened the select's list: Escape closes it.)
    await page.keyboard.press('Escape');
    await status.focus();
    await page.keyboard.press('ArrowDown');
    const shown = await status.inputValue();
    assert.notEqual(shown, 'submitted');
    await page.reload();
    await eventually(async () => assert.equal(await field(page, 'Status').inputValue(), shown));
    await eventually(async () => assert.equal(await history.getByRole('listitem').count(), 2));

    // Passing over the other document types keeps an invoice linked to its cost line
    // (the claim, sent back for more information, is open for changes).
    assert.equal(await field(page, 'Claim title').isEditable(), true);
    const invoice = page.locator('li.document').filter({ has: page.getByRole('heading', { name: 'Fabrikam invoice INV-20417.pdf', exact: true }) });
    const type = invoice.getByLabel('Document type', { exact: true });
    const line = await invoice.getByLabel('Cost line', { exact: true }).inputValue();
    assert.notEqual(line, '');
    await type.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Tab');
    assert.equal(await invoice.getByLabel('Cost line', { exact: true }).inputValue(), line);
    assert.equal(await page.locator('[data-code="DOC-INVOICE"]').count(), 0);

    // Another choice counts at once, and the pointer's next click is not lost to the page
    // moving under it (Checks grows above Build package when the choice counts).
    await field(page, 'Activity type').focus();
    await page.keyboard.press('ArrowDown');
    await page.locator('[data-code="POE-ITEM-MISSING"]').first().waitFor();
    await button(page, 'Build package').click();
    await button(page, 'Build anyway').waitFor();
    await button(page, 'Go back').click();

    // A status chosen by keyboard is shown on its claim when the claim comes back.
    await button(page, 'New claim').click();
    await field(page, 'Claim title').fill('Bravo claim');
    await field(page, 'Status').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Tab');
    const list = page.getByRole('region', { name: 'Your claims', exact: true });
    await list.locator('.claim-row', { hasText: 'Bravo claim' }).getByText('More information requested').waitFor();
    await list.getByRole('button', { name: 'Open Contoso cloud security webinar', exact: true }).click();
    await eventually(async () => assert.equal(await field(page, 'Claim title').inputValue(), 'Contoso cloud security webinar'));
    await list.getByRole('button', { name: 'Open Bravo claim', exact: true }).click();
    await eventually(async () => assert.equal(await field(page, 'Claim title').inputValue(), 'Bravo claim'));
    assert.equal(await field(page, 'Status').inputValue(), 'more-information');
  } finally {
    await app.close();
  }
  assert.deepEqual(problemsOf(app, env.server.url), []);
});
