// WCAG 2.2 AA (PRODUCT.md §4), as far as a machine can tell: axe-core on the empty page,
// on the example claim and on the list of several claims, at desktop and phone widths and
// in dark mode. Passing it is
// necessary, not sufficient: keyboard paths are tested in claim.test.mjs.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { addUnreadableFile, eventually, formatViolations, openPage, runAxe, storeCopiesOfClaim, useBrowser } from './harness.mjs';

const env = useBrowser({ before, after });

const VIEWS = [
  { name: 'desktop', options: { viewport: { width: 1280, height: 800 } } },
  { name: 'phone', options: { viewport: { width: 390, height: 844 } } },
  // A dark theme is where contrast usually breaks.
  { name: 'desktop, dark', options: { viewport: { width: 1280, height: 800 }, colorScheme: 'dark' } },
];

function assertNoViolations(violations, state) {
  assert.equal(violations.length, 0, `axe found problems on ${state}:\n\n${formatViolations(violations)}`);
}

for (const { name, options } of VIEWS) {
  test(`${name}: no accessibility violations, empty, with the example claim and with several claims`, { timeout: 120_000 }, async () => {
    const { page, close } = await openPage(env.browser, env.server.url, options);
    try {
      assertNoViolations(await runAxe(page), 'the empty page');

      await page.getByRole('button', { name: 'Load example claim', exact: true }).click();
      const title = page.getByLabel('Claim title', { exact: true });
      await eventually(async () => assert.notEqual(await title.inputValue(), '', 'the example is loaded'));
      assertNoViolations(await runAxe(page), 'the example claim');

      // Several claims: a second one, the example deleted (the Undo notice), then back.
      await page.getByRole('button', { name: 'New claim', exact: true }).click();
      await eventually(async () => assert.equal(await title.inputValue(), ''));
      await title.fill('Second claim');
      const claims = page.getByRole('region', { name: 'Your claims', exact: true });
      await claims.getByRole('button', { name: 'Delete Contoso cloud security webinar', exact: true }).click();
      const undo = claims.getByRole('button', { name: 'Undo', exact: true });
      await undo.waitFor();
      assertNoViolations(await runAxe(page), 'the claims list with a deleted claim');
      await undo.click();
      await eventually(async () => assert.equal(await claims.getByRole('listitem').count(), 2));
      assertNoViolations(await runAxe(page), 'the claims list with two claims');
    } finally {
      await close();
    }
  });
}

// A screen reader's list of fields and headings holds every cost line and document of a
// claim, also those far below the view (a row whose layout is skipped is not in the tree).
test('every cost line and document of the example is in the accessibility tree, seen from the top of the page', { timeout: 120_000 }, async () => {
  const { page, close } = await openPage(env.browser, env.server.url, { viewport: { width: 1280, height: 800 } });
  try {
    await page.getByRole('button', { name: 'Load example claim', exact: true }).click();
    await eventually(async () => assert.equal(await page.locator('li.document .facts', { hasText: 'SHA-256' }).count(), 7));
    await page.evaluate(() => window.scrollTo(0, 0));
    const cdp = await page.context().newCDPSession(page);
    await eventually(async () => {
      const { nodes } = await cdp.send('Accessibility.getFullAXTree');
      const named = (role, name) => nodes.filter((node) => !node.ignored && node.role?.value === role && node.name?.value === name).length;
      assert.deepEqual([named('textbox', 'Description'), named('combobox', 'Document type')], [3, 7]);
    });
  } finally {
    await close();
  }
});

