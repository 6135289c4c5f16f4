// Served as a static host serves the build: each file precompressed beside it (`.br`,
// `.gz`), sent by the request's Accept-Encoding with the right Content-Encoding and
// media type; hashed names cached for a year, everything else revalidated.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { DIST, serveDist } from './harness.mjs';

let server;
before(async () => {
  server = await serveDist();
});
after(async () => {
  await server?.close();
});

const get = (name, encoding) => fetch(new URL(name, server.url), { headers: encoding ? { 'Accept-Encoding': encoding } : {} });

test('every text and wasm file has its .br and .gz beside it, and each decompresses to the file', async () => {
  const names = (await readdir(DIST)).filter((name) => /\.(html|js|wasm|css)$/.test(name));
  assert.ok(names.some((name) => name.endsWith('.wasm')));
  for (const name of names) {
    const original = await readFile(path.join(DIST, name));
    assert.deepEqual(brotliDecompressSync(await readFile(path.join(DIST, `${name}.br`))), original, `${name}.br`);
    assert.deepEqual(gunzipSync(await readFile(path.join(DIST, `${name}.gz`))), original, `${name}.gz`);
  }
});

test('the server sends brotli, then gzip, then the file itself, with the file type kept', async () => {
  const wasm = (await readdir(DIST)).find((name) => /^coop-claim-preflight-[0-9a-f]+_bg\.wasm$/.test(name));
  const original = await readFile(path.join(DIST, wasm));
  const cases = [
    ['gzip, deflate, br, zstd', 'br', brotliDecompressSync],
    ['gzip, deflate', 'gzip', gunzipSync],
    ['', null, (body) => body],
  ];
  for (const [accept, encoding, decode] of cases) {
    // Node's fetch decodes what it can by itself: read the raw bytes through a HEAD and
    // a request that asks for exactly one encoding.
    const head = await fetch(new URL(wasm, server.url), { method: 'HEAD', headers: { 'Accept-Encoding': accept } });
    assert.equal(head.headers.get('content-type'), 'application/wasm', accept);
    assert.equal(head.headers.get('content-encoding'), encoding, accept);
    assert.equal(head.headers.get('vary'), 'Accept-Encoding');
    if (encoding) {
      const size = Number(head.headers.get('content-length'));
      const copy = await readFile(path.join(DIST, `${wasm}.${encoding === 'br' ? 'br' : 'gz'}`));
      assert.equal(size, copy.length, `${accept}: the precompressed copy is sent`);
      assert.deepEqual(decode(copy), original);
      assert.ok(size < original.length / 2, `${accept}: ${size} bytes for ${original.length}`);
    } else {
      assert.equal(Number(head.headers.get('content-length')), original.length);
    }
  }
});

// A worker takes its policy from its script's response, not from the page's <meta>.
test("a script's response carries a worker's policy: this site only; the page's keeps its own <meta>", async () => {
  const names = await readdir(DIST);
  const workers = names.filter((name) => /^package-worker-[0-9a-f]+(_loader)?\.js$/.test(name));
  assert.equal(workers.length, 2, workers.join(' '));
  for (const name of workers) {
    const policy = (await get(name)).headers.get('content-security-policy');
    assert.equal(policy, "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; frame-ancestors 'none'", name);
  }
  assert.equal((await get('')).headers.get('content-security-policy'), "frame-ancestors 'none'");
});

test('hashed names are cached for a year; the page, its service worker and snippets are revalidated', async () => {
  const names = await readdir(DIST);
  const hashed = names.filter((name) => /^coop-claim-preflight-[0-9a-f]+(_bg)?\.(js|wasm)$/.test(name) || /^package-worker-[0-9a-f]+/.test(name));
  assert.ok(hashed.length >= 4, hashed.join(', '));
  for (const name of hashed.filter((n) => !/\.(br|gz)$/.test(n))) {
    assert.equal((await get(name)).headers.get('cache-control'), 'public, max-age=31536000, immutable', name);
  }
  for (const name of ['', 'index.html', 'sw.js', 'manifest.webmanifest']) {
    assert.equal((await get(name)).headers.get('cache-control'), 'no-cache', name || '/');
  }
});

