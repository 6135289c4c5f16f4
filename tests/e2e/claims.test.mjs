// Several claims on one device: the start view lists them, the nearest deadline first,
// with each one's deadline, days left and blockers; a claim opens, is duplicated
// (documents included) and deleted with Undo; all of it survives a reload.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, journey as defineJourney, roomMade, storageFull, storeCopiesOfClaim, storeDamagedRecord, storedClaims, useBrowser, withStoredClaims } from './harness.mjs';
import { readFile } from 'node:fs/promises';

const env = useBrowser({ before, after });
const journey = (name, body) => defineJourney(test, env, name, body, { timeout: 120_000 });

const field = (page, label) => page.getByLabel(label, { exact: true });
const button = (page, name) => page.getByRole('button', { name, exact: true });
const list = (page) => page.getByRole('region', { name: 'Your claims', exact: true });
// The claims' rows (not the entries of Recently deleted, in the same region).
const rows = (page) => list(page).locator('li.claim-row');

/** The list as the partner reads it: each row's title, deadline and blocker text. */
async function listed(page) {
  return rows(page).evaluateAll((items) =>
    items.map((item) => ({
      title: (item.querySelector('.claim-name strong, .claim-name button')?.textContent ?? '').replace(/^Open /, '').trim(),
      deadline: item.querySelector('time')?.getAttribute('datetime') ?? null,
      daysLeft: item.querySelector('.relative')?.textContent ?? null,
      blockers: item.querySelector('.claim-blockers')?.textContent ?? '',
      shown: item.getAttribute('aria-current') === 'true',
    })),
  );
}

const titles = async (page) => (await listed(page)).map((row) => row.title);

/** The partner's date, in the browser (the page counts days from it). */
async function today(page) {
  return page.evaluate(() => {
    const now = new Date();
    return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  });
}

function addDays(isoDate, days) {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Starts a new claim with a title and a usage period end. */
async function newClaim(page, title, usageEnd) {
  await button(page, 'New claim').click();
  await eventually(async () => assert.equal(await field(page, 'Claim title').inputValue(), ''));
  await field(page, 'Claim title').fill(title);
  await field(page, 'Usage period end').fill(usageEnd);
}

async function waitUntilSaved(page) {
  await page.getByText('Saved on this device.').waitFor();
  // Let the debounced save of the last change land.
  await page.waitForTimeout(800);
}

journey('two claims, list order follows their deadlines', async (page) => {
  const day = await today(page);
  // The usage period ends are picked so that no published close (15 February or
  // 15 August) comes before the 45-day rule: the deadline is the end plus 45 days.
  const later = addDays(day, -5);
  const sooner = addDays(day, -30);
  await newClaim(page, 'Later claim', later);
  await newClaim(page, 'Sooner claim', sooner);
  await eventually(async () => assert.deepEqual(await titles(page), ['Sooner claim', 'Later claim']));
  const [first, second] = await listed(page);
  assert.equal(first.deadline, addDays(sooner, 45));
  assert.equal(first.daysLeft, 'in 15 days');
  assert.equal(first.shown, true, 'the claim being edited is marked');
  assert.equal(second.deadline, addDays(later, 45));
  assert.equal(second.daysLeft, 'in 40 days');
  assert.match(second.blockers, /^\d+ blockers$/);

  // Open the later one and move its usage period back: it becomes the most urgent.
  await button(page, 'Open Later claim').click();
  await eventually(async () => assert.equal(await field(page, 'Claim title').inputValue(), 'Later claim'));
  // The button pressed is gone: the focus goes to the claim's first field.
  await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement?.id), 'claim-title'));
  await field(page, 'Usage period end').fill(addDays(day, -40));
  await eventually(async () => assert.deepEqual(await titles(page), ['Later claim', 'Sooner claim']));
  assert.equal((await listed(page))[0].daysLeft, 'in 5 days');

  // The list and the open claim (not the most urgent one) come back after a reload.
  await button(page, 'Open Sooner claim').click();
  await eventually(async () => assert.equal(await field(page, 'Claim title').inputValue(), 'Sooner claim'));
  await waitUntilSaved(page);
  await page.reload();
  await eventually(async () => assert.deepEqual(await titles(page), ['Later claim', 'Sooner claim']));
  await eventually(async () => assert.equal(await field(page, 'Claim title').inputValue(), 'Sooner claim', 'the claim open last opens again'));
  assert.deepEqual((await listed(page)).map((row) => row.shown), [false, true]);
});

journey('New claim, then a reload before anything is typed: the claim shown before it opens again, not the first of the list', async (page) => {
  await button(page, 'New claim').click();
  await field(page, 'Claim title').fill('Alpha');
  await button(page, 'New claim').click();
  await field(page, 'Claim title').fill('Bravo');
  await eventually(async () => assert.equal(await rows(page).count(), 2));
  await page.getByText('Saved on this device.').waitFor();
  await button(page, 'Open Alpha').click();
  await eventually(async () => assert.equal(await field(page, 'Claim title').inputValue(), 'Alpha'));
  await button(page, 'New claim').click();
  await eventually(async () => assert.equal(await field(page, 'Claim title').inputValue(), ''));
  await page.reload();
  await eventually(async () => assert.equal(await field(page, 'Claim title').inputValue(), 'Alpha'));
});

journey('a claim is duplicated with its documents, and a deleted claim comes back with Undo', async (page) => {
  await button(page, 'Load example claim').click();
  await eventually(async () => assert.equal(await page.locator('li.document .facts', { hasText: 'SHA-256' }).count(), 7));
  // Changed, the example is the partner's claim (as loaded, it stands apart from the
  // claims of its usage period).
  await page.locator('li.document').first().getByLabel('Note', { exact: true }).fill('Ours now.');
  await button(page, 'Duplicate Contoso cloud security webinar').click();
  await eventually(async () => assert.equal(await field(page, 'Claim title').inputValue(), 'Contoso cloud security webinar (copy)'));
  assert.deepEqual((await titles(page)).sort(), ['Contoso cloud security webinar', 'Contoso cloud security webinar (copy)']);
  // The copy has the documents, files included: each one is read and checksummed.
  await eventually(async () => assert.equal(await page.locator('li.document .facts', { hasText: 'SHA-256' }).count(), 7));
  // A copy claims the same funds of the same usage period: together over them, its one
  // blocker says so.
  assert.equal((await listed(page)).find((row) => row.shown).blockers, '1 blocker');
  assert.equal(await page.getByRole('region', { name: 'Checks', exact: true }).locator('[data-code="FUNDS-PERIOD-EXCEEDED"]').count(), 1);

  // Delete the copy, which is on the page: the other claim takes its place.
  await page.evaluate(() => {
    window.__said = [];
    const region = document.getElementById('said');
    new MutationObserver(() => region.textContent.trim() && window.__said.push(region.textContent.trim())).observe(region, { childList: true, subtree: true, characterData: true });
  });
  await button(page, 'Delete Contoso cloud security webinar (copy)').click();
  await eventually(async () => assert.deepEqual(await titles(page), ['Contoso cloud security webinar']));
  assert.equal(await field(page, 'Claim title').inputValue(), 'Contoso cloud security webinar');
  await list(page).getByText('“Contoso cloud security webinar (copy)” was deleted from this device.').waitFor();
  // The button pressed is gone; the keyboard focus is on Undo.
  await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Undo'));
  // Said once as it comes; not again, long after, in the other language.
  await eventually(async () => assert.ok((await page.evaluate(() => window.__said)).some((text) => text.includes('was deleted from this device'))));
  await button(page, 'Français').click();
  await page.getByText('« Contoso cloud security webinar (copy) » a été supprimée de cet appareil.').waitFor();
  await page.waitForTimeout(300);
  await button(page, 'English').click();
  await list(page).getByText('“Contoso cloud security webinar (copy)” was deleted from this device.').waitFor();
  assert.equal((await page.evaluate(() => window.__said)).filter((text) => /supprimée de cet appareil|was deleted from this device/.test(text)).length, 1);
  await button(page, 'Undo').focus();

  // Undo puts it back in the list and on the device; the focus goes to it.
  await page.keyboard.press('Enter');
  await eventually(async () => assert.equal(await rows(page).count(), 2));
  await eventually(async () =>
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Open Contoso cloud security webinar (copy)'),
  );
  await waitUntilSaved(page);
  await page.reload();
  await eventually(async () => assert.equal(await rows(page).count(), 2));

  // A claim that is not on the page is deleted from the list, and stays deleted.
  const other = (await listed(page)).find((row) => !row.shown).title;
  const kept = (await listed(page)).find((row) => row.shown).title;
  await button(page, `Delete ${other}`).click();
  await eventually(async () => assert.deepEqual(await titles(page), [kept]));
  await page.waitForTimeout(500);
  await page.reload();
  await eventually(async () => assert.deepEqual(await titles(page), [kept]));
  assert.equal(await page.locator('li.document').count(), 7, 'the claim kept has its documents');
});

