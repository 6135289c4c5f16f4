// Trunk post-build step (Trunk.toml [[hooks]]), run on the staged build:
// - writes every JS module compact, the same code without comments and layout;
// - writes this build's file list and version into sw.js, so the service worker caches
//   exactly the app shell and a new build is a new worker;
// - adds the Content-Security-Policy to index.html, with the hash of the one inline
//   script Trunk writes (the wasm loader), so that nothing else can run and the page can
//   connect to nothing but its own origin;
// - names the package worker's files by their content, as Trunk names the page's (it
//   names a worker's by its binary only), and tells the page the worker's module in a
//   <meta name="package-worker">: the page starts the worker on first use, so nothing of
//   it is fetched, or preloaded, with the page.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * `text` with `from` (text, or a pattern) replaced by `to` once, `to` taken as it is (no
 * `$&` of a string replacement). The build stops when `text` lacks `from`: a page
 * without its policy, its worker's name or its first view, or a service worker without
 * its file list, would ship and fail only in the browser.
 */
function replaceOnce(text, from, to, where) {
  if (typeof from === 'string' ? !text.includes(from) : !from.test(text)) {
    console.error(`post-build: ${where} does not hold ${from}`);
    process.exit(1);
  }
  return text.replace(from, () => to);
}

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('post-build: TRUNK_STAGING_DIR is not set (run through trunk build)');
  process.exit(1);
}

const indexPath = path.join(dir, 'index.html');
let index = await readFile(indexPath, 'utf8');

// The package worker's module, as Trunk names its files (named by their content below).
const WORKER = 'package-worker';

// Every JS module of the build ships compact: without comments (written for the next
// developer, they were half of each of the page's own modules) and without the
// whitespace of its layout. Each is parsed (acorn) and written again from its syntax tree
// (escodegen), and is kept so only if what was written parses to the same tree: the code
// the browser runs is the code that was written. A module that cannot be made so (syntax
// escodegen does not know, such as class fields) ships as it is, said here; the size
// budget then says what it costs. The first view lost 1.9 KB gzipped so (storage.js 4.8
// → 4.3 KB, wasm-bindgen's glue 10.7 → 9.3 KB), the package worker 0.7 KB. Made before
// anything is named by its content or given an integrity hash: a preload's integrity is
// made anew here, and the page's glue, which Trunk names by what wasm-bindgen wrote, is
// named by its bytes now (a name kept a year must never hold other bytes).
{
  const acorn = await import('acorn');
  const { default: escodegen } = await import('escodegen');
  const options = { ecmaVersion: 'latest', sourceType: 'module' };
  // The tree without positions, and without literals' spelling (`'a'` and `"a"` are one
  // value; a template's spelling stays, since a tag reads it). A BigInt as its digits.
  const shape = (tree) =>
    JSON.stringify(tree, function (key, value) {
      if (key === 'start' || key === 'end' || (key === 'raw' && this.type === 'Literal')) return undefined;
      return typeof value === 'bigint' ? `${value}n` : value;
    });
  const compact = (source) => {
    try {
      const tree = acorn.parse(source, options);
      const code = escodegen.generate(tree, { format: { compact: true, semicolons: false } });
      return shape(acorn.parse(code, options)) === shape(tree) ? { code } : { why: 'written again, it is not the same code' };
    } catch (error) {
      return { why: error.message };
    }
  };
  const modules = (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile() && entry.name.endsWith('.js') && entry.name !== 'sw.js')
    .map((entry) => path.join(entry.parentPath ?? entry.path, entry.name));
  for (const file of modules) {
    let name = path.relative(dir, file).split(path.sep).join('/');
    const { code, why } = compact(await readFile(file, 'utf8'));
    if (why) {
      console.warn(`post-build: ${name} ships as it is: it cannot be made compact surely (${why})`);
      continue;
    }
    await writeFile(file, code);
    // The page's glue (`<crate>-<hash>.js`, beside `<crate>-<hash>_bg.wasm`): named by
    // its bytes.
    // (Trunk writes its hash without leading zeros: 15 digits, or fewer, at times.)
    const glue = /^([\w-]+)-[0-9a-f]{1,16}\.js$/.exec(name);
    if (existsSync(file.replace(/\.js$/, '_bg.wasm')) && !name.startsWith(WORKER) && !(glue && index.includes(`./${name}`))) {
      console.error(`post-build: ${name}: a glue of wasm-bindgen not named as Trunk names the page's, or not in index.html; it would keep a name that is not its bytes`);
      process.exit(1);
    }
    if (glue && existsSync(file.replace(/\.js$/, '_bg.wasm')) && index.includes(`./${name}`)) {
      const renamed = `${glue[1]}-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.js`;
      await writeFile(path.join(dir, renamed), code);
      if (renamed !== name) await rm(file);
      index = index.split(`./${name}`).join(`./${renamed}`);
      name = renamed;
    }
    // Preloaded by the page: its integrity is this file's now.
    const href = `./${name}`;
    if (index.includes(`href="${href}"`)) {
      const preload = new RegExp(`(<link rel="modulepreload" href="${href.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*integrity=")[^"]+"`);
      if (!preload.test(index)) {
        console.error(`post-build: ${name}: its preload in index.html has no integrity to make anew`);
        process.exit(1);
      }
      index = index.replace(preload, `$1sha384-${createHash('sha384').update(code).digest('base64')}"`);
    }
  }
}

