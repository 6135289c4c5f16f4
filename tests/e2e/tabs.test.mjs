// Two tabs of the page on one claim, and a reload right after a keystroke: what a partner
// types is kept, no tab saves over another's change, and a claim deleted in one tab stays
// deleted in the other.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, journey as defineJourney, onePagePdf, useBrowser } from './harness.mjs';

const env = useBrowser({ before, after });
const journey = (name, body) => defineJourney(test, env, name, body, { timeout: 120_000 });

const field = (page, label) => page.getByLabel(label, { exact: true });
const button = (page, name) => page.getByRole('button', { name, exact: true });
const SAVED = 'Saved on this device.';

/** A second tab of the same browser (same storage), with the page rendered. */
async function secondTab(app) {
  const page = await app.context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') app.errors.push(`console error (second tab): ${message.text()}`);
  });
  page.on('pageerror', (error) => app.errors.push(`page error (second tab): ${error.message}`));
  await page.goto(env.server.url);
  await button(page, 'Load example claim').waitFor();
  return page;
}

async function saved(page) {
  await eventually(async () => assert.equal(await page.locator('.save-status').textContent(), SAVED));
}

/** The browser refusing every write of the page, as when its storage is full. */
async function refuseEveryWrite(page) {
  await page.evaluate(() => {
    IDBObjectStore.prototype.put = function refuse() {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
}

/** Waits until the page's journal holds `text`. */
async function journaled(page, text) {
  await eventually(async () => assert.ok(await page.evaluate((text) => Object.keys(localStorage).some((key) => key.startsWith('preflight.journal.') && localStorage.getItem(key).includes(text)), text)));
}

/** The tab's renderer crashes: no pagehide, no unload. */
async function crash(page) {
  const cdp = await page.context().newCDPSession(page);
  cdp.send('Page.crash').catch(() => {});
  await page.waitForEvent('crash');
}

/**
 * Files refused on the Documents card: the card says why, and it is heard once as it
 * comes (not an alert, which was heard again at each language switch).
 */
async function refused(page, words) {
  await page.locator('section.documents p.field-error', { hasText: words }).waitFor();
  assert.equal(await page.locator('section.documents [role="alert"]').count(), 0);
  await eventually(async () => assert.ok(((await page.locator('#said').textContent()) ?? '').includes(words)));
}

/** A claim with a title and a partner ID, saved. */
async function sharedClaim(page) {
  await button(page, 'New claim').click();
  await field(page, 'Claim title').fill('Shared claim');
  await field(page, 'Partner ID').fill('1234567');
  await saved(page);
}

journey('two tabs on one claim: one edits, the other shows it read-only and live, and can take it over', async (a, app) => {
  await sharedClaim(a);
  const b = await secondTab(app);
  // The second tab opens the claim open last: the same one, which the first tab edits.
  await eventually(async () => assert.equal(await field(b, 'Claim title').inputValue(), 'Shared claim'));
  await b.locator('#claim').getByText('This claim is open in another tab, which edits it').waitFor();
  assert.equal(await field(b, 'Claim title').isDisabled(), true, 'read-only in the second tab');
  assert.equal(await field(a, 'Claim title').isDisabled(), false);
  // The Submission card too: a status or a claim ID recorded here would overwrite the other tab.
  for (const label of ['Status', 'Partner Center claim ID', 'Submitted on']) {
    assert.equal(await field(b, label).isDisabled(), true, `${label} read-only in the second tab`);
    assert.equal(await field(a, label).isDisabled(), false, label);
  }
  assert.equal(await button(b, 'Add note').isDisabled(), true);

  // It follows the first tab's saves live.
  await field(a, 'Partner ID').fill('7654321');
  await saved(a);
  await eventually(async () => assert.equal(await field(b, 'Partner ID').inputValue(), '7654321'));

  // Taken over: the second tab edits, the first shows it read-only and is told why.
  await button(b, 'Edit it here instead').click();
  await eventually(async () => assert.equal(await field(b, 'Claim title').isDisabled(), false));
  assert.equal(await field(b, 'Status').isDisabled(), false);
  await a.locator('#claim').getByText('Another tab took this claim over').waitFor();
  assert.equal(await field(a, 'Partner ID').isDisabled(), true);
  // The keyboard was in Partner ID, disabled now: it went to what can be done here.
  await eventually(async () => assert.equal(await a.evaluate(() => document.activeElement?.id), 'take-over'));
  await field(b, 'Claim title').fill('Shared claim, titled in the second tab');
  await saved(b);
  await eventually(async () => assert.equal(await field(a, 'Claim title').inputValue(), 'Shared claim, titled in the second tab'));

  // Taken back, the keyboard on the claim's own Archive in the list, and taken over
  // again: that button is disabled too, and the keyboard goes to what can be done here.
  await button(a, 'Edit it here instead').click();
  await eventually(async () => assert.equal(await field(a, 'Claim title').isDisabled(), false));
  await button(a, 'Archive Shared claim, titled in the second tab').focus();
  await button(b, 'Edit it here instead').click();
  await eventually(async () => assert.equal(await field(b, 'Claim title').isDisabled(), false));
  await eventually(async () => assert.equal(await a.evaluate(() => document.activeElement?.id), 'take-over'));

  // Both changes are on the device.
  await a.reload();
  await eventually(async () => assert.equal(await field(a, 'Claim title').inputValue(), 'Shared claim, titled in the second tab'));
  assert.equal(await field(a, 'Partner ID').inputValue(), '7654321', "the first tab's change is still there");
});

journey('taken over right after a keystroke in the other tab: the tab taking it edits with that keystroke, and typing at once is no conflict', async (a, app) => {
  await sharedClaim(a);
  const b = await secondTab(app);
  await b.locator('#claim').getByText('This claim is open in another tab, which edits it').waitFor();
  // A keystroke in the editing tab, its save not due yet (saves wait 400 ms), and the
  // claim taken over at once in the other tab, which types as soon as it may.
  await field(a, 'Claim title').press('End');
  await a.keyboard.type(' a0');
  await button(b, 'Edit it here instead').click();
  await eventually(async () => assert.equal(await field(b, 'Claim title').isDisabled(), false), { interval: 10 });
  // Editable: with the other tab's keystroke, not the version saved before it.
  assert.equal(await field(b, 'Claim title').inputValue(), 'Shared claim a0');
  await field(b, 'Claim title').press('End');
  await b.keyboard.type(' b0');
  await saved(b);
  assert.equal(await b.getByText(/^Not saved: this claim was changed in another tab/).count(), 0);
  await eventually(async () => assert.equal(await field(a, 'Claim title').inputValue(), 'Shared claim a0 b0'));
  await a.reload();
  await eventually(async () => assert.equal(await field(a, 'Claim title').inputValue(), 'Shared claim a0 b0'));
});

journey('without Web Locks, two tabs typing at once: one is told, chooses, and nothing is overwritten unasked', async (a, app) => {
  // A browser without Web Locks: both tabs edit, and the revision check keeps saves safe.
  await app.context.addInitScript(() => {
    delete Navigator.prototype.locks;
  });
  await a.reload();
  await button(a, 'Load example claim').waitFor();
  await sharedClaim(a);
  const b = await secondTab(app);
  await eventually(async () => assert.equal(await field(b, 'Claim title').inputValue(), 'Shared claim'));

  // Both type before either has saved (saves wait 400 ms).
  await field(a, 'Partner ID').fill('1111111');
  await field(b, 'Partner ID').fill('2222222');
  const conflict = /^Not saved: this claim was changed in another tab/;
  let told = null;
  await eventually(async () => {
    for (const page of [a, b]) {
      if (conflict.test((await page.locator('.save-status').textContent()) ?? '')) told = page;
    }
    assert.ok(told, 'one of the tabs says its save was refused');
  });
  const other = told === a ? b : a;
  const mine = told === a ? '1111111' : '2222222';
  const theirs = told === a ? '2222222' : '1111111';
  // Until the partner chooses, the device keeps the other tab's version.
  await saved(other);
  assert.equal(await field(told, 'Partner ID').inputValue(), mine, 'the refused version is still on its page');

  // Chosen by keyboard: the buttons go with the choice, the keyboard to the claim's title.
  await button(told, 'Keep this version').focus();
  await told.keyboard.press('Enter');
  await saved(told);
  await eventually(async () => assert.equal(await told.evaluate(() => document.activeElement?.id), 'claim-title'));
  await eventually(async () => assert.equal(await field(other, 'Partner ID').inputValue(), mine));
  await other.reload();
  await eventually(async () => assert.equal(await field(other, 'Partner ID').inputValue(), mine));
  // Neither tab says its save was refused any more, and the version replaced is nowhere.
  for (const page of [told, other]) {
    assert.doesNotMatch((await page.locator('.save-status').textContent()) ?? '', conflict);
    assert.notEqual(await field(page, 'Partner ID').inputValue(), theirs);
  }
});

journey('a claim deleted in one tab stays deleted in the other', async (a, app) => {
  await sharedClaim(a);
  await button(a, 'New claim').click();
  await field(a, 'Claim title').fill('Kept claim');
  await saved(a);
  const b = await secondTab(app);
  const rows = (page) => page.getByRole('region', { name: 'Your claims', exact: true }).getByRole('listitem');
  await eventually(async () => assert.equal(await rows(b).count(), 2));

  await button(a, 'Delete Shared claim').click();
  await eventually(async () => assert.equal(await rows(b).count(), 1));
  // The first tab still edits the claim kept: the second takes it over.
  await button(b, 'Edit it here instead').click();
  await field(b, 'Claim title').fill('Kept claim, edited');
  await saved(b);
  await b.reload();
  await eventually(async () => assert.equal(await field(b, 'Claim title').inputValue(), 'Kept claim, edited'));
  // The field's value can be read while the page is still rendering its parts, hidden
  // behind the first view; the list is counted once the page shows.
  await rows(b).first().waitFor();
  assert.equal(await rows(b).count(), 1, 'the deleted claim did not come back');
});

journey('Undo in one tab brings a deleted claim back once: the other tab no longer offers it', async (a, app) => {
  await sharedClaim(a);
  await button(a, 'New claim').click();
  await field(a, 'Claim title').fill('Kept claim');
  await saved(a);
  const b = await secondTab(app);
  const names = (page) => page.getByRole('region', { name: 'Your claims', exact: true }).locator('.claim-row .claim-name').allInnerTexts();
  await eventually(async () => assert.equal((await names(b)).length, 2));

  await button(a, 'Delete Shared claim').click();
  await eventually(async () => assert.equal((await names(b)).length, 1));
  await button(b, 'Undo').click();
  await eventually(async () => assert.equal((await names(a)).length, 2));
  // Back: the first tab's Undo, which would have added it a second time, is gone.
  await eventually(async () => assert.equal(await button(a, 'Undo').count(), 0));
  await a.waitForTimeout(500);
  for (const page of [a, b]) {
    await page.reload();
    await page.getByRole('region', { name: 'Your claims', exact: true }).locator('.claim-row').first().waitFor();
    await eventually(async () => assert.equal((await names(page)).filter((name) => name.includes('Shared claim')).length, 1, (await names(page)).join(' | ')));
  }
});

journey('a claim deleted in one tab while the other types in it: the typing tab keeps its text, says so, and can save it again', async (a, app) => {
  await sharedClaim(a);
  const b = await secondTab(app);
  await b.locator('#claim').getByText('This claim is open in another tab, which edits it').waitFor();
  const rows = (page) => page.getByRole('region', { name: 'Your claims', exact: true }).getByRole('listitem');
  // A keystroke in the editing tab, and the claim deleted in the other before that
  // keystroke's save (saves wait 400 ms).
  await field(a, 'Partner ID').fill('3141592');
  await button(b, 'Delete Shared claim').click();
  await a.getByText(/^Not saved: this claim was deleted in another tab of this page meanwhile\./).waitFor();
  assert.equal(await field(a, 'Partner ID').inputValue(), '3141592', 'what was typed is still on its page');
  assert.equal(await field(a, 'Claim title').inputValue(), 'Shared claim');
  // Kept: saved again, with the keystroke, and back in the other tab's list.
  await button(a, 'Keep this version').click();
  await saved(a);
  await eventually(async () => assert.equal(await rows(b).filter({ hasText: 'Shared claim' }).count(), 1));
  await b.reload();
  await rows(b).first().waitFor();
  await eventually(async () => assert.equal(await field(b, 'Partner ID').inputValue(), '3141592'));
});

// A delete is a read, a copy to Recently deleted, and a removal. The other tab saved
// the claim between the copy and the removal: the removal took that save with it, and
// Recently deleted and Undo gave back the version before it.
journey('a claim deleted in one tab while the other saves it: Recently deleted and Undo give it back as it was last saved', async (a, app) => {
  await sharedClaim(a);
  const b = await secondTab(app);
  await b.locator('#claim').getByText('This claim is open in another tab, which edits it').waitFor();
  // Recently deleted answers only when the test says so: the delete waits after its read.
  await b.evaluate(() => {
    const transaction = IDBDatabase.prototype.transaction;
    const held = [];
    IDBDatabase.prototype.transaction = function (...args) {
      if (this.name !== 'coop-claim-preflight-bin') return transaction.apply(this, args);
      const asked = { database: this, args, puts: [], handlers: {} };
      held.push(asked);
      const store = { put: (...put) => asked.puts.push(put) && {} };
      const later = { objectStore: () => store, abort() {} };
      for (const name of ['oncomplete', 'onerror', 'onabort']) {
        Object.defineProperty(later, name, { set: (handler) => (asked.handlers[name] = handler) });
      }
      return later;
    };
    window.releaseBin = () => {
      IDBDatabase.prototype.transaction = transaction;
      for (const { database, args, puts, handlers } of held) {
        const real = transaction.apply(database, args);
        for (const put of puts) real.objectStore('bin').put(...put);
        Object.assign(real, handlers);
      }
      return held.length;
    };
  });
  await button(b, 'Delete Shared claim').click();
  await button(b, 'Undo').waitFor();
  // The editing tab saves before the delete goes on.
  await field(a, 'Partner ID').fill('2718281');
  await saved(a);
  assert.equal(await b.evaluate(() => window.releaseBin()), 1, 'the delete waited for Recently deleted');
  // Gone from the editing tab too, once the delete is done.
  await eventually(async () => assert.equal(await button(a, 'Open Shared claim').count(), 0));
  const inTheBin = () =>
    b.evaluate(
      () =>
        new Promise((resolve, reject) => {
          const open = indexedDB.open('coop-claim-preflight-bin');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const all = open.result.transaction('bin').objectStore('bin').getAll();
            all.onsuccess = () => resolve(all.result.map((record) => JSON.parse(record.json).partner_id ?? JSON.stringify(record.json)));
            all.onerror = () => reject(all.error);
          };
        }),
    );
  await eventually(async () => assert.deepEqual(await inTheBin(), ['2718281']));
  // Undo in the tab that deleted it brings back the claim as it was removed.
  await button(b, 'Undo').click();
  await button(b, 'Open Shared claim').click();
  await eventually(async () => assert.equal(await field(b, 'Partner ID').inputValue(), '2718281'));
  await saved(b);
  // Saved so: the tab comes back to it after a reload, with the other tab's save.
  await b.reload();
  await eventually(async () => assert.equal(await field(b, 'Claim title').inputValue(), 'Shared claim'));
  assert.equal(await field(b, 'Partner ID').inputValue(), '2718281');
});

/**
 * Claims Alpha and Beta, saved; then a slow disk for Recently deleted: its copy never
 * lands (every request waits for ever), so the page is left between a delete's first step
 * and its last, however fast the device is.
 */
async function alphaAndBetaWithASlowBin(page) {
  for (const title of ['Alpha', 'Beta']) {
    await button(page, 'New claim').click();
    await field(page, 'Claim title').fill(title);
    await saved(page);
  }
  await page.evaluate(() => {
    const transaction = IDBDatabase.prototype.transaction;
    IDBDatabase.prototype.transaction = function (...args) {
      if (this.name !== 'coop-claim-preflight-bin') return transaction.apply(this, args);
      const waiting = new Proxy({}, { get: () => () => ({}) });
      return { objectStore: () => waiting, abort() {} };
    };
  });
}

// The delete finished after the reload, and the bin refuses its copy then (the storage
// full): removed, the claim would be gone for good with nothing said, no Undo and no
// Recently deleted. It stays, listed, to be deleted again where the page says so.
journey('a delete finished after a reload, its copy refused by Recently deleted, leaves the claim listed', async (page) => {
  await alphaAndBetaWithASlowBin(page);
  await button(page, 'Delete Alpha').click();
  await button(page, 'Undo').waitFor();
  await page.addInitScript(() => {
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function refuseTheBin(...args) {
      if (this.name === 'bin') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    };
  });
  await page.reload();
  await button(page, 'Open Alpha').waitFor();
  await eventually(async () => assert.deepEqual(await page.evaluate(() => Object.keys(localStorage).filter((name) => name.startsWith('preflight.deleting.'))), []));
  await page.reload();
  await button(page, 'Open Alpha').waitFor();
});

// A delete is three steps on the device (read, copy to Recently deleted, remove); a reload
// between them left the claim listed, back from the dead.
journey('a reload right after Delete keeps the claim deleted, and in Recently deleted', async (page) => {
  await alphaAndBetaWithASlowBin(page);
  await button(page, 'Delete Alpha').click();
  await button(page, 'Undo').waitFor();
  await page.reload();
  await eventually(async () => assert.equal(await field(page, 'Claim title').inputValue(), 'Beta'));
  await page.locator('summary', { hasText: 'Recently deleted (kept 30 days)' }).click();
  await button(page, 'Restore Alpha').waitFor();
  const list = page.getByRole('region', { name: 'Your claims', exact: true });
  assert.deepEqual(await list.locator('li.claim-row').allInnerTexts().then((rows) => rows.filter((row) => /Alpha/.test(row))), [], 'not listed again');
  // And it stays so across another reload.
  await page.reload();
  await eventually(async () => assert.equal(await field(page, 'Claim title').inputValue(), 'Beta'));
  assert.equal(await button(page, 'Open Alpha').count(), 0);
  assert.deepEqual(await page.evaluate(() => Object.keys(localStorage).filter((name) => name.startsWith('preflight.deleting.'))), [], 'nothing left marked');
  // A delete marked for a revision the claim has left (another tab saved it since) is
  // not finished: the claim stays, and the mark goes.
  const beta = await page.evaluate(() => document.querySelector('li.claim-row.shown')?.dataset.claimKey);
  await page.evaluate((key) => localStorage.setItem(`preflight.deleting.${key}`, JSON.stringify({ revision: 1 })), beta);
  await page.reload();
  await eventually(async () => assert.equal(await field(page, 'Claim title').inputValue(), 'Beta'));
  assert.deepEqual(await page.evaluate(() => Object.keys(localStorage).filter((name) => name.startsWith('preflight.deleting.'))), []);
});

journey('a reload right after a keystroke keeps it', async (page) => {
  await button(page, 'New claim').click();
  await field(page, 'Claim title').fill('Typed and reloaded at once');
  await page.reload();
  await eventually(async () => assert.equal(await field(page, 'Claim title').inputValue(), 'Typed and reloaded at once'));
  // Another field typed and the page reloaded at once is kept too.
  await field(page, 'Partner ID').fill('987654');
  await page.reload();
  await eventually(async () => assert.equal(await field(page, 'Partner ID').inputValue(), '987654'));
});

journey('a document added and the page reloaded at once: its row comes back and says to add it again', async (page, app) => {
  await button(page, 'New claim').click();
  await field(page, 'Claim title').fill('Added, then reloaded');
  await saved(page);
  const invoice = { name: 'Invoice 42.pdf', mimeType: 'application/pdf', buffer: onePagePdf('Invoice 42') };
  // A slow disk: from now on no save of this page lands (each waits for ever), so the
  // page is left before the document's file reached the device, however fast it is.
  await page.evaluate(() => {
    const waiting = () => ({});
    IDBDatabase.prototype.transaction = () => ({ objectStore: () => ({ get: waiting, put: waiting, delete: waiting, getAll: waiting, openCursor: waiting }) });
  });
  await field(page, 'Add documents').setInputFiles([invoice]);
  await page.locator('li.document', { hasText: 'Invoice 42.pdf' }).waitFor();
  await page.reload();
  // The reload cut short what the page had started to load for the file (its reader).
  app.errors.splice(0, app.errors.length, ...app.errors.filter((line) => !line.endsWith('(net::ERR_ABORTED)')));
  const row = page.locator('li.document', { hasText: 'Invoice 42.pdf' });
  await eventually(async () =>
    assert.equal(
      (await row.locator('.field-error').textContent())?.trim(),
      'The file of Invoice 42.pdf was not saved on this device: the page may have been closed or reloaded just after it was added, or the storage for the page was full. Add it again on its row (Add this file again; if the storage is full, remove large documents first).',
    ),
  );
  assert.equal(await field(page, 'Claim title').inputValue(), 'Added, then reloaded');
  // The claim is saved, but not whole: the page's save line does not say "Saved" alone.
  await eventually(async () => assert.equal(await page.locator('.save-status').textContent(), 'Saved on this device, except the file of one document: its row below says what to do.'));
  // Done as it says, the document is read and kept, across a reload, with the type and
  // note it was given.
  await row.getByLabel('Note', { exact: true }).fill('The venue invoice.');
  // Picked from the keyboard: the field it was picked in goes once the file is read, and
  // the keyboard goes to the row's file, which names it, not to the page's top.
  await row.getByLabel('Add this file again', { exact: true }).focus();
  await row.getByLabel('Add this file again', { exact: true }).setInputFiles([invoice]);
  await eventually(async () => assert.match(await row.locator('.facts').textContent(), /SHA-256/));
  await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement?.className), 'facts'));
  assert.equal(await row.locator('.facts').evaluate((facts) => facts === document.activeElement), true);
  assert.equal(await row.getByLabel('Note', { exact: true }).inputValue(), 'The venue invoice.');
  await saved(page);
  await page.reload();
  await eventually(async () => assert.match(await row.locator('.facts').textContent(), /SHA-256/));
  assert.equal(await row.locator('.field-error').count(), 0);
});