journey('when the device refuses to save, a claim that left the page is kept and opens again', async (page) => {
  await button(page, 'Load example claim').click();
  await eventually(async () => assert.equal(await page.locator('li.document .facts', { hasText: 'SHA-256' }).count(), 7));
  // What the browser does when the quota is reached.
  await page.evaluate(() => {
    IDBObjectStore.prototype.put = function refuse() {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  await field(page, 'Claim title').fill('Not saved anywhere');
  await button(page, 'New claim').click();
  await eventually(async () => assert.equal(await field(page, 'Claim title').inputValue(), ''));
  await page.getByText(/^Not saved: this device's storage for the page is full\./).waitFor();
  await button(page, 'Open Not saved anywhere').click();
  await eventually(async () => assert.equal(await field(page, 'Claim title').inputValue(), 'Not saved anywhere'));
  await eventually(async () => assert.equal(await page.locator('li.document .facts', { hasText: 'SHA-256' }).count(), 7));
});

// The device refuses a delete (another tab of an older version holds its database, or
// the browser refuses): the claim left the list, and the device still holds it.
journey('a delete the device refuses is said as one, not as a save, and the claim is there to delete again', async (page) => {
  for (const title of ['Kept', 'Deleted']) {
    await button(page, 'New claim').click();
    await field(page, 'Claim title').fill(title);
  }
  await eventually(async () => assert.equal(await rows(page).count(), 2));
  await waitUntilSaved(page);
  await page.evaluate(() => {
    IDBObjectStore.prototype.delete = function refuse() {
      throw new DOMException('The operation failed for reasons unrelated to the database itself.', 'UnknownError');
    };
  });
  const said = () => page.getByText("You deleted “Deleted”, but it is still on this device: this device's storage refused to remove it. It is listed again when this page is opened again: delete it then.", { exact: true });
  await button(page, 'Delete Deleted').click();
  await said().waitFor();
  await eventually(async () => assert.deepEqual(await titles(page), ['Kept']));
  assert.equal(await page.getByText(/Not saved|still on the page/).count(), 0, 'not said as a save refused');
  assert.equal(await button(page, 'Build the package now').count(), 0, 'nor a package offered as the copy to keep');
  // As said: listed again when the page is opened again, and deleted then.
  await page.reload();
  await eventually(async () => assert.deepEqual((await titles(page)).sort(), ['Deleted', 'Kept']));
  await button(page, 'Delete Deleted').click();
  await eventually(async () => assert.deepEqual(await titles(page), ['Kept']));
  await page.waitForTimeout(500);
  assert.equal(await said().count(), 0);
  await page.reload();
  await eventually(async () => assert.deepEqual(await titles(page), ['Kept']));
});

journey('a saved claim that cannot be read is reported and left untouched', async (page) => {
  // A record that is not a claim (damaged, or written by something else).
  await storeDamagedRecord(page);
  await page.reload();
  await list(page).getByText('1 saved claim could not be read. It stays on this device, untouched.').waitFor();
  const kept = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const request = indexedDB.open('coop-claim-preflight');
        request.onsuccess = () => {
          const get = request.result.transaction('claims').objectStore('claims').get('claim-damaged');
          get.onsuccess = () => resolve(get.result?.json);
        };
      }),
  );
  assert.equal(kept, '{"title": 12', 'the record is left as it was');
});

// A tab of a newer version (or a damage) writes a record this page cannot read, and says
// so on the channel: the claim is there, not deleted, and stays listed here.
journey('a record another tab wrote that this page cannot read is not taken for a delete', async (page) => {
  for (const title of ['Shared', 'Other']) {
    await button(page, 'New claim').click();
    await field(page, 'Claim title').fill(title);
  }
  await eventually(async () => assert.equal(await rows(page).count(), 2));
  await waitUntilSaved(page);
  const key = await page.locator('li.claim-row', { hasText: 'Shared' }).evaluate((row) => row.dataset.claimKey);
  await page.evaluate(
    (key) =>
      new Promise((resolve, reject) => {
        const request = indexedDB.open('coop-claim-preflight');
        request.onsuccess = () => {
          const transaction = request.result.transaction('claims', 'readwrite');
          const store = transaction.objectStore('claims');
          const get = store.get(key);
          get.onsuccess = () => store.put({ ...get.result, json: '{"title": 12' }, key);
          transaction.oncomplete = () => {
            request.result.close();
            new BroadcastChannel('coop-claim-preflight').postMessage({ key });
            resolve();
          };
          transaction.onerror = () => reject(transaction.error);
        };
      }),
    key,
  );
  await page.waitForTimeout(1000);
  assert.deepEqual((await titles(page)).sort(), ['Other', 'Shared']);
});

// Without the service worker: once it controls the origin, it would answer the blank
// setup page's navigation with the app itself (a second app, whose wasm load the next
// navigation aborts: a failed request), and the route would never be asked.
defineJourney(test, env, 'claims stored by a newer version of the page are kept and the page says so, not private browsing', async (page) => {
  // A newer page moved the database to version 100, with a claim in it (done from a blank
  // page of the same origin, with this page's own connection closed; it names no icon,
  // so that the browser asks for none).
  const app = page.url();
  await page.route('**/newer-version-setup.html', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>setup</title><link rel="icon" href="data:,">' }));
  await page.goto(new URL('/newer-version-setup.html', app).href);
  await page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        indexedDB.deleteDatabase('coop-claim-preflight');
        const request = indexedDB.open('coop-claim-preflight', 100);
        request.onupgradeneeded = () => request.result.createObjectStore('claims');
        request.onsuccess = () => {
          const transaction = request.result.transaction('claims', 'readwrite');
          transaction.objectStore('claims').put({ json: '{"title": "From the newer page"}', ids: [], files: [] }, 'claim-newer');
          transaction.oncomplete = () => resolve(request.result.close());
          transaction.onerror = () => reject(transaction.error);
        };
        request.onerror = () => reject(request.error);
      }),
  );
  await page.goto(app);
  await page.getByText(/stored by a newer version of this page/).first().waitFor();
  assert.equal(await page.getByText(/private browsing/).count(), 0);
  await field(page, 'Claim title').fill('Typed on the older page');
  await page.waitForTimeout(600);
  const kept = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const request = indexedDB.open('coop-claim-preflight');
        request.onsuccess = () => {
          const database = request.result;
          const get = database.transaction('claims').objectStore('claims').getAll();
          get.onsuccess = () => resolve({ version: database.version, titles: get.result.map((record) => JSON.parse(record.json).title) });
        };
      }),
  );
  assert.deepEqual(kept, { version: 100, titles: ['From the newer page'] }, 'the newer storage is left as it was');
}, { timeout: 120_000, serviceWorkers: 'block' });

