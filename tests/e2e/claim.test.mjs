// The claim form in a real browser, driven the way a partner (or a screen reader) sees
// it: by accessible names (PRODUCT.md §5) and the data-code / data-date attributes.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { editStoredClaims, eventually, journey as defineJourney, useBrowser } from './harness.mjs';

const env = useBrowser({ before, after });
const journey = (name, body) => defineJourney(test, env, name, body, { timeout: 120_000 });

// Exact names: by default Playwright matches substrings, and `Amount` would also find
// `Claimed amount`.
const field = (page, label) => page.getByLabel(label, { exact: true });
const button = (page, name) => page.getByRole('button', { name, exact: true });
const checks = (page) => page.getByRole('region', { name: 'Checks', exact: true });
const finding = (page, code) => checks(page).locator(`[data-code="${code}"]`);
const dateOf = (page, name) => page.locator(`[data-date="${name}"] time`);

async function loadExample(page) {
  await button(page, 'Load example claim').click();
  await eventually(async () =>
    assert.notEqual(await field(page, 'Claim title').inputValue(), '', 'the example fills in Claim title'),
  );
}

/** Replaces a field's text key by key, as a partner types it (fill() would set it at once). */
async function typeInto(locator, text) {
  await locator.fill('');
  await locator.pressSequentially(text);
}