journey('a tab put away by the phone right after a keystroke, then killed without a word, keeps it', async (page, app) => {
  await button(page, 'New claim').click();
  await field(page, 'Claim title').fill('Typed on the phone');
  await saved(page);
  // The last keystroke, then the page hidden (the home screen), as a phone does before
  // it discards a tab in the background: no pagehide, no unload, ever.
  await field(page, 'Partner ID').fill('8675309');
  const typed = Date.now();
  await eventually(async () => assert.notEqual(await page.locator('.save-status').textContent(), SAVED, 'the keystroke is not saved yet'));
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  // Saved at once, well before the 400 ms a save waits after a keystroke (so by the
  // save made because the page was hidden), then killed.
  await saved(page);
  assert.ok(Date.now() - typed < 400, `saved ${Date.now() - typed} ms after the keystroke: not by hiding the page`);
  await crash(page);
  const next = await secondTab(app);
  await eventually(async () => assert.equal(await field(next, 'Partner ID').inputValue(), '8675309'));
  assert.equal(await field(next, 'Claim title').inputValue(), 'Typed on the phone');
});

// The same, on a slow disk: the save made as the page is hidden is still under way when
// the phone discards the tab (a large photo being stored, a busy phone), and never lands.
journey('a tab put away by the phone while its save is under way, then killed, keeps the keystroke', async (page, app) => {
  await button(page, 'New claim').click();
  await field(page, 'Claim title').fill('Typed on a slow phone');
  await saved(page);
  // Every request of every transaction waits for ever: the save neither lands nor fails.
  await page.evaluate(() => {
    const waiting = new Proxy({}, { get: () => () => ({}) });
    IDBDatabase.prototype.transaction = () => ({ objectStore: () => waiting, abort() {} });
  });
  await field(page, 'Partner ID').fill('5550123');
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await page.waitForTimeout(300);
  assert.notEqual(await page.locator('.save-status').textContent(), SAVED, 'the save never lands');
  await crash(page);
  const next = await secondTab(app);
  await eventually(async () => assert.equal(await field(next, 'Partner ID').inputValue(), '5550123'));
  assert.equal(await field(next, 'Claim title').inputValue(), 'Typed on a slow phone');
});