// A tab of an earlier version (its database at version 1), left open and not letting it
// go: the page says so, and what to do, rather than sending the partner to look at
// private browsing.
defineJourney(test, env, 'a tab of an earlier version that holds the storage is said so, not private browsing', async (page) => {
  const app = page.url();
  const older = await page.context().newPage();
  await older.route('**/older-tab.html', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>older</title><link rel="icon" href="data:,">' }));
  await older.goto(new URL('/older-tab.html', app).href);
  await page.goto('about:blank');
  await older.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const deleting = indexedDB.deleteDatabase('coop-claim-preflight');
        deleting.onsuccess = () => {
          const request = indexedDB.open('coop-claim-preflight', 1);
          request.onupgradeneeded = () => request.result.createObjectStore('claims');
          request.onsuccess = () => {
            window.held = request.result;
            resolve();
          };
          request.onerror = () => reject(request.error);
        };
        deleting.onerror = () => reject(deleting.error);
      }),
  );
  await page.goto(app);
  await page.getByText(/another tab of this page, left open from an earlier version, holds its storage/).first().waitFor({ timeout: 20_000 });
  assert.equal(await page.getByText(/private browsing/).count(), 0);
  await older.close();
}, { timeout: 120_000, serviceWorkers: 'block' });

journey('the page asks the browser to keep the claims and says what it answered and the space used', async (page) => {
  // Said at once, as is true before the browser answers (it may clear them); then what it answered.
  const line = list(page).locator('.storage-line');
  await line.waitFor();
  await list(page).locator('.storage-line[data-persisted]').waitFor();
  const persisted = await line.getAttribute('data-persisted');
  const said = await line.innerText();
  if (persisted === 'true') {
    assert.match(said, /the browser agreed not to clear them/);
  } else {
    assert.match(said, /the browser may clear them when space runs low\. To be safe, press Back up all claims now and then and keep the file/);
  }
  const space = await list(page).locator('.storage-space').innerText();
  assert.match(space, /^Space used: \d[\d.,]* (bytes|KB|MB|GB); \d[\d.,]* (bytes|KB|MB|GB) free\.$/);
  // The browser's answer is the page's: what it says matches the browser's own.
  const browserSays = await page.evaluate(() => navigator.storage.persisted());
  assert.equal(persisted, String(browserSays));
});

journey('a deleted claim stays restorable for 30 days, with its documents, after Undo is gone', async (page) => {
  await button(page, 'Load example claim').click();
  await eventually(async () => assert.equal(await page.locator('li.document .facts', { hasText: 'SHA-256' }).count(), 7));
  await button(page, 'New claim').click();
  await field(page, 'Claim title').fill('Kept claim');
  await eventually(async () => assert.equal(await rows(page).count(), 2));
  await page.getByText('Saved on this device.').waitFor();
  // Recently deleted, open when the claim is deleted: it lists it at once, on this page
  // too (where Undo can also bring it back).
  await page.locator('summary', { hasText: 'Recently deleted (kept 30 days)' }).click();
  await page.getByText('No claim was deleted in the last 30 days.').waitFor();
  const oldKey = (await button(page, 'Open Contoso cloud security webinar').getAttribute('id')).replace(/^open-/, '');
  await button(page, 'Delete Contoso cloud security webinar').click();
  await eventually(async () => assert.equal(await rows(page).count(), 1));
  await button(page, 'Restore Contoso cloud security webinar').waitFor();
  // An old entry of the bin, deleted 31 days ago: it goes when the bin is read.
  await page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const request = indexedDB.open('coop-claim-preflight-bin', 1);
        request.onupgradeneeded = () => request.result.createObjectStore('bin');
        request.onsuccess = () => {
          const write = request.result.transaction('bin', 'readwrite');
          write.objectStore('bin').put({ json: '{"title": "Too old"}', ids: [], files: [], deletedAt: Date.now() - 31 * 24 * 3600 * 1000 }, 'claim-old');
          write.oncomplete = () => resolve(request.result.close());
          write.onerror = () => reject(write.error);
        };
        request.onerror = () => reject(request.error);
      }),
  );
  // A reload: Undo is gone with the page, the bin is not.
  await page.reload();
  await button(page, 'Load example claim').waitFor();
  assert.equal(await button(page, 'Undo').count(), 0);
  await page.locator('summary', { hasText: 'Recently deleted (kept 30 days)' }).click();
  const restore = button(page, 'Restore Contoso cloud security webinar');
  await restore.waitFor();
  assert.equal(await page.getByText('Too old').count(), 0, 'older than 30 days: gone');
  await restore.click();
  await eventually(async () => assert.equal(await field(page, 'Claim title').inputValue(), 'Contoso cloud security webinar'));
  await eventually(async () => assert.ok(((await page.locator('#said').textContent()) ?? '').includes('“Contoso cloud security webinar” is back in your claims.')));

  await eventually(async () => assert.equal(await page.locator('li.document .facts', { hasText: 'SHA-256' }).count(), 7, 'with its documents'));
  await eventually(async () => assert.equal(await rows(page).count(), 2));
  await page.getByText('No claim was deleted in the last 30 days.').waitFor();
  // It stays restored after a reload.
  await page.reload();
  await eventually(async () => assert.equal(await rows(page).count(), 2));
  // Under its new key, its calendar events keep the name they had: a calendar imported
  // before is moved by the next one, not given a second deadline.
  const stored = await storedClaims(page);
  const restored = stored.map(({ claim }) => claim).find((claim) => claim.title === 'Contoso cloud security webinar');
  assert.equal(restored?.calendar_id, oldKey);
});