{
  const [glue, wasm, loader] = await Promise.all(
    [`${WORKER}.js`, `${WORKER}_bg.wasm`, `${WORKER}_loader.js`].map((name) => readFile(path.join(dir, name))),
  );
  const hashed = `${WORKER}-${createHash('sha256').update(glue).update(wasm).digest('hex').slice(0, 16)}`;
  const glueCode = replaceOnce(glue.toString('utf8'), `${WORKER}_bg.wasm`, `${hashed}_bg.wasm`, `${WORKER}.js`);
  const loaderCode = replaceOnce(loader.toString('utf8'), `./${WORKER}.js`, `./${hashed}.js`, `${WORKER}_loader.js`);
  await writeFile(path.join(dir, `${hashed}.js`), glueCode);
  await writeFile(path.join(dir, `${hashed}_bg.wasm`), wasm);
  await writeFile(path.join(dir, `${hashed}_loader.js`), loaderCode);
  await Promise.all([`${WORKER}.js`, `${WORKER}_bg.wasm`, `${WORKER}_loader.js`].map((name) => rm(path.join(dir, name))));
  index = replaceOnce(index, '<meta charset="utf-8">', `<meta charset="utf-8">\n  <meta name="package-worker" content="./${hashed}_loader.js">`, 'index.html');
  // Trunk preloads every JS snippet of the crate; the page's own code imports only some
  // (the worker's, such as js/inflate.js, are for the worker): the others go.
  const pageCode = (await readdir(dir)).filter((name) => name.endsWith('.js') && !name.startsWith(WORKER) && name !== 'sw.js');
  const pageText = (await Promise.all(pageCode.map((name) => readFile(path.join(dir, name), 'utf8')))).join('\n');
  // (Named from the page, `./snippets/…`: the build can be hosted in any folder.)
  const preloads = /<link rel="modulepreload" href="(?:\.\/|\/)(snippets\/[^"]+)"[^>]*>/g;
  if (![...index.matchAll(preloads)].length) {
    console.error('post-build: Trunk\'s preloads of the JS snippets are not as expected');
    process.exit(1);
  }
  index = index.replace(preloads, (link, snippet) => (pageText.includes(snippet) ? link : ''));
}
// The app's wasm is fetched once the first view (below) is on screen, not alongside the
// HTML and style sheet: on a slow link the 300 KB would otherwise share it with the style
// sheet that the first paint waits for, and the app would replace the first view before
// it was ever shown. Trunk's preload of the wasm goes, and its loader waits for the first
// contentful paint to be reported (or 500 ms: a tab in the background paints nothing).
{
  const preload = /<link rel="preload" href="[^"]+_bg\.wasm"[^>]*>/;
  const start = 'const wasm = await init(';
  const waited = `await new Promise((resolve) => {
  const painted = (entries) => entries.some((entry) => entry.name === 'first-contentful-paint');
  if (painted(performance.getEntriesByType('paint'))) return resolve();
  new PerformanceObserver((list, observer) => { if (painted(list.getEntries())) { observer.disconnect(); resolve(); } }).observe({ type: 'paint' });
  setTimeout(resolve, 500);
});
${start}`;
  index = replaceOnce(replaceOnce(index, preload, '', "index.html (Trunk's wasm preload)"), start, waited, "index.html (Trunk's wasm loader)");
}