// A target starting with `//` (read as a host by `new URL` against a base) is a path, as
// a host merging slashes has it: it ended the server, then every such target was the
// site's page, its scripts HTML. One that is no URL at all is refused, and the server
// goes on.
test('a target starting with "//" is the path it names, and one that is no URL gets 400', async () => {
  const { request } = await import('node:http');
  const url = new URL(server.url);
  const ask = (target) =>
    new Promise((resolve, reject) => {
      const asked = request({ host: url.hostname, port: url.port, path: target, method: 'GET' }, (response) => {
        response.resume();
        resolve([response.statusCode, response.headers['content-type']]);
      });
      asked.on('error', reject);
      asked.end();
    });
  assert.equal((await ask('//'))[0], 200, 'the page, as at /');
  assert.deepEqual(await ask('//nothing.js'), [404, 'text/plain; charset=utf-8']);
  assert.equal((await ask('//sw.js'))[1], 'text/javascript; charset=utf-8');
  assert.equal((await ask('http://[bad'))[0], 400);
  assert.equal((await get('index.html')).status, 200);
});

// An encoding refused with q=0 is not sent (a proxy or tool may say so; browsers do not).
test('an encoding the request refuses with q=0 is not sent', async () => {
  const wasm = (await readdir(DIST)).find((name) => /^coop-claim-preflight-[0-9a-f]+_bg\.wasm$/.test(name));
  for (const [accept, encoding] of [['br;q=0, gzip', 'gzip'], ['br;q=0, gzip;q=0', null], ['gzip;q=0.5, br;q=1.0', 'br'], ['BR', 'br'], ['x-br, gzip', 'gzip']]) {
    const head = await fetch(new URL(wasm, server.url), { method: 'HEAD', headers: { 'Accept-Encoding': accept } });
    assert.equal(head.headers.get('content-encoding'), encoding, accept);
  }
});

// A folder's address without its slash is sent on to it, as static hosts do: its page
// served there named its files beside the folder (404s), and its service worker too.
test("a folder's address without its slash moves to it, its query kept; a file's never", async () => {
  const { mkdtemp, cp, rm, mkdir, symlink } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { startServer } = await import('../../scripts/serve.mjs');
  const site = await mkdtemp(path.join(tmpdir(), 'preflight-folder-'));
  await mkdir(path.join(site, 'tools'));
  await cp(path.join(DIST, 'index.html'), path.join(site, 'tools', 'index.html'));
  const outside = await mkdtemp(path.join(tmpdir(), 'preflight-outside-'));
  await symlink(outside, path.join(site, 'elsewhere'));
  const served = await startServer({ dir: site, port: 0 });
  try {
    const moved = await fetch(new URL('tools?from=mail', served.url), { redirect: 'manual' });
    assert.equal(moved.status, 301);
    assert.equal(moved.headers.get('location'), '/tools/?from=mail');
    // A path that reads as `//tools` moves to this site's folder, not to a host named tools.
    const { request } = await import('node:http');
    const { port } = new URL(served.url);
    const location = await new Promise((resolve, reject) => {
      request({ host: '127.0.0.1', port, path: '/.//tools' }, (answer) => {
        answer.resume();
        resolve(answer.headers.location);
      })
        .on('error', reject)
        .end();
    });
    assert.equal(location, '/tools/');
    assert.equal((await fetch(new URL('tools/', served.url), { redirect: 'manual' })).status, 200);
    assert.equal((await fetch(new URL('tools/index.html', served.url), { redirect: 'manual' })).status, 200);
    // A folder reached by a link out of the served one is not there at all.
    assert.equal((await fetch(new URL('elsewhere', served.url), { redirect: 'manual' })).status, 404);
  } finally {
    await served.close();
    await rm(site, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  }
});
