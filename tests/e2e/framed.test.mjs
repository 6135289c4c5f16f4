// The page never runs inside another site's page: the server forbids the frame, and the
// page itself refuses to run framed for hosts that do not send that header.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, launchBrowser, serveDist } from './harness.mjs';

let server;
let browser;
before(async () => {
  server = await serveDist();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** A page of another origin (about:blank) that frames ours. */
async function framing(context) {
  const page = await context.newPage();
  await page.setContent(`<iframe title="framed" src="${server.url}" width="800" height="600"></iframe>`);
  return page;
}

test('the server forbids framing (frame-ancestors and X-Frame-Options)', { timeout: 60_000 }, async () => {
  const response = await fetch(server.url);
  assert.equal(response.headers.get('content-security-policy'), "frame-ancestors 'none'");
  assert.equal(response.headers.get('x-frame-options'), 'DENY');
  const context = await browser.newContext();
  try {
    const page = await framing(context);
    await page.waitForTimeout(1500);
    const frame = page.frames().find((f) => f !== page.mainFrame());
    const controls = frame ? await frame.locator('button').count().catch(() => 0) : 0;
    assert.equal(controls, 0, 'nothing of the app inside the frame');
  } finally {
    await context.close();
  }
});

test('served without that header, the page refuses to run framed and offers to open on its own', { timeout: 60_000 }, async () => {
  const context = await browser.newContext({ locale: 'en-US' });
  try {
    // A host that sends no frame header: strip ours.
    await context.route(`${server.url}**`, async (route) => {
      const response = await route.fetch();
      const headers = { ...response.headers() };
      delete headers['content-security-policy'];
      delete headers['x-frame-options'];
      await route.fulfill({ response, headers });
    });
    const page = await framing(context);
    const frame = await eventually(async () => {
      const found = page.frames().find((f) => f.url().startsWith(server.url));
      assert.ok(found, 'the frame loaded');
      return found;
    });
    await frame.getByText("Co-op Claim Preflight does not run inside another site's page").waitFor();
    const link = frame.getByRole('link', { name: 'Open Co-op Claim Preflight on its own' });
    assert.equal(await link.getAttribute('target'), '_top');
    assert.equal(await frame.getByRole('button', { name: 'Load example claim' }).count(), 0, 'no app, no claims');
  } finally {
    await context.close();
  }
});