function addDays(isoDate, days) {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

journey('the example claim loads ready to submit, with its dates', async (page) => {
  await loadExample(page);
  await eventually(async () => {
    const blockers = await checks(page)
      .locator('[data-severity="blocker"]')
      .evaluateAll((items) => items.map((item) => item.dataset.code ?? item.textContent));
    assert.deepEqual(blockers, [], 'the example claim has no blocker');
    // Case-sensitive on purpose: "Not ready to submit" must not count.
    assert.ok((await checks(page).getByText(/\bReady to submit/).count()) > 0, 'Checks says Ready to submit');
  });
  for (const name of ['claim-deadline', 'recommended-submission', 'retention-end']) {
    assert.match(
      (await dateOf(page, name).getAttribute('datetime')) ?? '(no datetime)',
      /^\d{4}-\d{2}-\d{2}$/,
      `${name} is shown as a <time> with a YYYY-MM-DD datetime`,
    );
  }
});

journey('usage dates typed by hand take the earning period along, even one the list does not offer', async (page) => {
  await loadExample(page);
  const select = page.locator('#claim-earning-period-end');
  const chosen = () => select.evaluate((element) => (element.options[element.selectedIndex]?.text ?? '').replace(/\u00a0/g, ' '));
  // Another earning period's usage period: that one is chosen, not the old one kept.
  await field(page, 'Usage period start').fill('2031-01-01');
  await field(page, 'Usage period end').fill('2031-06-30');
  await eventually(async () => assert.match(await chosen(), /^FY31 H1: July 1, 2030 to December 31, 2030/));
  // A usage period of no earning period's length: none is chosen.
  await field(page, 'Usage period end').fill('2031-03-31');
  await eventually(async () => assert.equal(await select.inputValue(), ''));
  await eventually(async () => assert.equal(await chosen(), 'Choose to fill the usage period'));
});

journey('a long choice a narrow select cuts is written out below it on a phone, and only there', async (page) => {
  await page.setViewportSize({ width: 320, height: 900 });
  await loadExample(page);
  const select = page.locator('#claim-earning-period-end');
  const chosen = await select.evaluate((element) => element.options[element.selectedIndex].text);
  assert.ok(chosen.length > 40, chosen);
  const written = page.locator('.field:has(> #claim-earning-period-end) > .select-chosen');
  await written.waitFor();
  assert.equal(await written.innerText(), chosen);
  // The select is narrower than its choice: the line below is what shows it whole.
  assert.ok(await select.evaluate((element) => element.scrollWidth > element.clientWidth || element.clientWidth < 300));
  assert.equal(await written.getAttribute('aria-hidden'), 'true', 'the select says it to a screen reader');
  // A short choice (the currency) is not written twice.
  assert.equal(await page.locator('.field:has(> #claim-currency) > .select-chosen').count(), 0);
  // The activity type, cut at 320 px in English ("Customer seminar or web"), is written out.
  const activity = page.locator('.field:has(> #claim-activity-type) > .select-chosen');
  assert.equal(await activity.innerText(), 'Customer seminar or webinar');
  // A cost line's choice says its description's beginning, not a 5,000-character
  // paragraph under every invoice linked to it.
  await page.getByLabel('Description', { exact: true }).first().fill(`Webinar platform ${'and production '.repeat(330)}`);
  const lineChoice = page.locator('li.document .field:has(> select[id$="-cost-line"]) > .select-chosen').first();
  await eventually(async () => assert.match(await lineChoice.innerText(), /^1\. Webinar platform and production .{20,}…$/));
  assert.ok((await lineChoice.innerText()).length < 80, await lineChoice.innerText());
  await page.setViewportSize({ width: 1280, height: 900 });
  await eventually(async () => assert.equal(await written.isVisible(), false));
});

// PRODUCT.md §2.2, first worked example: claim deadline = usage period end + 45 days.
journey('usage period ending 2018-12-31 gives claim deadline 2019-02-14', async (page) => {
  await field(page, 'Usage period start').fill('2018-07-01');
  await field(page, 'Usage period end').fill('2018-12-31');
  await eventually(async () =>
    assert.equal(await dateOf(page, 'claim-deadline').getAttribute('datetime'), '2019-02-14'),
  );
});

journey('a page left open past midnight counts its deadlines from the new day', async (page) => {
  // The deadline of a usage period ending 2026-12-31 is 2027-02-14: on its last evening it
  // is due today; a few minutes later, it has passed.
  await page.clock.install({ time: new Date('2027-02-14T23:58:00') });
  await page.reload();
  await button(page, 'New claim').click();
  await field(page, 'Usage period start').fill('2026-07-01');
  await field(page, 'Usage period end').fill('2026-12-31');
  await finding(page, 'DEADLINE-SOON').waitFor();
  assert.equal(await finding(page, 'DEADLINE-PASSED').count(), 0);
  await page.clock.runFor('03:00');
  await finding(page, 'DEADLINE-PASSED').waitFor();
  assert.equal(await finding(page, 'DEADLINE-SOON').count(), 0);
  await page.getByText('Counted from today, February 15, 2027', { exact: false }).waitFor();
  // That day is Microsoft's published close: Partner Center still takes the claim, and
  // the page says so, in Checks and on the Dates card, rather than that the funds are lost.
  await finding(page, 'DEADLINE-PASSED').getByText(/Microsoft's published close for this usage period, February\s15,\s2027, has not passed/).waitFor();
  await page.getByText(/^The deadline has passed, but not Microsoft's published close, February\s15,\s2027/).waitFor();
  // Still to do in the list, the most urgent, not among the claims whose deadline passed.
  const list = page.getByRole('region', { name: 'Your claims', exact: true });
  assert.equal(await list.getByRole('heading', { name: 'Deadline passed, not submitted', exact: true }).count(), 0);
  // The day after, the funds are lost.
  await page.clock.fastForward('24:00:00');
  await page.getByText('The deadline has passed: funds not claimed by then are forfeited.').waitFor();
  await list.getByRole('heading', { name: 'Deadline passed, not submitted', exact: true }).waitFor();
  assert.equal(await page.getByText("Microsoft's published close for this usage period", { exact: false }).count(), 0);
});

journey('a blocker appears when activity dates are reversed and goes when fixed', async (page) => {
  await loadExample(page);
  const start = await field(page, 'Activity start').inputValue();
  const end = field(page, 'Activity end');
  const originalEnd = await end.inputValue();
  assert.equal(await finding(page, 'DATES-ORDER').count(), 0, 'the example has no DATES-ORDER finding');

  await end.fill(addDays(start, -1));
  await eventually(async () =>
    assert.equal(await finding(page, 'DATES-ORDER').getAttribute('data-severity'), 'blocker'),
  );

  await end.fill(originalEnd);
  await eventually(async () =>
    assert.equal(await finding(page, 'DATES-ORDER').count(), 0, 'DATES-ORDER is gone once fixed'),
  );
});

journey('a date typed that the calendar does not have is said so on its field, and a real one clears it', async (page) => {
  await loadExample(page);
  const end = field(page, 'Activity end');
  const error = page.locator('#claim-activity-end-error');
  // Typed by keyboard into the browser's own date field, month, day, year: February 30.
  await end.focus();
  await page.keyboard.type('02302026');
  assert.equal(await end.evaluate((input) => input.validity.badInput), true, 'the browser holds a date it cannot give');
  await eventually(async () =>
    assert.equal(
      await error.textContent(),
      'Activity end: this date does not exist, or is not typed in full. Check the day, the month and the year.',
    ),
  );
  assert.equal(await end.getAttribute('aria-invalid'), 'true');
  // The claim has no activity end meanwhile: no retention end is made up from a wrong one.
  // Checks says why, as the field does, not that the field is empty.
  const required = finding(page, 'FIELD-REQUIRED').filter({ hasText: 'Activity end' });
  assert.equal(await required.count(), 1);
  await eventually(async () => assert.equal(await required.locator('.finding-problem').textContent(), 'Activity end: this date does not exist, or is not typed in full.'));
  assert.equal(await required.locator('.finding-fix').textContent(), 'Check the day, the month and the year: the claim is not complete without this date.');
  assert.equal(await dateOf(page, 'retention-end').count(), 0);
  // Another claim opened meanwhile: its field is its own, empty and without the message.
  await button(page, 'New claim').click();
  await eventually(async () => assert.equal(await field(page, 'Claim title').inputValue(), ''));
  assert.equal(await error.count(), 0);
  assert.equal(await end.evaluate((input) => input.validity.badInput), false, 'nothing half-typed carried over');
  const requiredHere = finding(page, 'FIELD-REQUIRED').filter({ hasText: 'Activity end' }).locator('.finding-problem');
  assert.equal(await requiredHere.textContent(), 'Activity end is empty.', 'nor in Checks');
  // Typed into an empty field, the browser says nothing until the field is left (here
  // for another field): then.
  await end.focus();
  await page.keyboard.type('02302026');
  await field(page, 'Claim title').click();
  await eventually(async () => assert.match((await error.textContent()) ?? '', /^Activity end: this date does not exist/));
  await eventually(async () => assert.match((await requiredHere.textContent()) ?? '', /^Activity end: this date does not exist/));
  // Back to the first claim: a real date (chosen with the calendar, say) clears it there.
  await button(page, 'Open Contoso cloud security webinar').click();
  await eventually(async () => assert.equal(await field(page, 'Claim title').inputValue(), 'Contoso cloud security webinar'));
  // (A day after the activity's start: an end before it counts nothing.)
  await field(page, 'Activity start').fill('2026-02-20');
  await end.fill('2026-02-27');
  await eventually(async () => assert.equal(await error.count(), 0));
  await eventually(async () => assert.equal(await dateOf(page, 'retention-end').getAttribute('datetime'), '2028-02-27'));
});

journey('a finding takes the keyboard focus to its field', async (page) => {
  await loadExample(page);
  const title = field(page, 'Claim title');
  await title.fill('');
  await eventually(async () =>
    assert.equal(await finding(page, 'FIELD-REQUIRED').count(), 1, 'one FIELD-REQUIRED: only Claim title is empty'),
  );

  const withoutButton = await checks(page)
    .locator('[data-code]')
    .evaluateAll((items) =>
      items.filter((item) => !item.querySelector('button, [role="button"]')).map((item) => item.dataset.code),
    );
  assert.deepEqual(withoutButton, [], 'every finding has a button that goes to its field');

  // Clicking focuses the button itself, so the title only has focus if the app moved it.
  await finding(page, 'FIELD-REQUIRED').getByRole('button').first().click();
  await eventually(async () =>
    assert.ok(await title.evaluate((input) => input === document.activeElement), 'Claim title has the focus'),
  );
});

journey('typed values are kept verbatim and flagged, never lost', async (page) => {
  await loadExample(page);
  const amount = field(page, 'Claimed amount');
  const originalAmount = await amount.inputValue();
  // Flagged: an inline aria-invalid, or a finding in Checks.
  const amountFlagged = async () =>
    (await amount.getAttribute('aria-invalid')) === 'true' ||
    (await finding(page, 'FIELD-INVALID').count()) > 0;
  assert.equal(await amountFlagged(), false, `the example's amount ${originalAmount} is not flagged`);

  for (const typed of ['12abc', '-5']) {
    await typeInto(amount, typed);
    await eventually(async () => {
      assert.equal(await amount.inputValue(), typed, 'Claimed amount still shows what was typed');
      assert.ok(await amountFlagged(), `Claimed amount ${typed} is flagged`);
    });
    // Once more after the re-render that flagged it: that re-render must not rewrite the text.
    assert.equal(await amount.inputValue(), typed, 'Claimed amount still shows what was typed');

    // Back to a valid amount, so that the next value has to be flagged anew.
    await amount.fill(originalAmount);
    await eventually(async () => assert.equal(await amountFlagged(), false, `${originalAmount} is not flagged`));
  }

  const partnerId = field(page, 'Partner ID');
  assert.equal(await finding(page, 'PARTNER-ID-FORMAT').count(), 0, "the example's partner ID is well formed");
  await typeInto(partnerId, '12ab');
  await eventually(async () => {
    assert.equal(await partnerId.inputValue(), '12ab', 'Partner ID still shows what was typed');
    assert.equal(await finding(page, 'PARTNER-ID-FORMAT').getAttribute('data-severity'), 'warning');
  });
  assert.equal(await partnerId.inputValue(), '12ab', 'Partner ID still shows what was typed');
});

journey('Add cost line adds a row', async (page) => {
  const descriptions = page.getByRole('textbox', { name: 'Description', exact: true });
  const before = await descriptions.count();
  await button(page, 'Add cost line').click();
  await eventually(async () => assert.equal(await descriptions.count(), before + 1, 'one more Description'));
});

journey('a cost line removed by keyboard can be brought back, in its place, with its invoice linked again', async (page) => {
  await loadExample(page);
  await eventually(async () => assert.equal(await page.locator('li.document .facts', { hasText: 'SHA-256' }).count(), 7));
  const descriptions = async () => page.getByRole('textbox', { name: 'Description', exact: true }).evaluateAll((inputs) => inputs.map((input) => input.value));
  const before = await descriptions();
  assert.equal(await finding(page, 'DOC-INVOICE').count(), 0);
  await page.getByRole('button', { name: 'Remove Cost line 1', exact: true }).focus();
  await page.keyboard.press('Enter');
  await page.locator('p.claim-deleted', { hasText: `“${before[0]}” was removed.` }).waitFor();
  // The keyboard is on Undo, not lost on the page.
  await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement?.id), 'undo-remove-cost-line'));
  await finding(page, 'INVOICE-UNLINKED').waitFor();
  await page.keyboard.press('Enter');
  await eventually(async () => assert.deepEqual(await descriptions(), before));
  await eventually(async () => assert.equal(await finding(page, 'INVOICE-UNLINKED').count(), 0, 'its invoice linked again'));
});