// A claim back from Recently deleted had all its files in one record: removing a small
// document then wrote its recordings again (the browser copies every file of a record
// written), at the size of the recordings, on a device that deleting had made room on.
journey('a claim restored from Recently deleted keeps each large file in a record of its own: removing a small document copies none', async (page) => {
  await button(page, 'New claim').click();
  await field(page, 'Claim title').fill('Recorded webinar');
  await page.setInputFiles('#add-documents', [
    { name: 'recording.mp4', mimeType: 'video/mp4', buffer: Buffer.alloc(4_500_000, 'r') },
    { name: 'agenda.txt', mimeType: 'text/plain', buffer: Buffer.alloc(1000, 'a') },
  ]);
  await eventually(async () => assert.equal((await storedClaims(page)).find(({ claim }) => claim.title === 'Recorded webinar')?.sizes.length, 2));
  await button(page, 'Delete Recorded webinar').click();
  await eventually(async () => assert.deepEqual(await storedClaims(page), []));
  await page.reload();
  await page.locator('summary', { hasText: 'Recently deleted (kept 30 days)' }).click();
  await button(page, 'Restore Recorded webinar').click();
  await eventually(async () => assert.equal(await field(page, 'Claim title').inputValue(), 'Recorded webinar'));
  await eventually(async () => assert.equal(await page.locator('li.document').count(), 2));
  const layout = () =>
    withStoredClaims(
      page,
      (claims, database) =>
        new Promise((resolve, reject) => {
          const reading = database.transaction('files');
          const keys = reading.objectStore('files').getAllKeys();
          const values = reading.objectStore('files').getAll();
          reading.oncomplete = () => resolve(values.result.map((record, n) => ({ at: keys.result[n], sizes: record.files.map((file) => file.size) })));
          reading.onerror = () => reject(reading.error);
        }),
    );
  const records = await layout();
  assert.deepEqual(records.map(({ sizes }) => sizes.sort((a, b) => a - b)).sort((a, b) => a[0] - b[0]), [[1000], [4_500_000]], JSON.stringify(records));
  // Removing the agenda writes no record holding the recording.
  await page.evaluate(() => {
    window.__largePuts = 0;
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function countedPut(value, ...rest) {
      if (this.name === 'files' && (value?.files ?? []).some((file) => file.size >= 4_000_000)) window.__largePuts += 1;
      return put.call(this, value, ...rest);
    };
  });
  await button(page, 'Remove agenda.txt').click();
  await eventually(async () => assert.deepEqual((await layout()).map(({ sizes }) => sizes), [[4_500_000]]));
  assert.equal(await page.evaluate(() => window.__largePuts), 0);
});

/**
 * Holds the claims' database with a transaction of the test's own, which the page's
 * next write waits behind; resolves with the function that lets it go.
 */
async function holdClaimsDatabase(page) {
  await page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        window.__held = true;
        const request = indexedDB.open('coop-claim-preflight');
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const holding = request.result.transaction(['claims', 'files'], 'readwrite');
          const again = () => {
            if (window.__held) holding.objectStore('claims').get('nothing').onsuccess = again;
          };
          again();
          holding.oncomplete = () => request.result.close();
          resolve();
        };
      }),
  );
  return () =>
    page.evaluate(() => {
      window.__held = false;
    });
}

/** Closes the page as its tab's close button does, answers the page's question by staying, and resolves with the question's kind. */
async function closeAndStay(page) {
  const asked = new Promise((resolve) =>
    page.once('dialog', (dialog) => {
      resolve(dialog.type());
      dialog.dismiss();
    }),
  );
  await page.close({ runBeforeUnload: true });
  return asked;
}

// A document's file is saved with its claim, a moment (or, for a backup of gigabytes
// restored, minutes) after it is added; the journal a closing page writes keeps the
// claim's words, not its files. Meanwhile the page says so, and closing it asks first.
journey('while documents are being saved, the page says to keep it open and asks before it is closed', async (page) => {
  await button(page, 'Load example claim').click();
  await page.getByText('Saved on this device.').waitFor();
  const release = await holdClaimsDatabase(page);
  await page.setInputFiles('#add-documents', { name: 'late receipt.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 late receipt') });
  const status = page.locator('.save-status');
  await status.getByText('Saving the documents of one claim on this device: keep this page open until they are saved.').waitFor();
  assert.equal(await closeAndStay(page), 'beforeunload');
  assert.equal(page.isClosed(), false, 'kept open');
  await release();
  await status.getByText('Saved on this device.').waitFor();
  // A recording still being read (hashed) is not on the device either: asked too.
  await page.evaluate(() => {
    const input = document.getElementById('add-documents');
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array(400 * 1024 * 1024)], 'recording.mp4', { type: 'video/mp4' }));
    input.files = transfer.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await page.getByText('Reading 1 file…').waitFor();
  assert.equal(await closeAndStay(page), 'beforeunload');
  await page.getByText('Reading 1 file…').waitFor({ state: 'detached', timeout: 60_000 });
  await status.getByText('Saved on this device.').waitFor({ timeout: 60_000 });
  // Saved, it closes without asking.
  page.once('dialog', () => assert.fail('asked again once saved'));
  await page.close({ runBeforeUnload: true });
  await eventually(() => assert.equal(page.isClosed(), true));
});

// A save the device refuses (its storage full) leaves a file added only on the page, as
// a save under way does: closing it asks first, until a save lands.
journey('a document whose save the full storage refused: closing the page asks first, until it is saved', async (page) => {
  await button(page, 'Load example claim').click();
  await page.getByText('Saved on this device.').waitFor();
  await storageFull(page);
  await page.setInputFiles('#add-documents', { name: 'late receipt.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 late receipt') });
  await page.locator('.save-status').getByText(/^Not saved: this device's storage for the page is full\./).waitFor();
  assert.equal(await closeAndStay(page), 'beforeunload');
  assert.equal(page.isClosed(), false, 'kept open');
  // Room made: the next change saves the claim with its file, and the page closes without asking.
  await roomMade(page);
  await field(page, 'Claim title').fill('Contoso cloud security webinar, with its receipt');
  await page.locator('.save-status').getByText('Saved on this device.').waitFor();
  page.once('dialog', () => assert.fail('asked again once saved'));
  await page.close({ runBeforeUnload: true });
  await eventually(() => assert.equal(page.isClosed(), true));
});

// A claim deleted 31 days ago held the device's space (its files are in the bin) until
// Recently deleted was opened: it goes as the page opens.
journey('the bin lets go of claims deleted more than 30 days ago as the page opens', async (page) => {
  const bin = (action) =>
    page.evaluate(
      (action) =>
        new Promise((resolve, reject) => {
          const request = indexedDB.open('coop-claim-preflight-bin', 1);
          request.onupgradeneeded = () => request.result.createObjectStore('bin');
          request.onsuccess = () => {
            const database = request.result;
            const transaction = database.transaction('bin', 'readwrite');
            const store = transaction.objectStore('bin');
            let keys = null;
            if (action === 'put') {
              const old = new File([new Uint8Array(1000)], 'recording.mp4', { type: 'video/mp4' });
              store.put({ json: '{"title": "Too old"}', ids: [1], files: [old], deletedAt: Date.now() - 31 * 24 * 3600 * 1000 }, 'claim-old');
              store.put({ json: '{"title": "Recent"}', ids: [], files: [], deletedAt: Date.now() - 29 * 24 * 3600 * 1000 }, 'claim-recent');
            } else {
              keys = store.getAllKeys();
            }
            transaction.oncomplete = () => {
              database.close();
              resolve(keys?.result ?? null);
            };
            transaction.onerror = () => reject(transaction.error);
          };
          request.onerror = () => reject(request.error);
        }),
      action,
    );
  await bin('put');
  await page.reload();
  await button(page, 'Load example claim').waitFor();
  await eventually(async () => assert.deepEqual(await bin('keys'), ['claim-recent']));
});

// Show more is of the claim it was pressed on: the next claim opened showed as many of its
// own rows at once (thousands, the wait the pages of a hundred avoid).
journey("Show more of one claim's documents is not carried to the next claim opened", async (page) => {
  await button(page, 'Load example claim').click();
  await eventually(async () => assert.equal(await page.locator('li.document .facts', { hasText: 'SHA-256' }).count(), 7));
  await waitUntilSaved(page);
  await storeCopiesOfClaim(page, { count: 2, prefix: 'Many documents ', documents: 150 });
  await page.reload();
  const showAll = list(page).getByRole('button', { name: /^Show all \d+ claims$/ });
  if (await showAll.count()) await showAll.click();
  await button(page, 'Open Many documents 001').click();
  await eventually(async () => assert.equal(await field(page, 'Claim title').inputValue(), 'Many documents 001'));
  await eventually(async () => assert.equal(await page.locator('li.document').count(), 100));
  await page.getByRole('button', { name: /^Show \d+ more documents/ }).click();
  await eventually(async () => assert.equal(await page.locator('li.document').count(), 150));
  await button(page, 'Open Many documents 002').click();
  await eventually(async () => assert.equal(await field(page, 'Claim title').inputValue(), 'Many documents 002'));
  await eventually(async () => assert.equal(await page.locator('li.document').count(), 100));
  await page.getByRole('button', { name: /^Show \d+ more documents/ }).waitFor();
});