// The journal refused too (the browser's storage full for it as well): the entry written
// before stays, and the save that lands later lets it go. It was taken as written, was
// never let go, and came back at the next start as another tab's version of the claim.
journey('a journal the browser refused leaves no old version behind once the claim is saved', async (page) => {
  await button(page, 'New claim').click();
  await field(page, 'Claim title').fill('Roadshow');
  await saved(page);
  await page.evaluate(() => {
    window.__put = IDBObjectStore.prototype.put;
    const setItem = Storage.prototype.setItem;
    let journals = 0;
    Storage.prototype.setItem = function refuseTheSecond(key, value) {
      if (key.startsWith('preflight.journal.') && ++journals > 1) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return setItem.call(this, key, value);
    };
  });
  await refuseEveryWrite(page);
  await field(page, 'Claim title').fill('Roadshow, first words');
  await journaled(page, 'Roadshow, first words');
  await field(page, 'Claim title').fill('Roadshow, second words');
  await eventually(async () => assert.match(await page.locator('.save-status').textContent(), /^Not saved: this device's storage for the page is full\./));
  await page.waitForTimeout(600);
  // Room made: the page, back in view, saves again.
  await page.evaluate(() => {
    IDBObjectStore.prototype.put = window.__put;
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await saved(page);
  await field(page, 'Claim title').fill('Roadshow, third words');
  await saved(page);
  await page.reload();
  await eventually(async () => assert.equal(await field(page, 'Claim title').inputValue(), 'Roadshow, third words'));
  await page.waitForTimeout(500);
  assert.equal(await page.locator('.save-status').textContent(), SAVED);
  assert.equal(await field(page, 'Claim title').inputValue(), 'Roadshow, third words');
});

journey('what is typed while the storage is full survives a crash of the tab', async (page, app) => {
  await button(page, 'New claim').click();
  await field(page, 'Claim title').fill('Roadshow');
  await saved(page);
  // The storage full from now on (the browser refuses every write), and the partner,
  // told so, goes on typing; then the tab crashes: no pagehide.
  await refuseEveryWrite(page);
  await field(page, 'Claim title').fill('Roadshow, typed while the storage was full');
  await field(page, 'Partner ID').fill('7654321');
  await eventually(async () => assert.match(await page.locator('.save-status').textContent(), /^Not saved: this device's storage for the page is full\./));
  // The page keeps what it could not save in its journal as it goes (not only as the tab
  // is left): the last keystroke is there before the crash.
  await journaled(page, '7654321');
  await crash(page);
  const next = await secondTab(app);
  await eventually(async () => assert.equal(await field(next, 'Claim title').inputValue(), 'Roadshow, typed while the storage was full'));
  assert.equal(await field(next, 'Partner ID').inputValue(), '7654321');
  // Saved on the device now (this tab's storage writes), so a reload keeps it too.
  await saved(next);
  await next.reload();
  await eventually(async () => assert.equal(await field(next, 'Partner ID').inputValue(), '7654321'));
});

journey('a tab opened while another types into a full storage does not take its claim; it takes what that tab typed once it is gone', async (a, app) => {
  await sharedClaim(a);
  await refuseEveryWrite(a);
  await field(a, 'Claim title').fill('Shared claim, typed into a full storage');
  await journaled(a, 'typed into a full storage');
  // A second tab: the claim is the first tab's, shown read-only as the device holds it;
  // the first tab's journal is not taken (it would save it as its own).
  const b = await secondTab(app);
  await eventually(async () => assert.equal(await field(b, 'Claim title').inputValue(), 'Shared claim'));
  assert.equal(await field(b, 'Claim title').isDisabled(), true);
  await field(a, 'Partner ID').fill('7654321');
  await eventually(async () => assert.match(await a.locator('.save-status').textContent(), /^Not saved: this device's storage for the page is full\./));
  await journaled(a, '7654321');
  // The first tab crashes: the second takes the claim, with everything typed there.
  await crash(a);
  await eventually(async () => assert.equal(await field(b, 'Claim title').isDisabled(), false));
  await eventually(async () => assert.equal(await field(b, 'Claim title').inputValue(), 'Shared claim, typed into a full storage'));
  assert.equal(await field(b, 'Partner ID').inputValue(), '7654321');
  await saved(b);
});

journey('a tab closed right after a keystroke keeps it: the next tab opens the claim with it', async (page, app) => {
  await button(page, 'New claim').click();
  await field(page, 'Claim title').fill('Typed, then the tab closed');
  await saved(page);
  // The last keystroke, and the tab closed at once: no debounce, no save under way.
  await field(page, 'Partner ID').fill('5550123');
  await page.close({ runBeforeUnload: true });
  const next = await secondTab(app);
  await eventually(async () => assert.equal(await field(next, 'Claim title').inputValue(), 'Typed, then the tab closed'));
  assert.equal(await field(next, 'Partner ID').inputValue(), '5550123');
  // Kept on the device, not only in this tab's memory: once more after a reload.
  await next.reload();
  await eventually(async () => assert.equal(await field(next, 'Partner ID').inputValue(), '5550123'));
});

journey('the tab that edits a claim closed right after a keystroke: the other tab takes its text and edits, and nothing is lost', async (a, app) => {
  await sharedClaim(a);
  const b = await secondTab(app);
  await b.locator('#claim').getByText('This claim is open in another tab, which edits it').waitFor();
  await button(b, 'Edit it here instead').click();
  await a.locator('#claim').getByText('Another tab took this claim over').waitFor();
  // The partner in the first tab is about to take it back: the keyboard is on its button.
  await button(a, 'Edit it here instead').focus();
  await eventually(async () => assert.equal(await field(b, 'Claim title').isDisabled(), false));
  // The last keystrokes in the editing tab, and the tab closed at once (before its save).
  await field(b, 'Claim title').focus();
  await b.keyboard.press('End');
  await b.keyboard.type(' typed in B');
  await b.close({ runBeforeUnload: true });
  // The first tab is the only one left: it edits again, with the closed tab's text.
  await eventually(async () => assert.equal(await field(a, 'Claim title').isDisabled(), false));
  await eventually(async () => assert.equal(await field(a, 'Claim title').inputValue(), 'Shared claim typed in B'));
  assert.equal(await a.locator('#claim').getByText('Another tab took this claim over').count(), 0);
  // Its button gone, the keyboard went on to the claim, not to the page.
  await eventually(async () => assert.equal(await a.evaluate(() => document.activeElement?.id), 'claim-title'));
  // Edited here and saved: the device has both, and a reload shows them.
  await field(a, 'Partner ID').fill('5555555');
  await saved(a);
  await a.reload();
  await eventually(async () => assert.equal(await field(a, 'Claim title').inputValue(), 'Shared claim typed in B'));
  assert.equal(await field(a, 'Partner ID').inputValue(), '5555555');
  assert.equal(await a.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('preflight.journal.')).length), 0, 'the journal taken, then let go');
});

journey('the tab that edits a claim, reloaded, edits it again: the tab waiting for it stays read-only', async (a, app) => {
  await sharedClaim(a);
  const b = await secondTab(app);
  await b.locator('#claim').getByText('This claim is open in another tab, which edits it').waitFor();
  await a.reload();
  await eventually(async () => assert.equal(await field(a, 'Claim title').inputValue(), 'Shared claim'));
  await eventually(async () => assert.equal(await field(a, 'Claim title').isDisabled(), false));
  assert.equal(await a.locator('#claim').getByText('This claim is open in another tab, which edits it').count(), 0);
  // The other tab may have held it a moment: it is read-only again, and follows.
  await eventually(async () => assert.equal(await field(b, 'Claim title').isDisabled(), true));
  await field(a, 'Partner ID').fill('7654321');
  await saved(a);
  await eventually(async () => assert.equal(await field(b, 'Partner ID').inputValue(), '7654321'));
});

// Opened from the list with the keyboard while another tab edits it: the claim's first
// field took the keyboard, then was disabled under it as the lock's answer came, and the
// keyboard fell to the page. It goes to "Edit it here instead".
journey('a claim opened with the keyboard while another tab edits it: the keyboard goes to "Edit it here instead"', async (a, app) => {
  await sharedClaim(a);
  const b = await secondTab(app);
  await eventually(async () => assert.equal(await field(b, 'Claim title').inputValue(), 'Shared claim'));
  await button(b, 'New claim').click();
  await field(b, 'Claim title').fill('Second claim');
  await saved(b);
  await b.getByRole('button', { name: 'Open Shared claim', exact: true }).focus();
  await b.keyboard.press('Enter');
  await eventually(async () => assert.equal(await field(b, 'Claim title').inputValue(), 'Shared claim'));
  await b.locator('#claim').getByText('This claim is open in another tab, which edits it').waitFor();
  await eventually(async () => assert.equal(await b.evaluate(() => document.activeElement?.id), 'take-over'));
  await b.waitForTimeout(300);
  assert.equal(await b.evaluate(() => document.activeElement?.id), 'take-over', 'and stays there');
});

journey('a claim held elsewhere, left at once for another: the tab does not take its lock later, and a third tab edits it', async (a, app) => {
  await sharedClaim(a);
  await button(a, 'New claim').click();
  await field(a, 'Claim title').fill('Second claim');
  await saved(a);
  await a.getByRole('button', { name: 'Open Shared claim', exact: true }).click();
  await eventually(async () => assert.equal(await field(a, 'Claim title').inputValue(), 'Shared claim'));
  // The second tab shows the second claim, then goes to the shared one (held by the
  // first tab) and, before that lock's answer comes, back to the second.
  const b = await secondTab(app);
  await b.getByRole('button', { name: 'Open Second claim', exact: true }).click();
  await eventually(async () => assert.equal(await field(b, 'Claim title').isDisabled(), false));
  await b.evaluate(async () => {
    const open = (title) => document.querySelector(`button[aria-label="Open ${title}"]`)?.click() ?? [...document.querySelectorAll('button')].find((button) => button.textContent.trim() === `Open ${title}` || button.getAttribute('aria-label') === `Open ${title}`)?.click();
    open('Shared claim');
    for (let step = 0; step < 200; step += 1) await Promise.resolve();
    open('Second claim');
  });
  await eventually(async () => assert.equal(await field(b, 'Claim title').inputValue(), 'Second claim'));
  await eventually(async () => assert.equal(await field(b, 'Claim title').isDisabled(), false));
  // The first tab closes: the shared claim is no tab's now; a third tab edits it.
  await a.close({ runBeforeUnload: true });
  await b.waitForTimeout(500);
  const c = await secondTab(app);
  await c.getByRole('button', { name: 'Open Shared claim', exact: true }).click();
  await eventually(async () => assert.equal(await field(c, 'Claim title').inputValue(), 'Shared claim'));
  await eventually(async () => assert.equal(await field(c, 'Claim title').isDisabled(), false));
  assert.equal(await c.locator('#claim').getByText('This claim is open in another tab, which edits it').count(), 0);
});

/** Drops a small PDF on the Documents card, as a file dragged from the desktop. */
function dropFile(page, name) {
  return page.evaluate((name) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([`%PDF-1.4 ${name}`], name, { type: 'application/pdf' }));
    const card = document.querySelector('section.documents');
    for (const type of ['dragenter', 'dragover', 'drop']) card.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }));
  }, name);
}

// The tab showing a claim read-only changes nothing of it: a file dropped there was added
// and saved, and Archive pressed in its list too, each then a conflict this tab's partner
// never made, whose "Keep this version" erased what the editing tab had typed.
journey('a tab showing a claim read-only changes nothing: a file dropped there is refused in words, Archive is not offered', async (a, app) => {
  await sharedClaim(a);
  const b = await secondTab(app);
  await b.locator('#claim').getByText('This claim is open in another tab, which edits it').waitFor();
  await field(a, 'Partner ID').fill('1111111');
  await dropFile(b, 'dropped-in-the-other-tab.pdf');
  await refused(b, 'Not added: another tab edits this claim. Press “Edit it here instead” above, then add the file again.');
  const claims = b.getByRole('region', { name: 'Your claims', exact: true });
  assert.equal(await claims.getByRole('button', { name: 'Archive Shared claim', exact: true }).isDisabled(), true);
  await saved(a);
  // Nothing came of it: no document, no conflict, the editing tab's keystrokes kept.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  assert.equal(await b.locator('li.document').count(), 0);
  assert.equal(await a.locator('li.document').count(), 0);
  assert.equal(await button(b, 'Keep this version').count(), 0);
  await eventually(async () => assert.equal(await field(b, 'Partner ID').inputValue(), '1111111'));
  // Taken over, the tab adds the file it is given.
  await button(b, 'Edit it here instead').click();
  await eventually(async () => assert.equal(await field(b, 'Claim title').isDisabled(), false));
  await dropFile(b, 'dropped-once-editing.pdf');
  await eventually(async () => assert.equal(await b.locator('li.document').count(), 1));
  assert.equal(await b.locator('section.documents p.field-error', { hasText: 'Not added' }).count(), 0);
  // The refusal went with the lock: submitted (locked) later, nothing is said not added.
  await field(b, 'Status').selectOption({ label: 'Submitted' });
  await b.getByText(/the claim is locked/).first().waitFor();
  assert.equal(await b.getByText('Not added', { exact: false }).count(), 0);
  // A file dragged over it is not shown as taken, and dropped, it is refused in words.
  await b.evaluate(() => document.querySelector('section.documents').dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: new DataTransfer() })));
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(await b.locator('section.documents.dragging').count(), 0, 'not lit up as taking the file');
  await dropFile(b, 'dropped-once-locked.pdf');
  await refused(b, 'Not added: this claim is submitted and locked.');
});