journey('a Remove double-clicked takes one cost line or one document, not the next that moves into its place', async (page) => {
  await loadExample(page);
  await eventually(async () => assert.equal(await page.locator('li.document .facts', { hasText: 'SHA-256' }).count(), 7));
  const descriptions = async () => page.getByRole('textbox', { name: 'Description', exact: true }).evaluateAll((inputs) => inputs.map((input) => input.value));
  const before = await descriptions();
  assert.ok(before.length >= 2, 'a line moves up into the removed one\'s place');
  await button(page, 'Remove Cost line 1').dblclick();
  await page.locator('p.claim-deleted', { hasText: `“${before[0]}” was removed.` }).waitFor();
  await eventually(async () => assert.deepEqual(await descriptions(), before.slice(1)));
  const documents = async () => page.locator('li.document h3.file-name').allInnerTexts();
  const listed = await documents();
  await button(page, `Remove ${listed[0]}`).dblclick();
  await page.locator('p.claim-deleted', { hasText: `“${listed[0]}” was removed.` }).waitFor();
  await eventually(async () => assert.deepEqual(await documents(), listed.slice(1)));
});

// The journey wrapper checks every test; this one covers a reload (stored claim, service
// worker) on top, and says in its name what the others check in passing.
journey('the page stays on its own origin and logs no error, across a reload', async (page) => {
  await loadExample(page);
  const lines = page.locator('li.cost-line');
  const before = await lines.count();
  await button(page, 'Add cost line').click();
  await page.reload();
  await button(page, 'Load example claim').waitFor();
  // The cost line added just before the reload came back with the claim.
  await eventually(async () => assert.equal(await lines.count(), before + 1));
});

