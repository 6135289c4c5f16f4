// The first view as HTML, written into index.html at build time (run by post-build.mjs on
// the staged build): the page is loaded in headless Chromium, once per language, exactly
// as a partner's browser first loads it (fresh storage, the service worker kept out), and
// what the app rendered is kept as markup. So the partner sees the page as soon as the
// HTML and style sheet arrive, before the wasm is fetched and compiled; the app then
// replaces it, in one task, with the same view (`browser::drop_prerendered`).
//
// - Both languages are kept, each in a <template>; a short inline script (hashed into the
//   CSP like Trunk's) shows the one the app will choose: the partner's earlier choice,
//   else the browser's languages, as `Catalog::negotiate` reads them. It is the view of a
//   first visit: for a partner who has been here (the page remembers an open claim) only
//   the header is seen until the app lists their claims, rather than an empty claim.
// - What depends on the device or the day is not shown, and the app adds it: the space the
//   claims take (`.storage-space`, blank as the app shows it before the browser answers)
//   and "Counted from today, <date>" (the Dates card's note: its place kept, unseen).
//   Nothing else of the fresh view does (a fresh claim has no dates). What it does
//   not show is left out too: a list's options but the one shown, a closed disclosure's
//   contents. Values the app set as properties (the file size limit, the chosen options)
//   are written as attributes, so that the copy shows them.
// - The copy is inert and hidden from assistive technology: it cannot be typed into or
//   pressed (nothing a partner does before the app runs could be lost), and a screen
//   reader meets the app, not a copy of it.

import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { startServer } from './serve.mjs';

/** The languages the page speaks, with a browser locale of each. */
export const LANGUAGES = { en: 'en-US', fr: 'fr-FR' };

/**
 * What of the fresh view depends on the device or the day. The space the claims take is
 * left blank, as the app shows it until the browser answers; the day's date keeps its
 * place, unseen (`[data-volatile]` in the style sheet), until the app writes it.
 */
export const BLANK = ['.storage-space'];
export const VOLATILE = ['section.dates > p.help'];

/**
 * What the page says when the app cannot start, or stops: the app's own messages are in
 * the wasm, which is what failed. French typography as `build.rs` writes it (a no-break
 * space before a semicolon).
 */
export const BOOT = {
  en: {
    failed: 'The page could not start: reload it. If this goes on, open it in a current version of Edge, Chrome, Firefox or Safari. Your claims stay on this device.',
    stopped: 'The page stopped working: reload it. Your claims are kept on this device as last saved.',
  },
  fr: {
    failed: "La page n'a pas pu démarrer\u00a0: rechargez-la. Si cela continue, ouvrez-la dans une version récente d'Edge, Chrome, Firefox ou Safari. Vos demandes restent sur cet appareil.",
    stopped: "La page a cessé de fonctionner\u00a0: rechargez-la. Vos demandes sont conservées sur cet appareil telles qu'enregistrées en dernier.",
  },
};

/**
 * The currency a new claim starts in, as `locale::default_currency` chooses it: the
 * region of a tag of the browser's first language, else that language's currency when no
 * tag of it names a region, else any tag's region, else the page's language's, else the
 * profile's first. The copy is rendered for en-US and fr-FR; a partner in en-GB
 * or fr-CA must not see USD or EUR turn into GBP or CAD as the app comes. The tables are
 * read from `src/locale.rs` (written once, there) and the profile, and the build fails if
 * they cannot be.
 */
function currencyRule() {
  const source = readFileSync(new URL('../src/locale.rs', import.meta.url), 'utf8');
  const profile = JSON.parse(readFileSync(new URL('../profile/default.json', import.meta.url), 'utf8'));
  const known = new Set(profile.currencies.map((currency) => currency.code));
  const table = (name) => {
    const body = source.match(new RegExp(`const ${name}: &\\[\\(&str, &str\\)\\] = &\\[([^\\]]*)\\];`))?.[1];
    const pairs = [...(body ?? '').matchAll(/\("(\w+)", "(\w+)"\)/g)].filter(([, , code]) => known.has(code));
    if (pairs.length === 0) throw new Error(`${name} not found in src/locale.rs: the first view cannot choose the currency the app will`);
    return Object.fromEntries(pairs.map(([, key, code]) => [key, code]));
  };
  // Currencies without decimals: the amount's hint shows 1234, not 1,234.50 (`claim_form`).
  const whole = profile.currencies.filter((currency) => currency.minor_digits === 0).map((currency) => currency.code);
  return { regions: table('REGION_CURRENCIES'), languages: table('LANGUAGE_CURRENCIES'), first: profile.currencies[0].code, whole };
}
const CURRENCY = currencyRule();