// A reload brings the tab back to the claim it showed, not to the one another tab opened
// since (which it then showed read-only, and "Edit it here instead" took from that tab).
journey('a reloaded tab comes back to its own claim, not to the one another tab opened since', async (a, app) => {
  await button(a, 'New claim').click();
  await field(a, 'Claim title').fill('Claim X');
  await saved(a);
  const b = await secondTab(app);
  await b.locator('#claim').getByText('This claim is open in another tab, which edits it').waitFor();
  await button(b, 'New claim').click();
  await field(b, 'Claim title').fill('Claim Y');
  await saved(b);
  await field(a, 'Partner ID').fill('111111');
  await a.reload();
  await eventually(async () => assert.equal(await field(a, 'Claim title').inputValue(), 'Claim X'));
  await eventually(async () => assert.equal(await field(a, 'Claim title').isDisabled(), false));
  assert.equal(await field(a, 'Partner ID').inputValue(), '111111');
  assert.equal(await field(b, 'Claim title').inputValue(), 'Claim Y');
  assert.equal(await field(b, 'Claim title').isDisabled(), false);
  // A tab opened afresh still opens the claim open last.
  const c = await secondTab(app);
  await eventually(async () => assert.equal(await field(c, 'Claim title').inputValue(), 'Claim X'));
});

