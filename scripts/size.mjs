// Reports the first view's transfer (HTML, JS, wasm, CSS: what the page loads to render)
// gzipped, and fails when it is over budget. What the first view loads is found by
// following the names each file mentions, from index.html; the package worker (named in
// index.html's <meta name="package-worker">, started when the partner first builds or
// opens a package) and what it loads are listed apart, as "loaded on first use". The
// icon, the web app manifest and the service worker are fetched too but are not needed
// to render; they are listed apart as well.
// Usage: node scripts/size.mjs [dist] [budget-kb]
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dir = process.argv[2] ?? 'dist';
// 338 KB: the first view as measured (the package writer and reader in the package
// worker, and the features since: the backup's controls, then what the document reader
// found, kept with each document, its checks and its row markers, then the invoice facts
// and the branding check, then a claim's status, the grouped and searched list, the
// register and calendar exports and the usage period's funds and view, the list's filters, its folding and the rows' period funds, the dates of a submitted claim, then the first view as HTML in index.html, 5.9 KB, which
// shows the page before the wasm is fetched, then the byte stream reader of large files,
// then the first render in parts, 1.3 KB, which took the blocking time at start from
// about 55-167 ms to about 16),
// rounded up
// (ARCHITECTURE.md, "Size"). The way on to 200 KB is in ARCHITECTURE.md too.
const budgetKb = Number(process.argv[3] ?? 338);
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
const sizes = (name) => {
  const bytes = readFileSync(join(dir, name));
  return [bytes.length, gzipSync(bytes, { level: 9 }).length];
};
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
if (gzipped > budgetKb * 1024) {
  console.error(`the first view is over its budget of ${budgetKb} KB gzipped`);
  process.exit(1);
}