/**
 * The script that shows the first view in the language the app will choose. It must stay
 * what `ui::initial_language` does: the remembered choice (`header::LANGUAGE_KEY`), then
 * each of the browser's languages, by primary subtag; English when none is spoken here.
 * A returning partner is known by `effects::OPEN_CLAIM_KEY`.
 */
export const CHOOSER = `(function () {
  var tags = [];
  try { tags.push(localStorage.getItem('preflight.language')); } catch (e) {}
  tags = tags.concat(navigator.languages && navigator.languages.length ? Array.prototype.slice.call(navigator.languages) : [navigator.language]);
  var lang = 'en';
  for (var i = 0; i < tags.length; i += 1) {
    var primary = String(tags[i] || '').split(/[-_]/)[0].toLowerCase();
    if (${JSON.stringify(Object.keys(LANGUAGES))}.indexOf(primary) >= 0) { lang = primary; break; }
  }
  // A partner who has been here has claims the copy does not show: only its header is
  // seen until the app lists them (the style sheet hides the rest, keeping its place).
  try { if (localStorage.getItem('preflight.open-claim')) document.documentElement.setAttribute('data-returning', ''); } catch (e) {}
  var view = document.getElementById('first-view-' + lang);
  if (view) {
    document.documentElement.lang = lang;
    document.body.insertBefore(view.content, view);
  }
  // The currency the app will start the claim in (\`currencyRule\`).
  var rule = ${JSON.stringify(CURRENCY)}, currency = '', bare = true, j, tag;
  var browserTags = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language];
  // As \`i18n::region_of\` reads a region: two letters or three digits, before any
  // extension (\`de-u-co-phonebk\` names none).
  function parts(text) {
    var all = String(text || '').split(/[-_]/), region = '';
    for (var k = 1; k < all.length && all[k].length > 1 && !region; k += 1) if (/^([A-Za-z]{2}|[0-9]{3})$/.test(all[k])) region = all[k].toUpperCase();
    return { lang: all[0].toLowerCase(), region: region };
  }
  var first = parts(browserTags[0]).lang;
  for (j = 0; j < browserTags.length; j += 1) {
    tag = parts(browserTags[j]);
    if (tag.lang !== first) continue;
    if (tag.region) bare = false;
    currency = currency || rule.regions[tag.region] || '';
  }
  if (!currency && bare) currency = rule.languages[first] || '';
  for (j = 0; !currency && j < browserTags.length; j += 1) currency = rule.regions[parts(browserTags[j]).region] || '';
  currency = currency || rule.languages[lang] || rule.first;
  var shown = document.querySelector('#claim-currency option');
  if (shown && shown.value !== currency) { shown.value = currency; shown.textContent = currency; }
  var hint = document.getElementById('claim-claimed-amount-hint');
  if (hint && rule.whole.indexOf(currency) >= 0) hint.textContent = hint.textContent.replace(/1\\D?234\\D50/, '1234');
  // The app that never starts (its files not loaded, no WebAssembly), or that stops (a
  // trap in the wasm): said at the top, rather than a page that looks alive and is not.
  var said = false, started = false;
  function say(key) {
    if (said) return;
    said = true;
    var alert = document.createElement('p');
    alert.className = 'boot-error';
    alert.setAttribute('role', 'alert');
    alert.textContent = ${JSON.stringify(BOOT)}[lang][key];
    document.body.insertBefore(alert, document.body.firstChild);
  }
  // Only the page's own scripts count: a browser extension's script in the page (its
  // errors name its own address, or none) must not say that the page failed.
  function ours(address) { return String(address || '').indexOf(location.origin + '/') === 0; }
  addEventListener('TrunkApplicationStarted', function () { started = true; });
  addEventListener('error', function (event) {
    if (typeof WebAssembly === 'object' && event.error instanceof WebAssembly.RuntimeError) say(started ? 'stopped' : 'failed');
    else if (started) return;
    else if (event instanceof ErrorEvent ? ours(event.filename) : event.target && event.target.tagName === 'SCRIPT' && (!event.target.src || ours(event.target.src))) say('failed');
  }, true);
  // The wasm refused by this browser, should its rejection go unhandled.
  addEventListener('unhandledrejection', function (event) {
    if (!started && typeof WebAssembly === 'object' && (event.reason instanceof WebAssembly.CompileError || event.reason instanceof WebAssembly.LinkError)) say('failed');
  });
  if (typeof WebAssembly !== 'object') say('failed');
})();`;

