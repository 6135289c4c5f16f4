// Works offline after one visit, under its Content-Security-Policy, asking nothing of
// any other origin; installable (web app manifest).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, journey as defineJourney, useBrowser } from './harness.mjs';

const env = useBrowser({ before, after });
// The policy is enforced in these tests (the others bypass it to inject axe).
const journey = (name, body) => defineJourney(test, env, name, body, { bypassCSP: false });
const button = (page, name) => page.getByRole('button', { name, exact: true });

journey('the page declares a policy that allows no other origin, and runs under it', async (page) => {
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.match(policy, /(^|; )connect-src 'self'(;|$)/);
  assert.match(policy, /(^|; )default-src 'self'(;|$)/);
  assert.doesNotMatch(policy, /unsafe-inline|\*|https?:/);
  // The app rendered under the policy (the journey fails on any console error, which
  // is where violations are reported).
  await button(page, 'Load example claim').click();
  await page.getByText('Ready to submit: no blockers.').waitFor();
  const manifest = await page.evaluate(async () => (await fetch(document.querySelector('link[rel="manifest"]').href)).json());
  assert.equal(manifest.name, 'Co-op Claim Preflight');
  assert.equal(manifest.display, 'standalone');
});

journey('after one visit the page opens and builds a package with the network off', async (page, app) => {
  // Wait until the service worker controls the page (first visit: it installs).
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    }
  });
  // The service worker cached the package worker too, though the page has not used it.
  const cached = await page.evaluate(async () => {
    const names = [];
    for (const key of await caches.keys()) names.push(...(await (await caches.open(key)).keys()).map((request) => request.url));
    return names;
  });
  for (const file of [/package-worker-[0-9a-f]+_loader\.js$/, /package-worker-[0-9a-f]+\.js$/, /package-worker-[0-9a-f]+_bg\.wasm$/, /\/js\/inflate\.js$/]) {
    assert.ok(cached.some((url) => file.test(url)), `the service worker caches ${file}`);
  }
  await app.context.setOffline(true);
  await page.reload();
  await button(page, 'Load example claim').click();
  await eventually(async () => assert.equal(await page.locator('li.document .facts', { hasText: 'SHA-256' }).count(), 7));
  const [download] = await Promise.all([page.waitForEvent('download'), button(page, 'Build package').click()]);
  assert.match(download.suggestedFilename(), /^contoso-cloud-security-webinar-\d{4}-\d{2}-\d{2}\.zip$/);
  // Built offline by the package worker, started for the first time from the cache.
  assert.ok(page.workers().some((worker) => /package-worker-/.test(worker.url())), 'the package worker ran');
  await app.context.setOffline(false);
});
