// The first view built into index.html (scripts/prerender.mjs): it shows before the wasm
// is even fetched, in the language the app will choose, cannot be typed into, and the
// app takes its place without anything moving or changing (compared element by element:
// every visible heading, label, button, paragraph and list item, its text and its box),
// at a desktop and a phone width, in English and French.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DIST, useBrowser } from './harness.mjs';

const env = useBrowser({ before, after });

const LANGUAGES = [
  { locale: 'en-US', lang: 'en', ready: 'Load example claim', heading: 'Your claims' },
  { locale: 'fr-FR', lang: 'fr', ready: "Charger l'exemple de demande", heading: 'Vos demandes' },
];
// Partners of other regions: the copy is rendered for en-US and fr-FR, and shows the
// currency the app will start their claim in (not USD or EUR turning into theirs).
const REGIONS = [
  { locale: 'en-GB', lang: 'en', ready: 'Load example claim', heading: 'Your claims', currency: 'GBP' },
  { locale: 'fr-CA', lang: 'fr', ready: "Charger l'exemple de demande", heading: 'Vos demandes', currency: 'CAD' },
  { locale: 'en-US', lang: 'en', ready: 'Load example claim', heading: 'Your claims', currency: 'USD' },
  { locale: 'fr', lang: 'fr', ready: "Charger l'exemple de demande", heading: 'Vos demandes', currency: 'EUR' },
  // A German browser (no region named): the euro, the page in English.
  { locale: 'de', lang: 'en', ready: 'Load example claim', heading: 'Your claims', currency: 'EUR' },
  // A currency without decimals: the amount's hint is 1234, not 1,234.50.
  { locale: 'ja-JP', lang: 'en', ready: 'Load example claim', heading: 'Your claims', currency: 'JPY' },
];
const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
];

/** Holds back the page's wasm until the function it resolves to is called. */
async function holdWasm(page) {
  let release;
  const held = new Promise((resolve) => {
    release = resolve;
  });
  await page.route(/_bg\.wasm$/, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

/** Every visible text element of the page: its text and its box, in page coordinates. */
function layout(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('h1, h2, h3, label, button, p, dt, dd, summary, li, input, select')]
      .filter((element) => element.getClientRects().length > 0 && !element.closest('template'))
      // A closed disclosure shows its summary only.
      .filter((element) => !element.closest('details:not([open]) > :not(summary)'))
      .map((element) => {
        const box = element.getBoundingClientRect();
        // The day's date and the space used are the app's to write (the copy keeps their place).
        const live = element.closest('[data-volatile], section.dates > p.help, .storage-space');
        const text = live ? '' : (element.matches('input, select') ? element.value : element.innerText).trim();
        return `${element.tagName.toLowerCase()} ${Math.round(box.left)},${Math.round(box.top + scrollY)} ${Math.round(box.width)}×${Math.round(box.height)} ${text}`;
      }),
  );
}

test('index.html holds the first view in both languages, inert, showing no date or figure of the build machine', async () => {
  const index = await readFile(path.join(DIST, 'index.html'), 'utf8');
  for (const { lang, ready } of LANGUAGES) {
    const view = index.match(new RegExp(`<template id="first-view-${lang}" data-first-view>([\\s\\S]*?)</template>`))?.[1];
    assert.ok(view, `the ${lang} first view is in index.html`);
    assert.ok(view.includes(ready.replace("'", '&#39;')) || view.includes(ready), `it shows ${ready}`);
    for (const element of view.match(/<(header|main|footer)\b[^>]*>/g)) {
      assert.match(element, /data-prerendered=""/);
      assert.match(element, /inert=""/);
      assert.match(element, /aria-hidden="true"/);
    }
    // The space used on the build machine is not there; the day it was built is not seen.
    assert.doesNotMatch(view, /Space used|Espace utilisé/, 'no figure of the build machine');
    assert.match(view, /<p class="storage-space" aria-hidden="true">(&nbsp;|\u00a0)<\/p>/);
    assert.match(view, /<p class="help" data-volatile="">(Counted from today|Calculé à partir d'aujourd'hui)/);
  }
});

