// Reports the first view's transfer (HTML, JS, wasm, CSS: what the page loads to render)
// gzipped, as a host sends the build's .gz copies, and fails when it is over budget. What the first view loads is found by
// following the names each file mentions, from index.html; the package worker (named in
// index.html's <meta name="package-worker">, started when the first document is added or
// a package or backup is first built or opened) and what it loads are listed apart, as "loaded on first use". The
// icon, the web app manifest and the service worker are fetched too but are not needed
// to render; they are listed apart as well.
// Usage: node scripts/size.mjs [dist] [budget-kb]
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { brotliCompressSync, constants, gunzipSync, gzipSync } from 'node:zlib';

const dir = process.argv[2] ?? 'dist';
// 441.0 KB: the first view as measured (439.8 KB), gzipped as the build ships it (Zopfli),
// rounded up with room for Zopfli's few tenths either way, so that nothing grows unseen.
// A change that adds to the first view raises this budget, its commit saying what the
// bytes bought (the log of this line says how the first view grew). What it holds,
// and why not 200 KB: ARCHITECTURE.md, "Size".
const budgetKb = Number(process.argv[3] ?? 441.0);
const WORKER = /^package-worker-/;
const code = (name) => /\.(html|js|wasm|css)$/.test(name) && name !== 'sw.js';

// Every file of the build, in subfolders too (wasm-bindgen's JS snippets).
const all = readdirSync(dir, { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile())
  .map((entry) => relative(dir, join(entry.parentPath ?? entry.path, entry.name)).split(sep).join('/'))
  .filter((name) => !name.split('/').some((part) => part.startsWith('.')))
  // The precompressed copies are the same files, served instead of them.
  .filter((name) => !/\.(br|gz)$/.test(name))
  .sort();

/** The files reached from `starts` by the names that HTML and JS files mention. */
function reached(starts, skip) {
  const found = new Set(starts);
  const queue = [...starts];
  while (queue.length) {
    const name = queue.pop();
    if (!/\.(html|js)$/.test(name)) continue;
    const text = readFileSync(join(dir, name), 'utf8');
    for (const other of all) {
      if (!found.has(other) && !skip(other) && text.includes(other.includes('/') ? other : basename(other))) {
        found.add(other);
        queue.push(other);
      }
    }
  }
  return found;
}

const firstView = reached(['index.html'], (name) => WORKER.test(name) || !code(name));
const firstUse = reached(
  all.filter((name) => WORKER.test(name) && name.endsWith('_loader.js')),
  (name) => firstView.has(name) || !code(name),
);

const line = (name, bytes, packed, note = '') =>
  console.log(`${(bytes / 1024).toFixed(1).padStart(8)} KB ${(packed / 1024).toFixed(1).padStart(8)} KB gzipped  ${name}${note}`);
// A file's size, and its size as a host sends it gzipped: the .gz copy the build wrote
// beside it (Zopfli, scripts/post-build.mjs). A file without one is an error: a host
// would compress it on the fly, and the figure would not be the build's.
const sizes = (name) => {
  const bytes = readFileSync(join(dir, name));
  let packed;
  try {
    packed = readFileSync(join(dir, `${name}.gz`));
  } catch {
    console.error(`${name} has no .gz copy beside it: build with trunk (its post-build step writes them)`);
    process.exit(1);
  }
  if (!gunzipSync(packed).equals(bytes)) {
    console.error(`${name}.gz does not hold ${name}: build again`);
    process.exit(1);
  }
  return [bytes.length, packed.length];
};
/** The same files compressed by zlib's gzip, level 9 (a host compressing on the fly). */
const zlibGzipped = (names) => names.reduce((sum, name) => sum + gzipSync(readFileSync(join(dir, name)), { level: 9 }).length, 0);
const total = (names, label) => {
  let [raw, gzipped] = [0, 0];
  for (const name of names) {
    const [bytes, packed] = sizes(name);
    raw += bytes;
    gzipped += packed;
    line(name, bytes, packed);
  }
  line(label, raw, gzipped);
  return gzipped;
};

for (const name of all.filter((name) => !firstView.has(name) && !firstUse.has(name))) {
  line(name, ...sizes(name), ' (not needed to render)');
}
console.log('loaded on first use (Build package, Open package):');
total([...firstUse].sort(), 'package worker, total');
console.log('the first view:');
const gzipped = total([...firstView].sort(), `total (budget ${budgetKb} KB gzipped)`);
// What a host serving the build's .br copies sends (the budget stays on gzip, which every
// host can serve).
const brotli = [...firstView].reduce(
  (sum, name) => sum + brotliCompressSync(readFileSync(join(dir, name)), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  0,
);
console.log(`${(brotli / 1024).toFixed(1).padStart(19)} KB with brotli (the build's .br copies)`);
console.log(`${(zlibGzipped([...firstView]) / 1024).toFixed(1).padStart(19)} KB gzipped by zlib at level 9 (a host compressing on the fly)`);
if (gzipped > budgetKb * 1024) {
  console.error(`the first view is over its budget of ${budgetKb} KB gzipped`);
  process.exit(1);
}