// A tab whose own claim was deleted while it was away opens a claim it can edit, not the
// one another tab opened last (held there, so shown read-only here).
journey('a tab whose own claim was deleted meanwhile comes back to a claim it can edit, not to the other tab\'s', async (a, app) => {
  await button(a, 'New claim').click();
  await field(a, 'Claim title').fill('Claim W');
  await saved(a);
  await button(a, 'New claim').click();
  await field(a, 'Claim title').fill('Claim X');
  await saved(a);
  await a.goto('about:blank');
  const b = await secondTab(app);
  await button(b, 'New claim').click();
  await field(b, 'Claim title').fill('Claim Y');
  await saved(b);
  await button(b, 'Delete Claim X').click();
  await button(b, 'Undo').waitFor();
  await a.goto(env.server.url);
  await eventually(async () => assert.equal(await field(a, 'Claim title').inputValue(), 'Claim W'));
  await eventually(async () => assert.equal(await field(a, 'Claim title').isDisabled(), false));
  assert.equal(await a.locator('#claim').getByText('This claim is open in another tab, which edits it').count(), 0);
});

/**
 * The example claim, a claim "Gamma" and a claim "Alpha" on the page, saved; a second
 * tab showing Gamma. Deleting Alpha there puts the example claim (or Gamma) on the first
 * tab's page, with no click in it: what the first tab's keyboard does next must not go
 * into that claim.
 */