// A field that Checks finds wrong says so itself, to a screen reader: marked invalid for a
// blocker, and described by the finding's own words (WCAG 3.3.1), a warning described only.
test('a field with a finding is described by it, and marked invalid for a blocker', { timeout: 120_000 }, async () => {
  const { page, close } = await openPage(env.browser, env.server.url);
  try {
    await page.getByRole('button', { name: 'Load example claim', exact: true }).click();
    await eventually(async () => assert.equal(await page.locator('li.document .facts', { hasText: 'SHA-256' }).count(), 7));
    const describedBy = (label) =>
      page.getByLabel(label, { exact: true }).evaluate((field) => ({
        invalid: field.getAttribute('aria-invalid'),
        said: (field.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' | '),
      }));
    const start = await page.getByLabel('Activity start', { exact: true }).inputValue();
    const before = new Date(new Date(`${start}T12:00:00Z`).getTime() - 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('Activity end', { exact: true }).fill(before);
    await eventually(async () => {
      const end = await describedBy('Activity end');
      assert.equal(end.invalid, 'true');
      assert.match(end.said, /The activity ends \(.+\) before it starts/);
    });
    await page.getByLabel('Claimed amount', { exact: true }).fill('6,850');
    await eventually(async () => {
      const amount = await describedBy('Claimed amount');
      assert.equal(amount.invalid, null, 'a warning is not an error');
      assert.match(amount.said, /“6,850” is read as \$6,850\.00/);
    });
    // A cost line without its invoice: said on the line's description, which is not invalid
    // (its text is right; a document is missing).
    await page.getByRole('button', { name: 'Add cost line', exact: true }).click();
    await page.locator('li.cost-line').last().getByLabel('Description', { exact: true }).fill('Booth');
    await page.locator('li.cost-line').last().getByLabel('Amount', { exact: true }).fill('100');
    await eventually(async () => {
      const said = await page.locator('li.cost-line').last().getByLabel('Description', { exact: true }).evaluate((field) => [field.getAttribute('aria-invalid'), (field.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' | ')]);
      assert.equal(said[0], null);
      assert.match(said[1], /Cost line 4.* has no third-party invoice/);
    });
    // A finding of a file leads to its facts, which name the file and are described by it.
    await page.getByLabel('Add documents', { exact: true }).setInputFiles([{ name: 'empty.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(0) }]);
    const empty = page.getByRole('region', { name: 'Checks', exact: true }).locator('[data-code="FILE-EMPTY"] button.finding-problem');
    await empty.click();
    await eventually(async () => {
      const focused = await page.evaluate(() => {
        const element = document.activeElement;
        const texts = (attribute) => (element.getAttribute(attribute) ?? '').split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' | ');
        return { role: element.getAttribute('role'), name: texts('aria-labelledby'), said: texts('aria-describedby') };
      });
      assert.equal(focused.role, 'group');
      assert.match(focused.name, /^empty\.pdf \| 0 bytes/);
      assert.match(focused.said, /empty\.pdf is empty/);
    });
    // A proof without its note and items: its Note and its items are described so too.
    await page.getByLabel('Add documents', { exact: true }).setInputFiles([{ name: 'stand.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 stand\n%%EOF\n') }]);
    // Once read, the file is said to be added (the "Reading…" line goes).
    await page.locator('section.documents [role="status"]').getByText('1 document added.', { exact: true }).waitFor({ state: 'attached' });
    // Said once, then gone: left there, it was said again at a language switch, long after.
    await eventually(async () => assert.equal(await page.locator('#documents-said').textContent(), ''), { timeout: 10_000 });
    const stand = page.locator('li.document').filter({ has: page.getByRole('heading', { name: 'stand.pdf', exact: true }) });
    await stand.getByLabel('Document type', { exact: true }).selectOption({ label: 'Proof of execution' });
    await eventually(async () => assert.match(await describedIn(stand.getByLabel('Note', { exact: true })), /stand\.pdf has no explanatory note/));
    // An activity type whose proof items the documents do not cover: said on the items.
    await page.getByLabel('Activity type', { exact: true }).selectOption({ index: 9 });
    await eventually(async () => {
      const said = await Promise.all((await page.locator('fieldset.proof-items').all()).map(describedIn));
      assert.ok(said.some((text) => /No proof of execution covers/.test(text)), JSON.stringify(said));
    });
    // An empty required field is said by aria-required, not described again.
    await page.getByLabel('Claim title', { exact: true }).fill('');
    await eventually(async () => assert.equal((await describedBy('Claim title')).said, ''));
  } finally {
    await close();
  }
});

// A claim of more documents than the page shows at first: Show more lists the next ones
// and the keyboard goes to the first of them; a finding of a document not shown yet shows
// it, and its field takes the focus.
test('past the first hundred rows, Show more and a finding lead the keyboard to the rows they name', { timeout: 180_000 }, async () => {
  const { page, close } = await openPage(env.browser, env.server.url);
  try {
    const files = Array.from({ length: 112 }, (_, i) => ({ name: `Scan ${String(i + 1).padStart(3, '0')}.pdf`, mimeType: 'application/pdf', buffer: Buffer.from(`%PDF-1.4 scan ${i}\n%%EOF\n`) }));
    await page.getByLabel('Add documents', { exact: true }).setInputFiles(files);
    const checks = page.getByRole('region', { name: 'Checks', exact: true });
    const more = checks.getByRole('button', { name: 'Show 100 more DOC-UNCLASSIFIED (of 112)', exact: true });
    await more.waitFor({ timeout: 60_000 });
    await more.click();
    await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement?.id), 'finding-DOC-UNCLASSIFIED-11'));
    // The reader's findings in those files, arriving meanwhile (a list of their own above,
    // and their own Show more), leave the focus where it went.
    await checks.getByRole('button', { name: 'Show 100 more PDF-DAMAGED (of 112)', exact: true }).waitFor({ timeout: 60_000 });
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'finding-DOC-UNCLASSIFIED-11');
    const last = checks.locator('[data-code="DOC-UNCLASSIFIED"]').last();
    const target = await last.getAttribute('data-target');
    assert.equal(await page.locator(`#${target}`).count(), 0, 'the 112th document is not shown yet');
    await last.getByRole('button').click();
    await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement?.id), target));
    // Show more in the documents list goes on to the first document it shows.
    await page.reload();
    const documents = page.getByRole('button', { name: 'Show 12 more documents (of 112)', exact: true });
    await documents.waitFor();
    await documents.click();
    await eventually(async () => assert.match(await page.evaluate(() => document.activeElement?.id ?? ''), /^document-\d+-type$/));
    assert.equal(await page.evaluate(() => document.activeElement.closest('li.document')?.querySelector('h3')?.textContent), 'Scan 101.pdf');
    // Submitted, the claim is locked: its rows are out of reach, but not Show more, which
    // still lists them, the keyboard going on to the first one it shows.
    await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Submitted' });
    await page.locator('#submitted-notice').waitFor();
    await page.reload();
    await page.locator('#submitted-notice').waitFor();
    assert.equal(await page.getByLabel('Document type', { exact: true }).first().isDisabled(), true, 'locked');
    const shownLocked = page.getByRole('button', { name: 'Show 12 more documents (of 112)', exact: true });
    assert.equal(await shownLocked.isDisabled(), false, 'Show more is in reach');
    await shownLocked.click();
    await eventually(async () => assert.equal(await page.locator('li.document').count(), 112));
    await eventually(async () => assert.match(await page.evaluate(() => document.activeElement?.id ?? ''), /^document-\d+-file$/));
    assert.equal(await page.evaluate(() => document.activeElement.closest('li.document')?.querySelector('h3')?.textContent), 'Scan 101.pdf');
  } finally {
    await close();
  }
});