// The first view's language chooser (scripts/prerender.mjs), hashed into the CSP below.
{
  const { CHOOSER } = await import('./prerender.mjs');
  index = replaceOnce(index, /<body>\s*/, `<body>\n  <script>${CHOOSER}</script>\n  `, 'index.html');
}
const inline = [...index.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((match) => match[1]);
const hashes = inline.map((code) => `'sha256-${createHash('sha256').update(code).digest('base64')}'`);
const policy = [
  "default-src 'self'",
  `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`.trim(),
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
index = replaceOnce(index, '<meta charset="utf-8">', `<meta charset="utf-8">\n  <meta http-equiv="Content-Security-Policy" content="${policy}">`, 'index.html');
await writeFile(indexPath, index);

// The first view as HTML, rendered by the app itself in headless Chromium, in each
// language (scripts/prerender.mjs), so that the page shows before the wasm runs.
{
  const { prerender } = await import('./prerender.mjs');
  const views = await prerender(dir);
  index = replaceOnce(index, '<body>\n  <script>', `<body>\n  ${views.join('\n  ')}\n  <script>`, 'index.html');
  await writeFile(indexPath, index);
  console.log(`post-build: first view rendered into index.html (${views.length} languages, ${Math.round(views.join('').length / 1024)} KB)`);
}

// Every file of the build, in subfolders too (wasm-bindgen's JS snippets).
const files = (await readdir(dir, { recursive: true, withFileTypes: true }))
  .filter((entry) => entry.isFile())
  .map((entry) => path.relative(dir, path.join(entry.parentPath ?? entry.path, entry.name)))
  .filter((name) => name !== 'sw.js' && !name.split(path.sep).some((part) => part.startsWith('.')))
  .map((name) => name.split(path.sep).join('/'))
  .sort();
const version = createHash('sha256');
// Each file's digest but the page's, as Subresource Integrity writes it: the service
// worker caches a file only if its bytes are this build's (a host half way through
// uploading a new build, or a shared cache keeping the last one's, serves files of two
// builds under these names). The page is left out: hosts rewrite HTML (a snippet, an
// analytics tag); the worker checks it names this build's files instead.
const integrity = {};
for (const name of files) {
  const bytes = await readFile(path.join(dir, name));
  version.update(name).update(bytes);
  if (name !== 'index.html') integrity[`./${name}`] = `sha256-${createHash('sha256').update(bytes).digest('base64')}`;
}
const worker = path.join(dir, 'sw.js');
const code = replaceOnce(
  replaceOnce(
    replaceOnce(await readFile(worker, 'utf8'), '__BUILD_VERSION__', version.digest('hex').slice(0, 16), 'sw.js'),
    '__SHELL_FILES__',
    JSON.stringify(files.map((name) => `./${name}`)),
    'sw.js',
  ),
  '__SHELL_INTEGRITY__',
  JSON.stringify(integrity),
  'sw.js',
);
await writeFile(worker, code);
console.log(`post-build: CSP with ${hashes.length} inline script hash(es); sw.js caches ${files.length} files`);

// Precompressed copies beside each text and wasm file, as a static host serves them
// (`scripts/serve.mjs` picks `.br`, then `.gz`, by the request's Accept-Encoding). Made
// last: they are not part of the service worker's list (it fetches through the server,
// which sends the compressed copy of each file with the right Content-Encoding).
// The gzip copies are made by Zopfli, a compressor that writes ordinary gzip (every
// browser and tool reads it) 4-5% smaller than zlib's level 9, at the cost of time
// here: 5 iterations, about 2 s for each wasm (15 iterations: 0.01% smaller, 3 s;
// measured in ARCHITECTURE.md, "Size").
{
  const { brotliCompressSync, constants } = await import('node:zlib');
  const { gzipAsync } = await import('@gfx/zopfli');
  for (const name of [...files, 'sw.js']) {
    if (!/\.(html|js|mjs|wasm|css|svg|webmanifest|json)$/.test(name)) continue;
    const body = await readFile(path.join(dir, name));
    await writeFile(path.join(dir, `${name}.gz`), await gzipAsync(body, { numiterations: 5 }));
    await writeFile(
      path.join(dir, `${name}.br`),
      brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
    );
  }
}