/** Two claims, Gamma and Delta, saved; Gamma deleted (its Undo offered). */
async function gammaDeletedBesideDelta(page) {
  await button(page, 'New claim').click();
  await field(page, 'Claim title').fill('Gamma');
  await button(page, 'New claim').click();
  await field(page, 'Claim title').fill('Delta');
  await eventually(async () => assert.equal(await rows(page).count(), 2));
  await waitUntilSaved(page);
  await button(page, 'Delete Gamma').click();
  await button(page, 'Undo').waitFor();
}

/**
 * Gamma deleted beside Delta, saved, the page reloaded (Undo gone), and a second tab:
 * Recently deleted opened in both, with `name` (a button of Gamma's there) shown.
 * Returns the second tab.
 */
async function gammaBinnedInTwoTabs(page, app, name) {
  await gammaDeletedBesideDelta(page);
  await waitUntilSaved(page);
  await page.reload();
  await button(page, 'Load example claim').waitFor();
  const other = await app.context.newPage();
  await other.goto(env.server.url);
  for (const tab of [page, other]) {
    await tab.locator('summary', { hasText: 'Recently deleted (kept 30 days)' }).click();
    await button(tab, name).waitFor();
  }
  return other;
}

/** Three claims, Gamma, Delta and Omega, saved, Omega on the page. */
async function gammaDeltaOmega(page) {
  for (const title of ['Gamma', 'Delta', 'Omega']) {
    await button(page, 'New claim').click();
    await field(page, 'Claim title').fill(title);
  }
  await eventually(async () => assert.equal(await rows(page).count(), 3));
  await waitUntilSaved(page);
}

// Undo after two deletes shows the first one's notice again: no news, not said again.
journey('Undo after two deletes does not say the first delete again', async (page) => {
  await gammaDeltaOmega(page);
  await page.evaluate(() => {
    window.__said = [];
    const region = document.getElementById('said');
    new MutationObserver(() => region.textContent.trim() && window.__said.push(region.textContent.trim())).observe(region, { childList: true, subtree: true, characterData: true });
  });
  await button(page, 'Delete Gamma').click();
  await list(page).getByText('“Gamma” was deleted from this device.').waitFor();
  await button(page, 'Delete Delta').click();
  await list(page).getByText('“Delta” was deleted from this device.').waitFor();
  await button(page, 'Undo').click();
  await list(page).getByText('“Gamma” was deleted from this device.').waitFor();
  await page.waitForTimeout(500);
  const said = await page.evaluate(() => window.__said);
  assert.equal(said.filter((text) => text.includes('“Gamma” was deleted')).length, 1, JSON.stringify(said));
  assert.equal(said.filter((text) => text.includes('“Delta” was deleted')).length, 1, JSON.stringify(said));
});

journey('a claim restored from Recently deleted on the page it was deleted on: the delete notice and its Undo go', async (page) => {
  await gammaDeletedBesideDelta(page);
  await page.locator('summary', { hasText: 'Recently deleted (kept 30 days)' }).click();
  // The list is read when opened, not read out again at each change: it is not live.
  const bin = page.locator('details.recently-deleted');
  await button(page, 'Restore Gamma').waitFor();
  assert.equal(await button(page, 'Restore Gamma').evaluate((element) => element.closest('[role="status"], [aria-live]') === null), true);
  await button(page, 'Restore Gamma').click();
  await eventually(async () => assert.equal(await field(page, 'Claim title').inputValue(), 'Gamma'));
  // What the restore did is said (by the page, not this card, which a list folding with
  // the claim back may take away first), rather than that nothing was deleted.
  await eventually(async () => assert.ok(((await page.locator('#said').textContent()) ?? '').includes('“Gamma” is back in your claims.')));
  assert.equal(await bin.getByRole('status').getByText('No claim was deleted', { exact: false }).count(), 0);
  await eventually(async () => assert.equal(await button(page, 'Undo').count(), 0));
  assert.equal(await page.locator('.claim-deleted', { hasText: 'was deleted from this device' }).count(), 0);
  assert.equal(await rows(page).count(), 2);
});

// The bin refusing to let a restored claim go (its database closed under it, say): the
// claim was restored all the same, but said not restored, and Restore pressed again made
// a second.
journey('a claim restored from Recently deleted whose copy the bin then keeps is said restored, and comes back once', async (page) => {
  await gammaDeletedBesideDelta(page);
  await page.locator('summary', { hasText: 'Recently deleted (kept 30 days)' }).click();
  await button(page, 'Restore Gamma').waitFor();
  await page.evaluate(() => {
    const remove = IDBObjectStore.prototype.delete;
    IDBObjectStore.prototype.delete = function (...args) {
      if (this.name === 'bin') throw new DOMException('refused', 'UnknownError');
      return remove.apply(this, args);
    };
  });
  await button(page, 'Restore Gamma').click();
  await eventually(async () => assert.equal(await field(page, 'Claim title').inputValue(), 'Gamma'));
  await eventually(async () => assert.ok(((await page.locator('#said').textContent()) ?? '').includes('“Gamma” is back in your claims.')));
  assert.equal(await button(page, 'Restore Gamma').count(), 0, 'not offered while it is here');
  await page.reload();
  await eventually(async () => assert.deepEqual((await titles(page)).sort(), ['Delta', 'Gamma']));
});

// On a full device, a claim deleted only moved into Recently deleted, its files with it:
// Delete for good there gives the space back, and the save the device refused is tried
// again at once. Undo no longer brings back a claim deleted for good.
journey('Delete for good under Recently deleted gives the space back, takes Undo away, and the refused save is tried again', async (page) => {
  await gammaDeltaOmega(page);
  await button(page, 'Delete Gamma').click();
  await list(page).getByText('“Gamma” was deleted from this device.').waitFor();
  await button(page, 'Delete Delta').click();
  await list(page).getByText('“Delta” was deleted from this device.').waitFor();
  await waitUntilSaved(page);
  // The storage full: the claim on the page is not saved, and the page says how to make room.
  await storageFull(page);
  await page.evaluate(() => {
    window.__said = [];
    const region = document.getElementById('said');
    new MutationObserver(() => region.textContent.trim() && window.__said.push(region.textContent.trim())).observe(region, { childList: true, subtree: true, characterData: true });
  });
  await field(page, 'Claim title').fill('Omega, changed');
  await page.locator('.save-status').getByText(/delete claims for good under Recently deleted/).waitFor();
  await page.locator('summary', { hasText: 'Recently deleted (kept 30 days)' }).click();
  await button(page, 'Delete Delta for good').waitFor();
  // The space the claim took comes back as it goes (here, the browser no longer refuses).
  await roomMade(page);
  await button(page, 'Delete Delta for good').click();
  await eventually(async () => assert.ok((await page.evaluate(() => window.__said)).some((text) => text.includes('“Delta” was deleted for good: the space it took on this device is free.'))));
  await page.locator('.save-status').getByText('Saved on this device.').waitFor();
  // The keyboard goes to the next claim's same button; the last one's goes to the heading.
  await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Delete Gamma for good'));
  assert.equal(await button(page, 'Delete Delta for good').count(), 0);
  await page.keyboard.press('Enter');
  await page.getByText('No claim was deleted in the last 30 days.').waitFor();
  await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement?.id), 'recently-deleted'));
  // Undo brings back neither; the device's bin holds neither, after a reload too.
  assert.equal(await list(page).getByRole('button', { name: 'Undo', exact: true }).count(), 0);
  const binned = () =>
    page.evaluate(
      () =>
        new Promise((resolve, reject) => {
          const request = indexedDB.open('coop-claim-preflight-bin', 1);
          request.onupgradeneeded = () => request.result.createObjectStore('bin');
          request.onsuccess = () => {
            const count = request.result.transaction('bin').objectStore('bin').count();
            count.onsuccess = () => resolve(count.result);
            count.onerror = () => reject(count.error);
          };
          request.onerror = () => reject(request.error);
        }),
    );
  assert.equal(await binned(), 0);
  await page.reload();
  await eventually(async () => assert.deepEqual(await titles(page), ['Omega, changed']));
  assert.equal(await binned(), 0);
});