// A claim in a currency the program does not have (from a package or backup of another
// profile): the select showed the first currency, USD, as if chosen, with nothing said on
// it, and choosing USD there changed nothing (no change event for what looks chosen).
journey("a claim's currency the program does not have is said on its field, and a currency can be chosen", async (page) => {
  await button(page, 'New claim').click();
  await page.getByLabel('Claim title', { exact: true }).fill('Dinar claim');
  await page.getByText('Saved on this device.').waitFor();
  await editStoredClaims(page, (claim) => {
    claim.currency = 'KWD';
  });
  await page.reload();
  const currency = page.getByLabel('Currency', { exact: true });
  await eventually(async () => assert.equal(await page.getByLabel('Claim title', { exact: true }).inputValue(), 'Dinar claim'));
  await eventually(async () => assert.equal(await currency.getAttribute('aria-invalid'), 'true'));
  assert.equal(await currency.evaluate((select) => select.selectedOptions[0]?.textContent), 'Choose a currency');
  assert.match(await page.locator('.field', { has: currency }).innerText(), /KWD/);
  await currency.selectOption('USD');
  await eventually(async () => assert.equal(await currency.getAttribute('aria-invalid'), null));
  await page.getByText('Saved on this device.').waitFor();
  await page.reload();
  await eventually(async () => assert.equal(await page.getByLabel('Currency', { exact: true }).inputValue(), 'USD'));
});