// WCAG 1.4.10 (reflow): at 320 CSS px the page never scrolls sideways, with rows laid out
// and rows not yet laid out (a row out of view stands in at a given height, never width).
test('at 320 px wide nothing scrolls sideways, at the top or the bottom of the example claim', { timeout: 120_000 }, async () => {
  const { page, close } = await openPage(env.browser, env.server.url, { viewport: { width: 320, height: 640 } });
  try {
    await page.getByRole('button', { name: 'Load example claim', exact: true }).click();
    await eventually(async () => assert.equal(await page.locator('li.document .facts', { hasText: 'SHA-256' }).count(), 7));
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    await page.evaluate(() => window.scrollTo(0, 0));
    await eventually(async () => assert.equal(await overflow(), 0, 'at the top'));
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await eventually(async () => assert.equal(await overflow(), 0, 'at the bottom'));
  } finally {
    await close();
  }
});

// The skip link takes the keyboard focus itself to the claim (a screen reader says where
// it is), not only the next Tab's starting point.
test('Skip to the claim moves the keyboard focus to the claim', { timeout: 60_000 }, async () => {
  const { page, close } = await openPage(env.browser, env.server.url, { viewport: { width: 1280, height: 800 } });
  try {
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to the claim');
    await page.keyboard.press('Enter');
    await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement?.id), 'claim'));
    // Where it lands is named: a screen reader says "The claim, region".
    assert.equal(await page.getByRole('region', { name: 'The claim', exact: true }).evaluate((region) => region === document.activeElement), true);
    await page.keyboard.press('Tab');
    assert.ok(await page.evaluate(() => document.getElementById('claim').contains(document.activeElement) && document.activeElement.id !== 'claim'), 'the next Tab goes into the claim');
  } finally {
    await close();
  }
});

// A message that names a file the partner gave wraps its name, however long and
// unbroken: an Open package refused whole made the page four times the phone's width.
test('at 320 px wide a file of a long unbroken name refused by Open package is said without scrolling sideways', { timeout: 120_000 }, async () => {
  const { page, close } = await openPage(env.browser, env.server.url, { viewport: { width: 320, height: 640 } });
  try {
    const name = `Facture_Agence_Lumiere_SARL_evenement_seminaire_Copilot_Lyon_octobre_2026_version_finale_signee_scannee_v3.pdf`;
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Open package', exact: true }).click();
    await (await chooser).setFiles({ name, mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 not a package') });
    await page.getByText(`${name} could not be opened`, { exact: false }).waitFor();
    await eventually(async () => assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), 0));
  } finally {
    await close();
  }
});