// Undo pressed while Restore under Recently deleted copies the claim's files (a claim of
// recordings takes seconds) brought the claim back a second time: two claims of the same
// invoices and funds.
journey('Undo pressed while Restore under Recently deleted is under way does not bring the claim back twice', async (page) => {
  await gammaDeletedBesideDelta(page);
  await page.locator('summary', { hasText: 'Recently deleted (kept 30 days)' }).click();
  await button(page, 'Restore Gamma').waitFor();
  const release = await holdClaimsDatabase(page);
  await button(page, 'Restore Gamma').click();
  // Its Undo goes at once: the restore brings it back.
  await eventually(async () => assert.equal(await button(page, 'Undo').count(), 0));
  await release();
  await eventually(async () => assert.equal(await field(page, 'Claim title').inputValue(), 'Gamma'));
  await eventually(async () => assert.deepEqual((await titles(page)).sort(), ['Delta', 'Gamma']));
  await page.reload();
  await eventually(async () => assert.deepEqual((await titles(page)).sort(), ['Delta', 'Gamma']));
});

// Restore pressed twice (a double click, or in two tabs at once) brings one claim back,
// not two of the same content (its invoices claimed twice).
journey('Restore under Recently deleted, pressed twice or in two tabs at once, brings the claim back once', async (page, app) => {
  const other = await gammaBinnedInTwoTabs(page, app, 'Restore Gamma');
  // A double click here, and a click in the other tab, at once (its row may be gone
  // before the click lands: the claim is back, and that tab lists it).
  const [, clickedThere] = await Promise.all([button(page, 'Restore Gamma').dblclick(), button(other, 'Restore Gamma').click({ timeout: 5000 }).then(() => true, () => false)]);
  await eventually(async () => assert.equal(await rows(page).count(), 2));
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const titles = (await storedClaims(page)).map(({ claim }) => claim.title).sort();
  assert.deepEqual(titles, ['Delta', 'Gamma']);
  assert.equal(await rows(page).count(), 2);
  // A restore that found it taken says so, rather than nothing (the second press here
  // waits for the first, and says nothing).
  const taken = async () => (await page.getByText('is being restored already', { exact: false }).count()) + (await other.getByText('is being restored already', { exact: false }).count());
  if (clickedThere) await eventually(async () => assert.equal(await taken(), 1));
  else assert.equal(await taken(), 0);
  await other.close();
});

// Delete for good pressed for one claim in two tabs, one after the other: the claim is
// deleted once, and the second tab says it is gone already, not that the storage refused
// (nor that it was deleted for good a second time); neither tab lists it again.
journey('Delete for good pressed in two tabs: done once, and the second tab says it was already gone', async (page, app) => {
  const other = await gammaBinnedInTwoTabs(page, app, 'Delete Gamma for good');
  await button(page, 'Delete Gamma for good').click();
  await page.getByText('No claim was deleted in the last 30 days.').waitFor();
  // The other tab's list is as it was when opened (or already read again): pressed there.
  const stillThere = await button(other, 'Delete Gamma for good').click({ timeout: 2000 }).then(() => true, () => false);
  if (stillThere) {
    await other.getByText('“Gamma” is left as it is: it is being restored (here or in another tab of this page), or was restored or deleted for good already.').waitFor();
    assert.equal(await other.getByText(/storage refused/).count(), 0);
  }
  await other.getByText('No claim was deleted in the last 30 days.').waitFor();
  for (const tab of [page, other]) {
    await eventually(async () => assert.deepEqual((await listed(tab)).map((row) => row.title), ['Delta']));
  }
  assert.deepEqual((await storedClaims(page)).map(({ claim }) => claim.title), ['Delta']);
  await other.reload();
  await other.locator('summary', { hasText: 'Recently deleted (kept 30 days)' }).click();
  await other.getByText('No claim was deleted in the last 30 days.').waitFor();
  await other.close();
});

journey("the site's data cleared while the page is open: said so, and every claim is saved again with its documents", async (page) => {
  await button(page, 'Load example claim').click();
  await eventually(async () => assert.equal(await page.locator('li.document .facts', { hasText: 'SHA-256' }).count(), 7));
  await button(page, 'New claim').click();
  await field(page, 'Claim title').fill('Kept claim');
  await eventually(async () => assert.equal(await rows(page).count(), 2));
  // A file size limit of the partner's own, and the example open: remembered too.
  const limit = field(page, 'File size limit (MB)');
  await limit.fill('30');
  await limit.press('Enter');
  await limit.blur();
  await button(page, 'Open Contoso cloud security webinar').click();
  await eventually(async () => assert.equal(await field(page, 'Claim title').inputValue(), 'Contoso cloud security webinar'));
  await waitUntilSaved(page);
  // As the browser's "clear site data" does (or the browser itself, evicting it).
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Storage.clearDataForOrigin', { origin: new URL(page.url()).origin, storageTypes: 'indexeddb,local_storage' });
  await page.locator('#claim').getByText("This browser's data for the page was cleared while it was open: every claim on the page is saved again, with its documents.", { exact: false }).waitFor();
  await page.getByText('Saved on this device.').waitFor();
  await page.waitForTimeout(800);
  await page.reload();
  await eventually(async () => assert.deepEqual((await listed(page)).map((row) => row.title).sort(), ['Contoso cloud security webinar', 'Kept claim']));
  // The claim open before is open again, with the partner's limit.
  await eventually(async () => assert.equal(await field(page, 'Claim title').inputValue(), 'Contoso cloud security webinar'));
  await eventually(async () => assert.equal(await field(page, 'File size limit (MB)').inputValue(), '30'));
  await eventually(async () => assert.equal(await page.locator('li.document .facts', { hasText: 'SHA-256' }).count(), 7));
  assert.equal(await page.getByText('was not saved on this device', { exact: false }).count(), 0, 'every file saved again');
});