// The same for a cost line's currency (a line of another profile's package): it showed
// the first currency, USD, while the line held another.
journey("a cost line's currency the program does not have shows Choose a currency, and one can be chosen", async (page) => {
  await button(page, 'New claim').click();
  await page.getByLabel('Claim title', { exact: true }).fill('Line in dinars');
  await button(page, 'Add cost line').click();
  const line = page.locator('li.cost-line').first();
  await line.getByLabel('Description', { exact: true }).fill('Venue');
  await page.getByText('Saved on this device.').waitFor();
  await editStoredClaims(page, (claim) => {
    for (const costLine of claim.cost_lines ?? []) costLine.currency = 'KWD';
  });
  await page.reload();
  await eventually(async () => assert.equal(await page.getByLabel('Claim title', { exact: true }).inputValue(), 'Line in dinars'));
  const currency = page.locator('li.cost-line').first().locator('select[id$="-currency"]');
  await eventually(async () => assert.equal(await currency.evaluate((select) => select.selectedOptions[0]?.textContent), 'Choose a currency'));
  await currency.selectOption('USD');
  await page.getByText('Saved on this device.').waitFor();
  await page.reload();
  await eventually(async () => assert.equal(await page.locator('li.cost-line').first().locator('select[id$="-currency"]').inputValue(), 'USD'));
});