// Nor is anything cut inside a card (a card that scrolls or clips keeps the page's width):
// the deadline rows and their day counts, the claims' rows and their buttons, in both
// languages (French is longer).
for (const [locale, ready] of [['en-US', 'Load example claim'], ['fr-FR', "Charger l'exemple de demande"]]) {
  test(`at 320 px wide (${locale}) the dates, the documents and the claims' rows stay within their cards`, { timeout: 120_000 }, async () => {
    const { page, close } = await openPage(env.browser, env.server.url, { locale, readyButton: ready, viewport: { width: 320, height: 640 } });
    try {
      await page.getByRole('button', { name: ready, exact: true }).click();
      await eventually(async () => assert.equal(await page.locator('li.document .facts', { hasText: 'SHA-256' }).count(), 7));
      const outside = () =>
        page.evaluate(() => {
          const cut = [];
          for (const element of document.querySelectorAll('.date-row, .date-row *, .claim-row, .claim-row *, li.document, li.document *')) {
            // Within its card, and an invoice's fields within their box.
            const card = element.parentElement?.closest('fieldset.invoice-facts') ?? element.closest('.card');
            const [box, bounds] = [element.getBoundingClientRect(), card.getBoundingClientRect()];
            if (box.width > 0 && (box.right > bounds.right + 0.5 || box.right > window.innerWidth)) cut.push(`${element.className || element.tagName}: ${element.textContent.slice(0, 40)} (${Math.round(box.right)} > ${Math.round(bounds.right)})`);
          }
          return cut;
        });
      // The example's documents (an invoice's fields among them), then two claims' rows.
      await page.evaluate(() => document.querySelectorAll('li.document').forEach((row) => row.scrollIntoView()));
      assert.deepEqual(await outside(), []);
      await page.getByRole('button', { name: locale === 'en-US' ? 'New claim' : 'Nouvelle demande', exact: true }).click();
      await page.locator('#claim-title').fill('Second');
      await eventually(async () => assert.equal(await page.locator('li.claim-row').count(), 2));
      assert.deepEqual(await outside(), []);
      // The dates and checks show above the form, and come before it for the keyboard
      // and a screen reader too (WCAG 2.4.3).
      const order = await page.evaluate(() => {
        const [status, form] = [document.querySelector('.status-column'), document.querySelector('.form-column')];
        return { before: Boolean(status.compareDocumentPosition(form) & Node.DOCUMENT_POSITION_FOLLOWING), above: status.getBoundingClientRect().bottom <= form.getBoundingClientRect().top };
      });
      assert.deepEqual(order, { before: true, above: true });
    } finally {
      await close();
    }
  });
}

// Required fields are marked where they are seen (the mark explained above the form), and
// said by aria-required; the mark is not part of a field's name, which stays its label.
test('required fields are marked, and their names stay their labels', { timeout: 60_000 }, async () => {
  const { page, close } = await openPage(env.browser, env.server.url);
  try {
    await page.getByText('Fields marked * must be filled in before the claim is submitted.', { exact: true }).waitFor();
    const marked = await page.locator('.claim-fields .field').evaluateAll((fields) =>
      fields.map((field) => [field.querySelector('label')?.textContent, !!field.querySelector('.required'), field.querySelector('input, select')?.getAttribute('aria-required') === 'true']),
    );
    const required = ['Claim title', 'Partner ID', 'Usage period start', 'Usage period end', 'Currency', 'Claimed amount', 'Activity type', 'Activity start', 'Activity end'];
    assert.deepEqual(marked.filter(([, mark]) => mark).map(([label]) => label), required);
    assert.ok(marked.every(([, mark, aria]) => mark === aria), JSON.stringify(marked));
    for (const label of [...required, 'Company name']) assert.equal(await page.getByLabel(label, { exact: true }).count(), 1, label);
    // A cost line's description and amount are required too.
    await page.getByRole('button', { name: 'Add cost line', exact: true }).click();
    const line = page.locator('li.cost-line').first();
    await line.getByLabel('Description', { exact: true }).waitFor();
    assert.deepEqual(await line.locator('.label-line label').allTextContents(), ['Description', 'Amount']);
  } finally {
    await close();
  }
});

// PRODUCT.md §5: the names tests rely on are there on a device holding one claim, the
// search box too (it was shown only from two claims on).
test('the claim-wide names of PRODUCT.md §5 are on the page from the first claim', { timeout: 60_000 }, async () => {
  const { page, close } = await openPage(env.browser, env.server.url);
  try {
    for (const label of ['Search claims', 'Add documents', 'Partner Center claim ID', 'Submitted on', 'Status']) {
      assert.equal(await page.getByLabel(label, { exact: true }).count(), 1, label);
    }
    assert.equal(await page.getByRole('searchbox', { name: 'Search claims', exact: true }).count(), 1);
    for (const name of ['Add cost line', 'Build package', 'Open package', 'Load example claim', 'Back up all claims', 'Restore backup']) {
      assert.equal(await page.getByRole('button', { name, exact: true }).count(), 1, name);
    }
  } finally {
    await close();
  }
});