async function alphaOnPageAndAnotherTab(a, app) {
  await button(a, 'Load example claim').click();
  await eventually(async () => assert.notEqual(await field(a, 'Claim title').inputValue(), ''));
  await saved(a);
  for (const title of ['Gamma', 'Alpha']) {
    await button(a, 'New claim').click();
    await field(a, 'Claim title').fill(title);
    await saved(a);
  }
  const b = await secondTab(app);
  await button(b, 'Open Gamma').click();
  await field(b, 'Claim title').waitFor();
  return b;
}

async function alphaDeletedThere(a, b) {
  await button(b, 'Delete Alpha').click();
  await eventually(async () => assert.notEqual(await field(a, 'Claim title').inputValue(), 'Alpha'));
  await a.waitForTimeout(300);
}

journey("keys typed in a cost line stay out of the claim that takes the page when the other tab deletes this one", async (a, app) => {
  const b = await alphaOnPageAndAnotherTab(a, app);
  await button(a, 'Add cost line').click();
  await a.locator('#cost-1-description').fill('Alpha line');
  await saved(a);
  await a.locator('#cost-1-description').click();
  await alphaDeletedThere(a, b);
  const before = await a.locator('#cost-1-description').inputValue();
  await a.keyboard.type('ZZ');
  await a.waitForTimeout(300);
  assert.equal(await a.locator('#cost-1-description').inputValue(), before, "the other claim's line 1 is as it was");
});

