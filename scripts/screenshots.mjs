// Full-page screenshots of the example claim beside a second claim, for review and the README.
//
//   node scripts/screenshots.mjs OUTDIR
//
// Writes <view>-<language>.png for every view and language below. E2E_DIST and
// CHROMIUM_PATH work as in the browser tests.

import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { launchBrowser, openPage, serveDist } from '../tests/e2e/harness.mjs';

// The example button is found by its name, which is translated.
const LANGUAGES = {
  en: { locale: 'en-US', loadExample: 'Load example claim', newClaim: 'New claim', other: 'Spring partner summit booth' },
  fr: { locale: 'fr-FR', loadExample: "Charger l'exemple de demande", newClaim: 'Nouvelle demande', other: 'Stand au sommet partenaires de printemps' },
};

const VIEWS = [
  { name: 'desktop', viewport: { width: 1280, height: 800 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
  { name: 'desktop-dark', viewport: { width: 1280, height: 800 }, colorScheme: 'dark' },
];

const outdir = process.argv[2];
if (!outdir) {
  console.error('usage: node scripts/screenshots.mjs OUTDIR');
  process.exit(2);
}

let server;
let browser;
try {
  server = await serveDist();
  await mkdir(outdir, { recursive: true });
  browser = await launchBrowser();
  for (const [language, { locale, loadExample, newClaim, other }] of Object.entries(LANGUAGES)) {
    for (const { name, viewport, colorScheme } of VIEWS) {
      const { page, close } = await openPage(browser, server.url, {
        locale,
        viewport,
        colorScheme,
        readyButton: loadExample,
      });
      try {
        // A second claim, with a nearer deadline than the example's, so the list has two.
        await page.getByRole('button', { name: newClaim, exact: true }).click();
        await page.locator('#claim-title').fill(other);
        const usageEnd = new Date();
        usageEnd.setDate(usageEnd.getDate() - 35);
        await page.locator('#claim-usage-end').fill(usageEnd.toISOString().slice(0, 10));
        await page.getByRole('button', { name: loadExample, exact: true }).click();
        await page.locator('li.claim-row').nth(1).waitFor();
        // Let the example render fully; findings and dates follow the form in one pass.
        await page.waitForLoadState('networkidle');
        // The example's documents are read and hashed: wait until each shows its checksum.
        await page.waitForFunction(() => document.querySelectorAll('li.document .facts').length > 0 && [...document.querySelectorAll('li.document .facts')].every((e) => e.textContent.includes('SHA-256')));
        await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
        const file = path.join(outdir, `${name}-${language}.png`);
        await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
        console.log(`wrote ${file}`);
      } finally {
        await close();
      }
    }
  }
} catch (error) {
  console.error(`screenshots: ${error.message}`);
  process.exitCode = 1;
} finally {
  await browser?.close();
  await server?.close();
}