// Back up all claims: the region says once that it backs up, not each claim written (a
// screen reader read "Backing up: n of 41" forty-two times), then how it ended.
test('Back up all claims says it backs up once, not each claim written, then takes the keyboard to how it ended', { timeout: 120_000 }, async () => {
  const { page, close } = await openPage(env.browser, env.server.url);
  try {
    await page.getByRole('button', { name: 'Load example claim', exact: true }).click();
    await page.getByText('Saved on this device.').waitFor();
    await storeCopiesOfClaim(page, { count: 12, prefix: 'Backed up claim ' });
    await page.reload();
    await page.getByRole('button', { name: 'Show all 13 claims', exact: true }).waitFor();
    await recordLiveRegions(page);
    await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Back up all claims', exact: true }).click()]);
    const report = page.locator('#backup-report');
    await report.getByText(/is saved/).waitFor();
    // How it ended is where the keyboard goes, and not also read out by a live region.
    await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement?.id), 'backup-report'));
    assert.equal(await report.evaluate((element) => element.closest('[role="status"], [aria-live]') === null), true);
    const heard = await liveHeard(page);
    assert.deepEqual(heard, ['Backing up every claim…'], 'said once as it starts, nothing else');
  } finally {
    await close();
  }
});

// Build package's question is a dialog the focus goes to, not something a live region
// reads out as well; while it builds, the region says so once, not each step of the
// progress, then how it ended.
test('Build package: the question is a dialog outside the live region, which says the build once; the keyboard goes to its end', { timeout: 120_000 }, async () => {
  const { page, close } = await openPage(env.browser, env.server.url);
  try {
    await page.getByLabel('Claim title', { exact: true }).fill('Blocked on purpose');
    const panel = page.getByRole('region', { name: 'Submission package', exact: true });
    await recordLiveRegions(page);
    await panel.getByRole('button', { name: 'Build package', exact: true }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    assert.equal(await dialog.evaluate((element) => element.closest('[role="status"], [aria-live]') === null), true);
    await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Build anyway'));
    const [saved] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    await saved.path();
    await eventually(async () => assert.match(await page.evaluate(() => document.activeElement?.textContent), /^Saved blocked-on-purpose-\d{4}-\d{2}-\d{2}\.zip \(/));
    const heard = await liveHeard(page);
    assert.equal(heard.filter((text) => text === 'Checking documents').length, 1, JSON.stringify(heard));
    assert.ok(heard.every((text) => !/Checked|Build anyway|Saved/.test(text)), JSON.stringify(heard));
  } finally {
    await close();
  }
});

// Build package refused at once (a document not read), pressed again and refused again:
// each refusal gets the keyboard (the second, of the same kind as the first, was silent).
test('Build package refused at once, twice: the keyboard goes to the reason each time', { timeout: 120_000 }, async () => {
  const { page, close } = await openPage(env.browser, env.server.url);
  try {
    await page.getByRole('button', { name: 'Load example claim', exact: true }).click();
    await page.getByText('Saved on this device.').waitFor();
    await addUnreadableFile(page, 'moved away.pdf');
    await page.getByText(/moved away\.pdf cannot be read/).first().waitFor();
    // Said once with what reading gave; its row's reason is no alert of its own (ten rows
    // were ten alerts as a claim opened, and again at each language switch).
    await page.locator('#documents-said').getByText('1 document added. 1 file cannot be read: its row says why.', { exact: true }).waitFor({ state: 'attached' });
    assert.equal(await page.locator('li.document [role="alert"]').count(), 0);
    const build = page.getByRole('button', { name: 'Build package', exact: true });
    for (const press of [1, 2]) {
      await build.focus();
      await page.keyboard.press('Enter');
      if (await page.getByRole('alertdialog').count()) await page.keyboard.press('Enter');
      await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement?.id), 'package-result', `press ${press}`));
    }
    // Given again on its row, and unreadable again: the same words on the row, and heard
    // (no count changed, and nothing was said of the second try).
    await page.locator('li.document', { hasText: 'moved away.pdf' }).getByLabel('Add this file again', { exact: true }).setInputFiles([{ name: 'moved away.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(1024) }]);
    await eventually(async () => assert.match((await page.locator('#said').textContent()) ?? '', /moved away\.pdf cannot be read/));
    // Its row removed, a file added next is said alone: the removed row's error is not
    // counted.
    await eventually(async () => assert.equal(await page.locator('#documents-said').textContent(), ''), { timeout: 10_000 });
    await page.getByRole('button', { name: 'Remove moved away.pdf', exact: true }).click();
    // The removal says nothing of files added (what was said of them is not said again).
    await page.waitForTimeout(600);
    assert.equal(await page.locator('#documents-said').textContent(), '');
    await page.evaluate(() => {
      Blob.prototype.arrayBuffer = function arrayBuffer() {
        return new Response(this).arrayBuffer();
      };
    });
    await page.getByLabel('Add documents', { exact: true }).setInputFiles([{ name: 'stand.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 stand\n%%EOF\n') }]);
    await page.locator('#documents-said').getByText('1 document added.', { exact: true }).waitFor({ state: 'attached' });
  } finally {
    await close();
  }
});

// A partner who goes on elsewhere while a package builds keeps their place: how it ended
// is said, not given the keyboard. (The package's worker is held from loading until the
// keyboard is in Claim title, so the build cannot end first.)
test('Build package ended while the partner types elsewhere: said, and the keyboard stays where it is', { timeout: 120_000 }, async () => {
  const { page, close } = await openPage(env.browser, env.server.url, { serviceWorkers: 'block' });
  try {
    await page.getByLabel('Claim title', { exact: true }).fill('Built meanwhile');
    let release;
    const held = new Promise((resolve) => (release = resolve));
    await page.context().route(/package-worker-/, async (route) => {
      await held;
      await route.continue();
    });
    await recordLiveRegions(page);
    const panel = page.getByRole('region', { name: 'Submission package', exact: true });
    await panel.getByRole('button', { name: 'Build package', exact: true }).click();
    await page.getByRole('button', { name: 'Build anyway', exact: true }).click();
    await panel.getByRole('button', { name: 'Cancel', exact: true }).waitFor();
    const title = page.getByLabel('Claim title', { exact: true });
    await title.focus();
    const [saved] = await Promise.all([page.waitForEvent('download'), Promise.resolve().then(release)]);
    await saved.path();
    await eventually(async () => assert.match((await liveHeard(page)).at(-1) ?? '', /^Saved built-meanwhile-\d{4}-\d{2}-\d{2}\.zip \(/));
    assert.equal(await page.evaluate(() => document.activeElement?.id), await title.getAttribute('id'));
  } finally {
    await close();
  }
});

// What an action did where the focus is not: an archived claim's row moves to another
// group, a note lands in the history below. Each is said once, in both places Archive is.
test('Archive, Restore and Add note are said to a screen reader', { timeout: 120_000 }, async () => {
  const { page, close } = await openPage(env.browser, env.server.url);
  try {
    await page.getByRole('button', { name: 'Load example claim', exact: true }).click();
    await page.getByText('Saved on this device.').waitFor();
    await page.getByRole('button', { name: 'New claim', exact: true }).click();
    await page.getByLabel('Claim title', { exact: true }).fill('Second claim');
    await page.getByText('Saved on this device.').waitFor();
    await recordLiveRegions(page);
    // What the actions said: Checks says its own count too, a second after an action
    // changed it, which may land after the next action's words on a busy machine (and
    // the example's documents, read meanwhile, are said to be added).
    const actions = async () => (await liveHeard(page)).filter((text) => !/blocker|warning|^Ready|documents? added\.$/.test(text));
    const claims = page.getByRole('region', { name: 'Your claims', exact: true });
    await claims.getByRole('button', { name: 'Archive Contoso cloud security webinar', exact: true }).click();
    await eventually(async () => assert.equal((await actions()).at(-1), '“Contoso cloud security webinar” is archived: it is listed under Archived.'));
    await claims.getByRole('button', { name: 'Restore Contoso cloud security webinar', exact: true }).click();
    await eventually(async () => assert.equal((await actions()).at(-1), '“Contoso cloud security webinar” is back in the active list.'));
    // The Submission card's own Archive, and a note.
    const card = page.getByRole('region', { name: 'Submission', exact: true });
    await card.getByRole('button', { name: 'Archive', exact: true }).click();
    await eventually(async () => assert.equal((await actions()).at(-1), '“Second claim” is archived: it is listed under Archived.'));
    await card.getByLabel(/^Note/).fill('Asked the PDM about the venue invoice');
    await card.getByRole('button', { name: 'Add note', exact: true }).click();
    await eventually(async () => assert.equal((await actions()).at(-1), 'Note added to the status history.'));
    await card.getByRole('button', { name: 'Restore', exact: true }).click();
    await eventually(async () => assert.equal((await actions()).at(-1), '“Second claim” is back in the active list.'));
    // Each once.
    const heard = await actions();
    assert.equal(heard.length, 5, JSON.stringify(heard));
  } finally {
    await close();
  }
});

// Archived from a long list, a claim's row moves past the claims shown: the keyboard goes
// to what shows more, not to the page (its button was gone).
test('a claim archived out of the claims shown takes the keyboard to what shows more', { timeout: 120_000 }, async () => {
  const { page, close } = await openPage(env.browser, env.server.url);
  try {
    await page.getByRole('button', { name: 'Load example claim', exact: true }).click();
    await page.getByText('Saved on this device.').waitFor();
    await storeCopiesOfClaim(page, { count: 9, prefix: 'Listed claim ' });
    await page.reload();
    await page.getByRole('button', { name: 'Show all 10 claims', exact: true }).click();
    const claims = page.getByRole('region', { name: 'Your claims', exact: true });
    const more = claims.getByRole('button', { name: /^Show 2 more claims/ });
    await more.waitFor();
    // The first claim listed, not the one on the page.
    await claims.locator('.claim-row:not(.shown) button[id^="archive-"]').first().click();
    await eventually(async () => assert.match(await page.evaluate(() => document.activeElement?.textContent ?? ''), /^Show \d+ more claims? \(of 10\)$/));
  } finally {
    await close();
  }
});

// Arrowing through Activity type, or typing an amount, changes the Checks count at each
// key: a screen reader hears it once the keys stop, not each count.
test('the Checks count is said once the keys stop, not at each arrow key', { timeout: 120_000 }, async () => {
  const { page, close } = await openPage(env.browser, env.server.url);
  try {
    await page.getByRole('button', { name: 'Load example claim', exact: true }).click();
    await page.getByText('Saved on this device.').waitFor();
    await recordLiveRegions(page);
    const type = page.getByLabel('Activity type', { exact: true });
    await type.focus();
    for (let n = 0; n < 4; n++) await page.keyboard.press('ArrowDown');
    const summary = page.locator('section.checks p.summary');
    await eventually(async () => assert.equal((await liveHeard(page)).at(-1), await summary.textContent()));
    // (The example's documents, read meanwhile, are said to be added: not a count.)
    const heard = (await liveHeard(page)).filter((text) => !/documents? added\.$/.test(text));
    assert.equal(heard.length, 1, JSON.stringify(heard));
  } finally {
    await close();
  }
});

// Another claim opened is another claim's Checks: its count is said, though it is the
// same as the last claim's; a page opened says nothing of it (it is read when reached).
test("the Checks count is said when another claim is opened, the same count too, and not when the page opens", { timeout: 120_000 }, async () => {
  const { page, close } = await openPage(env.browser, env.server.url);
  try {
    for (const title of ['First of two', 'Second of two']) {
      await page.getByRole('button', { name: 'New claim', exact: true }).click();
      await page.getByLabel('Claim title', { exact: true }).fill(title);
      await page.getByText('Saved on this device.').waitFor();
    }
    const summary = page.locator('section.checks p.summary');
    const count = await summary.textContent();
    await page.reload();
    await page.getByRole('button', { name: 'Open First of two', exact: true }).waitFor();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(await page.locator('#checks-said').textContent(), '', 'nothing said as the page opens');
    await recordLiveRegions(page);
    await page.getByRole('button', { name: 'Open First of two', exact: true }).click();
    await eventually(async () => assert.equal(await page.getByLabel('Claim title', { exact: true }).inputValue(), 'First of two'));
    assert.equal(await summary.textContent(), count, 'the same count');
    await eventually(async () => assert.deepEqual((await liveHeard(page)).filter((text) => /blocker|warning|Ready/.test(text)), [count]));
  } finally {
    await close();
  }
});

// A notice comes on the page with its words: a live region inserted with its text is
// not read by every screen reader, one whose words change as Submitted on is typed was
// read at every key, and one left there was read again at a language switch. Each is said
// once, through the page's own region, as it comes.
test('notices are said once as they come: the lock as the claim locks, not at each key of Submitted on nor at a language switch; a claim already here', { timeout: 120_000 }, async () => {
  const { page, close } = await openPage(env.browser, env.server.url);
  try {
    const said = page.locator('#said');
    await page.getByRole('button', { name: 'Load example claim', exact: true }).click();
    await page.getByText('Saved on this device.').waitFor();
    await page.getByRole('button', { name: 'New claim', exact: true }).click();
    await page.getByLabel('Claim title', { exact: true }).fill('Trade show');
    await page.getByRole('button', { name: 'Load example claim', exact: true }).click();
    await eventually(async () => assert.match(await said.textContent(), /The example claim is already on this device, unchanged/));
    assert.equal(await page.locator('.notice').first().evaluate((element) => element.closest('[role="status"], [aria-live]') === null), true, 'the notice is no live region');
    await recordLiveRegions(page);
    await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Submitted' });
    await page.locator('#submitted-notice').getByText(/^Submitted on .+: the claim is locked/).waitFor();
    await eventually(async () => assert.equal((await liveHeard(page)).filter((text) => /the claim is locked/.test(text)).length, 1));
    // Its words change with each date typed; nothing more is said.
    const submittedOn = page.getByLabel('Submitted on', { exact: true });
    await submittedOn.focus();
    await page.keyboard.type('11202026');
    await eventually(async () => assert.match(await page.locator('#submitted-notice').textContent(), /^Submitted on November.20,.2026: the claim is locked/));
    await page.getByRole('button', { name: 'Français', exact: true }).click();
    await page.locator('#submitted-notice').getByText(/verrouillée/).waitFor();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const heard = (await liveHeard(page)).filter((text) => /locked|verrouill|already on this device|déjà sur cet appareil/.test(text));
    assert.equal(heard.length, 1, JSON.stringify(heard));
  } finally {
    await close();
  }
});

// The same notice given again is another to say (Load example claim pressed twice: the
// focus goes to its title each time); a language switch gives none.
test('a notice given again is said again, and a language switch says it not again', { timeout: 120_000 }, async () => {
  const { page, close } = await openPage(env.browser, env.server.url);
  try {
    await page.getByRole('button', { name: 'Load example claim', exact: true }).click();
    await page.getByText('Saved on this device.').waitFor();
    await recordLiveRegions(page);
    const here = () => liveHeard(page).then((heard) => heard.filter((text) => /already on this device|déjà sur cet appareil/.test(text)));
    await page.getByRole('button', { name: 'Load example claim', exact: true }).click();
    await eventually(async () => assert.equal((await here()).length, 1));
    await page.getByRole('button', { name: 'Load example claim', exact: true }).click();
    await eventually(async () => assert.equal((await here()).length, 2, 'said again'));
    await page.getByRole('button', { name: 'Français', exact: true }).click();
    await page.locator('.notice', { hasText: /déjà sur cet appareil/ }).waitFor();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal((await here()).length, 2, JSON.stringify(await here()));
  } finally {
    await close();
  }
});

// Checks lists ten findings of a code at first; the fields of the eleventh on are
// described all the same (by their document's own list of checks) and marked.
test('every document of a batch of thirteen is described by what Checks finds on it, the eleventh on too', { timeout: 120_000 }, async () => {
  const { page, close } = await openPage(env.browser, env.server.url);
  try {
    const files = Array.from({ length: 13 }, (_, n) => ({ name: `scan-${String(n + 1).padStart(2, '0')}.pdf`, mimeType: 'application/pdf', buffer: Buffer.from(`not a pdf ${n}`) }));
    await page.getByLabel('Add documents', { exact: true }).setInputFiles(files);
    const row = (name) => page.locator('li.document').filter({ has: page.getByRole('heading', { name, exact: true }) });
    for (const name of ['scan-01.pdf', 'scan-11.pdf', 'scan-13.pdf']) {
      await eventually(async () => assert.match(await describedIn(row(name).locator('.facts')), /named as a PDF|Blocker/, name));
      await eventually(async () => assert.notEqual(await describedIn(row(name).getByLabel('Document type', { exact: true })), '', name));
    }
  } finally {
    await close();
  }
});

// The same for cost lines: the eleventh line in another currency on is described by its
// line's own findings, not left marked invalid with no reason.
test('every cost line of twelve in another currency is described by what Checks finds on it, the eleventh on too', { timeout: 120_000 }, async () => {
  const { page, close } = await openPage(env.browser, env.server.url);
  try {
    await page.getByRole('button', { name: 'New claim', exact: true }).click();
    await page.getByLabel('Claim title', { exact: true }).fill('Twelve lines');
    const lines = page.locator('li.cost-line');
    for (let n = 0; n < 12; n += 1) {
      await page.getByRole('button', { name: 'Add cost line', exact: true }).click();
      await eventually(async () => assert.equal(await lines.count(), n + 1));
      const currency = lines.nth(n).getByLabel('Line currency', { exact: true });
      const other = await currency.evaluate((select) => [...select.options].map((option) => option.value).find((value) => value && value !== select.value));
      await currency.selectOption(other);
    }
    for (const n of [0, 10, 11]) {
      const currency = lines.nth(n).getByLabel('Line currency', { exact: true });
      await eventually(async () => assert.match(await describedIn(currency), /Mixed currencies|Cost line \d+ is in/, `line ${n + 1}`));
      assert.equal(await currency.getAttribute('aria-invalid'), 'true', `line ${n + 1}`);
    }
  } finally {
    await close();
  }
});

/** What describes an element (its `aria-describedby`), as the texts of the elements it names. */
function describedIn(locator) {
  return locator.evaluate((element) => (element.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean).map((id) => document.getElementById(id)?.textContent ?? '').join(' | '));
}

/** Records what each live region of the page says from now on (its text, once changed, without what is hidden from a screen reader). */
async function recordLiveRegions(page) {
  await page.evaluate(() => {
    window.__heard = [];
    const text = (region) => [...region.childNodes].map((node) => (node.nodeType === 1 && node.closest('[aria-hidden="true"]') ? '' : node.textContent)).join('').trim();
    const last = new Map();
    new MutationObserver(() => {
      for (const region of document.querySelectorAll('[role="status"], [aria-live]')) {
        const now = text(region);
        if (now && now !== last.get(region)) window.__heard.push(now);
        last.set(region, now);
      }
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
    for (const region of document.querySelectorAll('[role="status"], [aria-live]')) last.set(region, text(region));
  });
}

/** What the live regions said since `recordLiveRegions`. */
function liveHeard(page) {
  return page.evaluate(() => window.__heard);
}