journey('a status held with the arrow keys is not recorded on the claim that takes the page when the other tab deletes this one', async (a, app) => {
  const b = await alphaOnPageAndAnotherTab(a, app);
  const status = a.locator('#status');
  await status.focus();
  await a.keyboard.press('ArrowDown');
  await eventually(async () => assert.equal(await status.inputValue(), 'submitted'));
  await alphaDeletedThere(a, b);
  const now = await field(a, 'Claim title').inputValue();
  await eventually(async () => assert.equal(await status.inputValue(), 'preparing', `${now} shows its own status`));
  await a.keyboard.press('Tab');
  await a.waitForTimeout(300);
  assert.equal(await status.inputValue(), 'preparing', `${now} was not submitted`);
  assert.equal(await a.locator('#submitted-notice').count(), 0, 'nor locked');
});

journey('files chosen while the other tab deletes this claim are not added to the claim that takes the page, and it is said', async (a, app) => {
  const b = await alphaOnPageAndAnotherTab(a, app);
  const chooser = a.waitForEvent('filechooser');
  await a.getByLabel('Add documents', { exact: true }).click();
  const dialog = await chooser;
  await alphaDeletedThere(a, b);
  const now = await field(a, 'Claim title').inputValue();
  const before = await a.locator('li.document').count();
  await dialog.setFiles([{ name: 'Alpha invoice.pdf', mimeType: 'application/pdf', buffer: onePagePdf('Alpha invoice') }]);
  await refused(a, 'Not added: another claim came on the page while the file was being chosen. Choose it again to add it to this claim.');
  assert.equal(await a.locator('li.document').count(), before, `${now} has no new document`);
});