// A file dropped beside the Documents card (on the form, a heading) was opened by the
// browser in place of the page; text dragged into a note was taken by the card and lost.
journey('a file dropped anywhere on the page is added as a document; text dragged into a note is the note\'s', async (page) => {
  await button(page, 'New claim').click();
  await page.getByLabel('Claim title', { exact: true }).fill('Dropped files');
  const drop = (selector, what) =>
    page.evaluate(
      ({ selector, what }) => {
        const transfer = new DataTransfer();
        if (what === 'file') transfer.items.add(new File(['%PDF-1.4 dropped'], 'Dropped on the form.pdf', { type: 'application/pdf' }));
        else transfer.setData('text/plain', 'https://contoso.example/webinar');
        const target = document.querySelector(selector);
        const over = target.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: transfer }));
        const dropped = target.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: transfer }));
        // dispatchEvent is false when a handler took the event from the browser.
        return { over, dropped };
      },
      { selector, what },
    );
  assert.deepEqual(await drop('#claim-title', 'file'), { over: false, dropped: false }, 'taken from the browser');
  await eventually(async () => assert.equal(await page.locator('li.document').count(), 1));
  await page.locator('li.document', { hasText: 'Dropped on the form.pdf' }).waitFor();
  // Text dragged over the card and into a document's note is left to the note.
  assert.deepEqual(await drop('li.document textarea', 'text'), { over: true, dropped: true });
  assert.deepEqual(await drop('section.documents', 'text'), { over: true, dropped: true });
  assert.equal(await page.locator('li.document').count(), 1);
  assert.equal(await page.locator('section.documents.dragging').count(), 0);
});