// The browser may close the database under the page with its data kept (a phone's
// storage stopped and started again): the page said the site's data was cleared, and
// wrote every claim again.
journey("the database closed by the browser with the claims kept: no notice, no conflict, saving goes on", async (page) => {
  await button(page, 'Load example claim').click();
  await waitUntilSaved(page);
  // The page's connections, as it opens them, for the test to close as the browser does.
  await page.context().addInitScript(() => {
    window.__connections = [];
    const open = IDBFactory.prototype.open;
    IDBFactory.prototype.open = function (...args) {
      const request = open.apply(this, args);
      request.addEventListener('success', () => window.__connections.push(request.result));
      return request;
    };
  });
  await page.reload();
  await eventually(async () => assert.equal(await field(page, 'Claim title').inputValue(), 'Contoso cloud security webinar'));
  await eventually(async () => assert.ok(await page.evaluate(() => window.__connections.some((connection) => connection.name === 'coop-claim-preflight'))));
  await page.evaluate(() => {
    for (const connection of window.__connections.filter((connection) => connection.name === 'coop-claim-preflight')) {
      connection.close();
      connection.dispatchEvent(new Event('close'));
    }
  });
  await field(page, 'Claim title').fill('Contoso cloud security webinar, kept');
  await waitUntilSaved(page);
  await page.waitForTimeout(500);
  assert.equal(await page.getByText('was cleared while it was open', { exact: false }).count(), 0);
  assert.equal(await page.getByText('another tab', { exact: false }).count(), 0, 'no conflict');
  await page.reload();
  await eventually(async () => assert.deepEqual((await listed(page)).map((row) => row.title), ['Contoso cloud security webinar, kept']));
});

// Recently deleted has a database of its own: its connection, closed by the clearing as
// the claims' is, was kept, and every later delete was said not kept in it.
journey("the site's data cleared while the page is open: a claim deleted after it is kept in Recently deleted", async (page) => {
  const day = await today(page);
  await newClaim(page, 'Stays', addDays(day, -5));
  await newClaim(page, 'Kept claim', addDays(day, -10));
  await newClaim(page, 'Thrown away', addDays(day, -20));
  await eventually(async () => assert.equal(await rows(page).count(), 3));
  await waitUntilSaved(page);
  await button(page, 'Delete Thrown away').click();
  await eventually(async () => assert.deepEqual(await titles(page), ['Kept claim', 'Stays']));
  await waitUntilSaved(page);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Storage.clearDataForOrigin', { origin: new URL(page.url()).origin, storageTypes: 'indexeddb,local_storage' });
  await page.locator('#claim').getByText("This browser's data for the page was cleared while it was open", { exact: false }).waitFor();
  await waitUntilSaved(page);
  await button(page, 'Delete Kept claim').click();
  await eventually(async () => assert.deepEqual(await titles(page), ['Stays']));
  await page.waitForTimeout(500);
  assert.doesNotMatch(await page.locator('.save-status').textContent(), /not kept in Recently deleted/);
  await page.reload();
  await page.locator('summary', { hasText: 'Recently deleted (kept 30 days)' }).click();
  await button(page, 'Restore Kept claim').waitFor();
});

journey("the claims' database deleted by a script of the site while the page is open: said so, and every claim is saved again", async (page) => {
  await button(page, 'Load example claim').click();
  await eventually(async () => assert.equal(await page.locator('li.document .facts', { hasText: 'SHA-256' }).count(), 7));
  await button(page, 'New claim').click();
  await field(page, 'Claim title').fill('Kept claim');
  await eventually(async () => assert.equal(await rows(page).count(), 2));
  await waitUntilSaved(page);
  // Another page of the same origin deletes the database (a reset script, another app
  // of the site): the browser only asks this page to let it go.
  const other = await page.context().newPage();
  await other.route('**/reset.html', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>reset</title><link rel="icon" href="data:,">' }));
  await other.goto(new URL('/reset.html', page.url()).href);
  await other.evaluate(() => new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase('coop-claim-preflight');
    request.onsuccess = resolve;
    request.onerror = () => reject(request.error);
  }));
  await other.close();
  await page.locator('#claim').getByText("This browser's data for the page was cleared while it was open: every claim on the page is saved again, with its documents.", { exact: false }).waitFor();
  await page.getByText('Saved on this device.').waitFor();
  await page.waitForTimeout(800);
  await page.reload();
  await eventually(async () => assert.deepEqual((await listed(page)).map((row) => row.title).sort(), ['Contoso cloud security webinar', 'Kept claim']));
  await button(page, 'Open Contoso cloud security webinar').click();
  await eventually(async () => assert.equal(await page.locator('li.document .facts', { hasText: 'SHA-256' }).count(), 7));
  assert.equal(await page.getByText('was not saved on this device', { exact: false }).count(), 0, 'every file saved again');
});

journey('a claim deleted when the storage is too full to keep it in the bin: said so, and Undo still brings it back', async (page) => {
  const day = await today(page);
  await newClaim(page, 'First claim', addDays(day, -10));
  await newClaim(page, 'Second claim', addDays(day, -20));
  await eventually(async () => assert.equal(await rows(page).count(), 2));
  await waitUntilSaved(page);
  // The storage full: the bin's copy is refused, as the browser refuses it then.
  await page.evaluate(() => {
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function refuseTheBin(...args) {
      if (this.name === 'bin') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    };
  });
  await button(page, 'Delete Second claim').click();
  await eventually(async () => assert.deepEqual(await titles(page), ['First claim']));
  await eventually(async () =>
    assert.equal(
      await page.locator('.save-status').textContent(),
      "Deleted, but not kept in Recently deleted: this device's storage refused the copy (it may be full). Undo brings the claim back while this page is open; once you leave the page, it is gone.",
    ),
  );
  // Undo is the way back, not a package of the claim now on the page.
  assert.equal(await button(page, 'Build the package now').count(), 0);
  await list(page).getByRole('button', { name: 'Undo', exact: true }).click();
  await eventually(async () => assert.deepEqual(await titles(page), ['Second claim', 'First claim']));
  await waitUntilSaved(page);
  await page.reload();
  await eventually(async () => assert.deepEqual(await titles(page), ['Second claim', 'First claim']));
});

journey("a copy's row counts the period's funds once, and its checks follow the original deleted from the list", async (page) => {
  await button(page, 'Load example claim').click();
  // Changed, the example is the partner's claim (as loaded, it stands apart).
  await page.locator('li.document').first().getByLabel('Note', { exact: true }).fill('Ours now.');
  await button(page, 'Duplicate Contoso cloud security webinar').click();
  await eventually(async () => assert.equal(await field(page, 'Claim title').inputValue(), 'Contoso cloud security webinar (copy)'));
  const funds = page.getByRole('region', { name: 'Checks', exact: true }).locator('[data-code="FUNDS-PERIOD-EXCEEDED"]');
  await funds.waitFor();
  const copy = async () => (await listed(page)).find((row) => row.title === 'Contoso cloud security webinar (copy)');
  assert.equal((await copy()).blockers, '1 blocker');
  // Off the page, its row says what its page said: the funds counted once.
  await button(page, 'New claim').click();
  await eventually(async () => assert.equal((await copy()).shown, false));
  assert.equal((await copy()).blockers, '1 blocker');
  await button(page, 'Open Contoso cloud security webinar (copy)').click();
  await funds.waitFor();
  // The original deleted from the list: the copy is alone in its period, at once.
  await button(page, 'Delete Contoso cloud security webinar').click();
  await eventually(async () => assert.equal(await funds.count(), 0));
  assert.equal((await copy()).blockers, 'Ready: no blockers');
});