// The file size limit is the partner's, not a claim's: every tab judges by the one set
// last, and a limit typed is kept by a reload before the field is left.
journey('a file size limit set in one tab is followed by the others, and kept by a reload before the field is left', async (a, app) => {
  const b = await secondTab(app);
  await field(a, 'File size limit (MB)').fill('30');
  await field(a, 'File size limit (MB)').press('Enter');
  await eventually(async () => assert.equal(await field(b, 'File size limit (MB)').inputValue(), '30'));
  // Typed, not yet left: a reload keeps it.
  await field(b, 'File size limit (MB)').fill('45');
  await b.reload();
  await eventually(async () => assert.equal(await field(b, 'File size limit (MB)').inputValue(), '45'));
  await eventually(async () => assert.equal(await field(a, 'File size limit (MB)').inputValue(), '45'));
  // Typed in one tab, then set in the other before it was left: the one set last holds,
  // also once the first tab is closed.
  await field(b, 'File size limit (MB)').fill('50');
  await field(a, 'File size limit (MB)').fill('35');
  await field(a, 'File size limit (MB)').press('Enter');
  await eventually(async () => assert.equal(await field(b, 'File size limit (MB)').inputValue(), '35'));
  await b.close();
  await a.reload();
  await eventually(async () => assert.equal(await field(a, 'File size limit (MB)').inputValue(), '35'));
});