/** The first view of the page at `url` in `locale`: its top-level elements' markup. */
async function renderedView(browser, url, locale) {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(url);
    // Rendered by the app (not the copy of an earlier build), the claims listed, the
    // storage answered: the view as it settles on a fresh device.
    await page.waitForFunction(() => !document.querySelector('[data-prerendered]') && document.querySelector('li.claim-row') && document.querySelector('.storage-line[data-persisted]'), null, { timeout: 30_000 });
    // Then every part rendered: the app's renderer yields to the browser after about
    // 16 ms of work, so on a slow machine the last parts came after two frames, and the
    // copy of one language lacked Build package (its journeys then saw the page jump).
    // Settled: nothing in the page changed for 300 ms (10 s at most).
    await page.evaluate(
      () =>
        new Promise((resolve) => {
          let quiet;
          const done = () => {
            observer.disconnect();
            resolve();
          };
          const settle = () => {
            clearTimeout(quiet);
            quiet = setTimeout(done, 300);
          };
          const observer = new MutationObserver(settle);
          observer.observe(document.documentElement, { subtree: true, childList: true, attributes: true, characterData: true });
          settle();
          setTimeout(done, 10_000);
        }),
    );
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    if (errors.length) throw new Error(`the page failed while rendering: ${errors.join('; ')}`);
    return await page.evaluate(({ blank, volatile }) => {
      // What the app set as properties, written as the attributes markup carries: the
      // values shown in fields and the option shown by each list.
      for (const input of document.querySelectorAll('input')) {
        if (input.type === 'checkbox' || input.type === 'radio') input.toggleAttribute('checked', input.checked);
        else if (input.type !== 'file' && input.value) input.setAttribute('value', input.value);
      }
      for (const area of document.querySelectorAll('textarea')) area.textContent = area.value;
      for (const select of document.querySelectorAll('select')) {
        for (const [at, option] of [...select.options].entries()) option.toggleAttribute('selected', at === select.selectedIndex);
      }
      const kept = [];
      for (const element of document.body.children) {
        if (['SCRIPT', 'NOSCRIPT', 'TEMPLATE'].includes(element.tagName)) continue;
        const copy = element.cloneNode(true);
        for (const emptied of copy.querySelectorAll(blank.join(','))) {
          emptied.textContent = '\u00a0';
          emptied.setAttribute('aria-hidden', 'true');
        }
        for (const unseen of copy.querySelectorAll(volatile.join(','))) unseen.setAttribute('data-volatile', '');
        // What the first view does not show, left to the app: a list's other options, a
        // closed disclosure's contents.
        for (const option of copy.querySelectorAll('select option:not([selected])')) option.remove();
        for (const details of copy.querySelectorAll('details:not([open])')) {
          for (const child of [...details.children]) if (child.tagName !== 'SUMMARY') child.remove();
        }
        for (const answered of copy.querySelectorAll('[data-persisted]')) answered.removeAttribute('data-persisted');
        copy.setAttribute('data-prerendered', '');
        copy.setAttribute('inert', '');
        copy.setAttribute('aria-hidden', 'true');
        kept.push(copy.outerHTML);
      }
      return kept.join('\n');
    }, { blank: BLANK, volatile: VOLATILE });
  } finally {
    await context.close();
  }
}

/**
 * Renders the built page in `dir` (index.html already final but for its first view) in
 * each language; resolves to the markup to put at the start of <body>: one template per
 * language and the chooser script.
 */
export async function prerender(dir) {
  const server = await startServer({ dir });
  const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  let browser;
  try {
    browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  } catch (error) {
    await server.close();
    throw new Error(`cannot start Chromium at ${executablePath} to render the first view (run scripts/setup.sh, or set CHROMIUM_PATH): ${error.message}`);
  }
  try {
    const views = [];
    for (const [lang, locale] of Object.entries(LANGUAGES)) {
      const view = await renderedView(browser, server.url, locale);
      if (!view.includes('<header')) throw new Error(`the ${lang} first view has no header: ${view.slice(0, 200)}`);
      views.push(`<template id="first-view-${lang}" data-first-view>${view}</template>`);
    }
    return views;
  } finally {
    await browser.close();
    await server.close();
  }
}