journey('a Delete pressed twice still leaves Undo, which brings the claim back', async (page) => {
  const day = await today(page);
  await newClaim(page, 'First claim', addDays(day, -10));
  await newClaim(page, 'Second claim', addDays(day, -20));
  await eventually(async () => assert.equal(await rows(page).count(), 2));
  await button(page, 'Delete Second claim').dblclick();
  await eventually(async () => assert.deepEqual(await titles(page), ['First claim']));
  await list(page).getByRole('button', { name: 'Undo', exact: true }).click();
  await eventually(async () => assert.deepEqual(await titles(page), ['Second claim', 'First claim']));
  await waitUntilSaved(page);
  await page.reload();
  await eventually(async () => assert.deepEqual(await titles(page), ['Second claim', 'First claim']));
});

journey('a claim without a title is duplicated without one: the copy keeps its blocker, in either language', async (page) => {
  await field(page, 'Partner ID').fill('1234567');
  await eventually(async () => assert.equal(await rows(page).count(), 1));
  await button(page, 'Duplicate Untitled claim').click();
  await eventually(async () => assert.equal(await rows(page).count(), 2));
  assert.equal(await field(page, 'Claim title').inputValue(), '', 'the list\'s label is not a title');
  assert.equal(await page.getByRole('region', { name: 'Checks', exact: true }).locator('[data-code="FIELD-REQUIRED"][data-target="claim-title"]').count(), 1);
  await button(page, 'Français').click();
  const names = () => page.locator('li.claim-row .claim-name').evaluateAll((cells) => cells.map((cell) => /Demande sans titre/.test(cell.textContent) && !/copy|copie/.test(cell.textContent)));
  await eventually(async () => assert.deepEqual(await names(), [true, true]));
});

journey('an invoice unlinked on purpose in a copy stays unlinked through a change of type, after the original was shown', async (page) => {
  await button(page, 'Load example claim').click();
  await eventually(async () => assert.equal(await page.locator('li.document .facts', { hasText: 'SHA-256' }).count(), 7));
  await button(page, 'Duplicate Contoso cloud security webinar').click();
  await eventually(async () => assert.equal(await field(page, 'Claim title').inputValue(), 'Contoso cloud security webinar (copy)'));
  const invoice = page.locator('li.document').filter({ has: page.getByRole('heading', { name: 'Fabrikam invoice INV-20417.pdf', exact: true }) });
  await invoice.getByLabel('Cost line', { exact: true }).selectOption({ index: 0 });
  await eventually(async () => assert.equal(await invoice.getByLabel('Cost line', { exact: true }).inputValue(), ''));
  await button(page, 'Open Contoso cloud security webinar').click();
  await eventually(async () => assert.notEqual(await invoice.getByLabel('Cost line', { exact: true }).inputValue(), ''));
  await button(page, 'Open Contoso cloud security webinar (copy)').click();
  await eventually(async () => assert.equal(await invoice.getByLabel('Cost line', { exact: true }).inputValue(), ''));
  const type = invoice.getByLabel('Document type', { exact: true });
  await type.selectOption({ label: 'CSR' });
  await eventually(async () => assert.equal(await invoice.getByLabel('Cost line', { exact: true }).count(), 0));
  await type.selectOption({ label: 'Invoice' });
  await eventually(async () => assert.equal(await invoice.getByLabel('Cost line', { exact: true }).inputValue(), ''));
});

// The claim on the page is listed wherever it sorts: past the claims shown, it is not one
// more for "Show more" to show (it said "Show 2 more" and showed one; with nothing left, it
// showed nothing, went, and took the keyboard with it).
journey('Show more counts only the claims it shows: the claim on the page, listed wherever it sorts, is not one more', async (page) => {
  await button(page, 'New claim').click();
  await field(page, 'Claim title').fill('C0');
  for (let n = 1; n < 10; n++) {
    await list(page).locator('li.claim-row.shown').getByRole('button', { name: /^Duplicate / }).click();
    // (Listed whole while short, then folded to the claim on the page.)
    await eventually(async () => assert.ok((await rows(page).count()) === n + 1 || (await button(page, `Show all ${n + 1} claims`).count()) === 1));
  }
  // Folded, the list still offers its exports, which are of every claim: the register
  // has the ten (they went with the list's fold, from four claims on).
  const registered = page.waitForEvent('download');
  await button(page, 'Export the register (CSV)').click();
  const register = await (await registered).path();
  assert.equal((await readFile(register, 'utf8')).trim().split('\r\n').length, 11, 'a heading and ten claims');
  await button(page, 'Show all 10 claims').click();
  const shown = await listed(page);
  const at = shown.findIndex((row) => row.shown);
  assert.deepEqual([shown.length, at], [9, 8], 'the eight claims shown first, and the claim on the page after them');
  const more = list(page).getByRole('button', { name: /^Show \d+ more claims? \(of 10\)$/ });
  assert.equal(await more.textContent(), 'Show 1 more claim (of 10)');
  await more.press('Enter');
  await eventually(async () => assert.equal(await rows(page).count(), 10));
  assert.equal(await more.count(), 0);
  await eventually(async () => assert.match(await page.evaluate(() => document.activeElement?.id ?? ''), /^open-/, 'the keyboard on the claim shown now'));
  // Deleted down to nine, the claim on the page still last: nothing left to show, no button.
  const first = (await listed(page)).find((row) => !row.shown).title;
  await button(page, `Delete ${first}`).click();
  await eventually(async () => assert.equal(await rows(page).count(), 9));
  await page.reload();
  await button(page, 'Show all 9 claims').click();
  await eventually(async () => assert.equal(await rows(page).count(), 9));
  assert.equal(await list(page).getByRole('button', { name: /^Show \d+ more/ }).count(), 0);
});

// The filters show on an unfolded list (or while searching). One chosen, then set back
// to All with the search cleared, does not fold the list from under the keyboard.
journey('a filter set back to All stays where the keyboard is, the list not folded away under it', async (page) => {
  await button(page, 'New claim').click();
  await field(page, 'Claim title').fill('F0');
  for (let n = 1; n < 5; n++) {
    await list(page).locator('li.claim-row.shown').getByRole('button', { name: /^Duplicate / }).click();
    await eventually(async () => assert.ok((await rows(page).count()) === n + 1 || (await button(page, `Show all ${n + 1} claims`).count()) === 1));
  }
  await field(page, 'Search claims').fill('F0');
  const status = field(page, 'Status of the claims shown');
  await status.selectOption({ label: 'Submitted' });
  await field(page, 'Search claims').fill('');
  await status.focus();
  await status.selectOption({ label: 'All' });
  await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement?.id), 'filter-status'));
  assert.equal(await status.count(), 1, 'the filter stays');
  assert.equal(await rows(page).count(), 5, 'every claim listed');
});

journey('Undo of the claim deleted while a search hides it lists it again and takes the keyboard to it', async (page) => {
  for (const title of ['Alpha', 'Beta']) {
    await button(page, 'New claim').click();
    await field(page, 'Claim title').fill(title);
    await waitUntilSaved(page);
  }
  // Beta is on the page, listed though the search does not find it.
  await field(page, 'Search claims').fill('Alpha');
  await eventually(async () => assert.deepEqual((await titles(page)).sort(), ['Alpha', 'Beta']));
  await button(page, 'Delete Beta').click();
  await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Undo'));
  await page.keyboard.press('Enter');
  await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Open Beta'));
  assert.ok((await titles(page)).includes('Beta'));
  assert.equal(await field(page, 'Search claims').inputValue(), '', 'the search that hid it is cleared');
});