journey('printing shows the claim summary instead of the form', async (page) => {
  await loadExample(page);
  // A note of several lines is printed in its lines.
  await page.getByLabel('Note', { exact: true }).first().fill('Photo 1: booth\nPhoto 2: keynote');
  // What the browser does before it prints (menu, Ctrl+P or window.print()).
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  await page.emulateMedia({ media: 'print' });
  const summary = page.locator('.print-summary');
  assert.match(await summary.innerText(), /Ready to submit: no blockers\.\s+Contoso cloud security webinar/);
  assert.match(await summary.innerText(), /Claim deadline\s+\w+\s\d+,\s\d{4}/);
  assert.equal(await page.getByLabel('Claim title', { exact: true }).isVisible(), false, 'the form is not printed');
  // The cost lines and documents say what each column holds, printed again on each page.
  const headings = await summary.evaluate((element) => [...element.querySelectorAll('thead tr')].map((row) => row.innerText.replace(/\s+/g, ' ').trim()));
  assert.deepEqual(headings, ['Description Cost type Vendor Amount', 'File Document type Size SHA-256, first 16 characters']);
  assert.match(await summary.innerText(), /Photo 1: booth\nPhoto 2: keynote/);
  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
  await page.emulateMedia({ media: 'screen' });
  // An invoice's currency typed as its name is printed as that currency, as summary.html
  // writes it (it was printed DOLLARS 4,200.00).
  const invoice = page.locator('li.document').filter({ has: page.getByLabel('Invoice currency', { exact: true }) }).first();
  await invoice.getByLabel('Invoice currency', { exact: true }).fill('dollars');
  await invoice.getByLabel('Invoice total', { exact: true }).fill('4,200.00');
  // A phone shows its keypad with a separator, as for the claim's amounts.
  assert.equal(await invoice.getByLabel('Invoice total', { exact: true }).getAttribute('inputmode'), 'decimal');
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  await page.emulateMedia({ media: 'print' });
  const printed = (await summary.innerText()).replace(/\s+/g, ' ');
  assert.match(printed, /total \$4,200\.00/);
  assert.doesNotMatch(printed, /DOLLARS/);
  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
  await page.emulateMedia({ media: 'screen' });
  // A document with a 130-character name, and a vendor of 101 letters pasted without a
  // space: every table stays within the printed page, and no amount or size is broken
  // across lines (the vendor pushed the amounts off the page).
  await page.getByLabel('Vendor', { exact: true }).first().fill(`FabrikamEventsInternationalHoldingsGmbH${'Productions'.repeat(5)}Ltd`.slice(0, 101));
  const long = `Scan_20261124_Fabrikam_Invoice_INV20417_Webinar_Production_Costs_Final_Signed_Copy_For_Coop_Claim_Submission_H1FY27_${'x'.repeat(12)}.pdf`;
  await page.getByLabel('Add documents', { exact: true }).setInputFiles([{ name: long, mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') }]);
  await page.locator('li.document', { hasText: 'SHA-256' }).nth(7).waitFor();
  await page.setViewportSize({ width: 700, height: 1000 });
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  await page.emulateMedia({ media: 'print' });
  const overflow = await summary.evaluate((element) => [...element.querySelectorAll('table')].map((table) => table.scrollWidth - element.clientWidth));
  assert.ok(overflow.every((extra) => extra <= 0), `a table wider than the page: ${overflow}`);
  const broken = await summary.evaluate((element) =>
    [...element.querySelectorAll('td.num')]
      .filter((cell) => {
        const range = document.createRange();
        range.selectNodeContents(cell);
        return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size > 1;
      })
      .map((cell) => cell.textContent),
  );
  assert.deepEqual(broken, [], 'amounts and sizes on one line');
  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
  await page.emulateMedia({ media: 'screen' });
  assert.equal(await summary.innerText(), '');
  // The documents are printed in the package's order (by folder), as summary.html lists
  // them, not in the order they were added: a proof retyped as core requirements comes first.
  await page.locator('li.document').nth(5).getByLabel('Document type', { exact: true }).selectOption({ label: 'Core requirements' });
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  await page.emulateMedia({ media: 'print' });
  // (Each cell's first line: what the document is for follows it.)
  const types = (await summary.locator('table:has(thead th:text-is("Document type")) tbody tr td:nth-child(2)').allInnerTexts()).map((cell) => cell.split('\n')[0]);
  // A document of no type goes with Other.
  const order = ['Core requirements', 'Invoice', 'CSR', 'Proof of execution', 'Other'].map((type) => (type === 'Other' ? ['Other', 'No type'] : [type]));
  const rank = (type) => order.findIndex((types) => types.includes(type));
  assert.equal(types.length, 8, types.join(' | '));
  assert.deepEqual(types, [...types].sort((a, b) => rank(a) - rank(b)));
  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
  await page.emulateMedia({ media: 'screen' });
});

journey('New claim keeps the claim that was on the page, in the list', async (page) => {
  await loadExample(page);
  await field(page, 'Claim title').fill('My own claim');
  await button(page, 'New claim').click();
  await eventually(async () => assert.equal(await field(page, 'Claim title').inputValue(), ''));
  assert.equal(await page.locator('li.document').count(), 0);
  await button(page, 'Open My own claim').click();
  await eventually(async () => assert.equal(await field(page, 'Claim title').inputValue(), 'My own claim'));
  await eventually(async () => assert.equal(await page.locator('li.document').count(), 7));
});

/** In the page: every storage transaction from now on hangs, none of its requests ever answered. */
function hangEveryTransaction() {
  const hanging = () => ({ set onsuccess(_) {}, set onerror(_) {}, result: undefined });
  IDBDatabase.prototype.transaction = function hangingTransaction() {
    const store = { get: hanging, getAll: hanging, getAllKeys: hanging, put: hanging, delete: hanging };
    return { objectStore: () => store, abort() {}, set oncomplete(_) {}, set onerror(_) {}, set onabort(_) {} };
  };
}

// A browser's database can hang (until the browser restarts): the save never answers,
// and the page said nothing, neither saved nor not.
journey('a storage that does not answer is said after 15 seconds, with the way to keep a copy', async (page) => {
  await page.clock.install();
  await page.reload();
  await field(page, 'Claim title').fill('Roadshow');
  await page.getByText('Saved on this device.').waitFor();
  await page.evaluate(hangEveryTransaction);
  await field(page, 'Claim title').fill('Roadshow, edited');
  await page.clock.runFor(5_000);
  assert.equal(await page.getByText(/has not answered/).count(), 0, 'not at once');
  await page.clock.runFor(12_000);
  await page.getByText("This device's storage has not answered for 15 seconds: what you change now is not saved yet. Your claim is still on the page: build the package to keep a copy; if this lasts, close the browser and open the page again.").waitFor();
  await button(page, 'Build the package now').waitFor();
  assert.equal(await field(page, 'Claim title').inputValue(), 'Roadshow, edited');
});

// Hanging from the start, the list of claims never comes, and nothing is ever saved.
journey('a storage that does not answer as the page opens is said too', async (page) => {
  await page.clock.install();
  await page.addInitScript(hangEveryTransaction);
  await page.reload();
  // The app starts in real time (its wasm fetched and compiled), and asks for the list
  // then: the page's clock is moved on in steps until the words come.
  const said = page.getByText(/^This device's storage has not answered for 15 seconds/);
  await eventually(async () => {
    await page.clock.runFor(5_000);
    assert.equal(await said.count(), 1);
  });
});

journey('a full storage reported late, as the transaction aborts, is said the same way', async (page) => {
  // How browsers mostly report the quota: the write is accepted, then the transaction
  // aborts with a QuotaExceededError once the data is committed.
  await page.evaluate(() => {
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function putThenAbort(...args) {
      const request = put.apply(this, args);
      const transaction = this.transaction;
      // (Once per transaction: a save puts its claim and its new files in one.)
      if (!Object.getOwnPropertyDescriptor(transaction, 'error')) Object.defineProperty(transaction, 'error', { value: new DOMException('The quota has been exceeded.', 'QuotaExceededError') });
      setTimeout(() => {
        try {
          transaction.abort();
        } catch {
          // Already finished: nothing to abort.
        }
      }, 0);
      return request;
    };
  });
  await loadExample(page);
  await page.getByText(/^Not saved: this device's storage for the page is full\./).waitFor();
  assert.equal(await page.getByLabel('Claim title', { exact: true }).inputValue(), 'Contoso cloud security webinar');
});

journey('a full storage: said plainly, nothing lost, and saved with its documents once there is room again', async (page) => {
  await button(page, 'New claim').click();
  await field(page, 'Claim title').fill('Roadshow recording');
  await page.getByText('Saved on this device.').waitFor();
  // The browser refusing as it does when the quota is reached. (Chromium's own quota
  // cannot be made small here: Storage.overrideQuotaForOrigin leaves the estimate at
  // its 10 GB, and a 6 MB file is saved.)
  await page.evaluate(() => {
    window.__put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function refuse() {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  const recording = Buffer.alloc(6 * 1024 * 1024, 7);
  recording.write('ftypisom', 4);
  await field(page, 'Add documents').setInputFiles([{ name: 'Roadshow.mp4', mimeType: 'video/mp4', buffer: recording }]);
  await page.getByText(/^Not saved: this device's storage for the page is full\./).waitFor();
  const row = page.locator('li.document', { hasText: 'Roadshow.mp4' });
  await eventually(async () => assert.match(await row.locator('.facts').textContent(), /SHA-256/));
  assert.equal(await field(page, 'Claim title').inputValue(), 'Roadshow recording');
  // Room again: the partner freed space elsewhere and comes back to the page, which
  // saves the claim and its file without being changed first.
  await page.evaluate(() => {
    IDBObjectStore.prototype.put = window.__put;
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await page.getByText('Saved on this device.').waitFor();
  await page.reload();
  await eventually(async () => assert.equal(await field(page, 'Claim title').inputValue(), 'Roadshow recording'));
  await eventually(async () => assert.match(await row.locator('.facts').textContent(), /SHA-256/));
  assert.equal(await row.locator('.field-error').count(), 0);
});

journey('a full storage is said plainly, the claim stays on the page, and its package is offered', async (page) => {
  // What the browser does when the quota is reached.
  await page.evaluate(() => {
    IDBObjectStore.prototype.put = function refuse() {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  await loadExample(page);
  await page.getByText(/^Not saved: this device's storage for the page is full\./).waitFor();
  assert.equal(await page.getByLabel('Claim title', { exact: true }).inputValue(), 'Contoso cloud security webinar');
  // The page offers the copy to keep: the package, downloaded at once (the example is ready).
  await eventually(async () => assert.equal(await page.locator('li.document .facts', { hasText: 'SHA-256' }).count(), 7));
  const [file] = await Promise.all([page.waitForEvent('download'), button(page, 'Build the package now').click()]);
  assert.match(file.suggestedFilename(), /^contoso-cloud-security-webinar-\d{4}-\d{2}-\d{2}\.zip$/);
});