const CASES = [
  ...LANGUAGES.flatMap((language) => VIEWPORTS.map((viewport) => ({ ...language, viewport, name: `${language.lang} at ${viewport.name} width` }))),
  ...REGIONS.map((region) => ({ ...region, viewport: VIEWPORTS[0], name: `${region.locale}, in ${region.currency}` })),
];

for (const { locale, lang, ready, heading, viewport, name, currency } of CASES) {
  {
    test(`${name}: the first view shows before the wasm, and the app replaces it without a jump`, { timeout: 60_000 }, async () => {
      const context = await env.browser.newContext({ locale, viewport, serviceWorkers: 'block' });
      const errors = [];
      try {
        const page = await context.newPage();
        page.on('pageerror', (error) => errors.push(error.message));
        // The wasm is held back until the first view was looked at.
        const release = await holdWasm(page);
        await page.goto(env.server.url);
        const copy = page.locator('[data-prerendered]').first();
        await copy.waitFor();
        assert.equal(await page.evaluate(() => document.documentElement.lang), lang, 'the chooser picked the language the app will');
        assert.equal(await page.locator('h2', { hasText: heading }).count(), 1);
        // Nothing in it can be typed into or pressed before the app runs.
        const title = page.locator('[data-prerendered] #claim-title');
        assert.equal(await title.evaluate((input) => input.closest('[inert]') !== null), true);
        await title.click({ timeout: 1000, trial: true }).then(
          () => assert.fail('the copy took a click'),
          () => {},
        );
        const before = await layout(page);
        assert.ok(before.length > 40, `the copy shows the page (${before.length} elements)`);
        if (currency) assert.equal(await page.locator('[data-prerendered] #claim-currency').inputValue(), currency, 'the copy shows the currency the app will');
        // The amount's example, in that currency (1234 where it has no decimals).
        const hint = await page.locator('[data-prerendered] #claim-claimed-amount-hint').innerText();

        release();
        await page.getByRole('button', { name: ready, exact: true }).waitFor();
        await page.locator('.storage-line[data-persisted]').waitFor();
        await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
        assert.equal(await page.locator('[data-prerendered], template[data-first-view]').count(), 0, 'the copy is gone');
        const afterwards = await layout(page);
        const changed = afterwards.map((line, at) => [before[at], line]).filter(([was, is]) => was !== is);
        assert.deepEqual(changed, [], `${changed.length} elements moved or changed when the app came: ${changed.slice(0, 5).map(([was, is]) => `\n  was ${was}\n  is  ${is}`).join('')}`);
        assert.equal(afterwards.length, before.length);
        if (currency) assert.equal(await page.locator('#claim-currency').inputValue(), currency, 'the app starts the claim in it');
        assert.equal(await page.locator('#claim-claimed-amount-hint').innerText(), hint, "the amount's example unchanged");
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    });
  }
}

test('a partner who has claims sees the header at once, not an empty claim, until the app lists them', { timeout: 60_000 }, async () => {
  const context = await env.browser.newContext({ locale: 'en-US', viewport: VIEWPORTS[1], serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    await page.goto(env.server.url);
    await page.getByRole('button', { name: 'Load example claim', exact: true }).click();
    await page.getByText('Saved on this device.').waitFor();
    const release = await holdWasm(page);
    await page.reload();
    await page.locator('header[data-prerendered]').waitFor();
    assert.ok(await page.locator('header[data-prerendered] h1').isVisible(), 'the header is seen');
    assert.equal(await page.locator('main[data-prerendered]').isVisible(), false, 'the empty claim of a first visit is not');
    // Nothing in the header moves when the app says "Saved on this device." in the line
    // the copy leaves empty (it was 3 px shorter than that line's text).
    // (The copy is inert: its buttons are not buttons to a locator by role.)
    const first = await page.locator('header[data-prerendered] nav.actions').boundingBox();
    release();
    await page.getByRole('button', { name: 'Open package', exact: true }).waitFor();
    await page.getByRole('region', { name: 'Your claims', exact: true }).locator('strong', { hasText: 'Contoso cloud security webinar' }).waitFor();
    await page.getByText('Saved on this device.').waitFor();
    const then = await page.locator('header nav.actions').boundingBox();
    assert.ok(Math.abs(then.y - first.y) < 0.5, `the header's buttons moved from y ${first.y} to ${then.y}`);
  } finally {
    await context.close();
  }
});

test('an app that cannot start says so at the top, in the language of the page; one that stops, too', { timeout: 60_000 }, async () => {
  const said = {
    'en-US': /^The page could not start: reload it\. If this goes on, open it in a current version of Edge, Chrome, Firefox or Safari\. Your claims stay on this device\.$/,
    'fr-FR': /^La page n'a pas pu démarrer\u00a0: rechargez-la\. Si cela continue, ouvrez-la dans une version récente d'Edge, Chrome, Firefox ou Safari\. Vos demandes restent sur cet appareil\.$/,
  };
  for (const { locale, lang } of LANGUAGES) {
    const context = await env.browser.newContext({ locale, serviceWorkers: 'block' });
    try {
      const page = await context.newPage();
      // Its wasm never arrives (a proxy that drops it, a connection lost).
      await page.route(/_bg\.wasm$/, (route) => route.abort());
      await page.goto(env.server.url);
      const alert = page.getByRole('alert');
      await alert.waitFor();
      assert.match(await alert.textContent(), said[locale]);
      assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
      assert.ok(await page.locator('header[data-prerendered]').isVisible(), 'the first view stays under it');
    } finally {
      await context.close();
    }
  }
  const context = await env.browser.newContext({ locale: 'en-US', serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    // A browser extension's script in the page fails while the app is still loading:
    // its errors are not the page's, which starts and says nothing of the kind.
    const release = await holdWasm(page);
    await page.goto(env.server.url);
    await page.locator('header[data-prerendered]').waitFor();
    await page.evaluate(() => {
      dispatchEvent(new ErrorEvent('error', { message: 'Uncaught TypeError', filename: 'chrome-extension://abcdefghijklmnop/inject.js', error: new TypeError('x is undefined') }));
      const script = document.createElement('script');
      script.src = 'chrome-extension://abcdefghijklmnop/missing.js';
      document.head.append(script);
      Promise.reject(new TypeError('Failed to fetch'));
    });
    await page.waitForTimeout(300);
    release();
    await page.getByRole('button', { name: 'Open package', exact: true }).waitFor();
    await page.waitForFunction(() => !document.querySelector('[data-prerendered]'));
    assert.equal(await page.locator('.boot-error').count(), 0, 'an app that started says nothing of the kind');
    // A trap in the wasm once the app runs (a panic: there is none to cause on purpose,
    // so the browser's own event for one is dispatched).
    // The partner is far down the form: the message is in view all the same.
    await page.evaluate(() => scrollTo(0, document.body.scrollHeight));
    await page.evaluate(() => dispatchEvent(new ErrorEvent('error', { error: new WebAssembly.RuntimeError('unreachable') })));
    const stopped = page.getByRole('alert').getByText('The page stopped working: reload it. Your claims are kept on this device as last saved.', { exact: true });
    await stopped.waitFor();
    const box = await stopped.boundingBox();
    assert.ok(box && box.y >= 0 && box.y < 100, `at the top of the window (${JSON.stringify(box)})`);
  } finally {
    await context.close();
  }
});

test('without JavaScript the page says what it needs, in both languages', async () => {
  const context = await env.browser.newContext({ javaScriptEnabled: false, serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    await page.goto(env.server.url);
    await page.getByText('Co-op Claim Preflight needs JavaScript and WebAssembly, which run only on this device.', { exact: true }).waitFor();
    await page.locator('p[lang="fr"]').getByText("Co-op Claim Preflight a besoin de JavaScript et de WebAssembly, qui ne s'exécutent que sur cet appareil.", { exact: true }).waitFor();
  } finally {
    await context.close();
  }
});
