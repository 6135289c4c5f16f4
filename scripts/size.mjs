// Reports the first view's transfer (HTML, JS, wasm, CSS: what the page loads to render)
// gzipped, as a host sends the build's .gz copies, and fails when it is over budget. What the first view loads is found by
// following the names each file mentions, from index.html; the package worker (named in
// index.html's <meta name="package-worker">, started when the partner first builds or
// opens a package) and what it loads are listed apart, as "loaded on first use". The
// icon, the web app manifest and the service worker are fetched too but are not needed
// to render; they are listed apart as well.
// Usage: node scripts/size.mjs [dist] [budget-kb]
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { brotliCompressSync, constants, gunzipSync, gzipSync } from 'node:zlib';

const dir = process.argv[2] ?? 'dist';
// 355 KB: the first view as measured, gzipped as the build ships it (Zopfli; 337.0 KB
// with zlib's level 9 before), rounded up, so that nothing grows unseen (322 until the
// hashing workers for large files, about 1.8 KB, a cost line held to its invoices together,
// 0.4 KB, Archive and Restore on the Submission card, 0.8 KB, and the caps per usage
// period counting the period's other claims, 0.8 KB; 326 until the list's rows counted
// them too, 0.3 KB, and the package was reviewed as the page reviews it, with the other
// claims and the partner's file size limit, 0.5 KB; 327 until a date field said when the
// browser holds a date the calendar does not have, 0.9 KB, and the program's numbers in
// help and summaries came from the profile, 0.3 KB; 328 until Open package named the
// files a package holds beyond its manifest, 0.9 KB; 329 until a document's file never
// saved was said on its row when the claim is shown, a deleted claim followed to its
// Remove, and a date field checked again when left, 0.8 KB; 330 until the invoice date
// said so too, 0.4 KB; 331 until each version of a claim kept its own file for a
// document of the same number, 1.3 KB, less 0.4 KB of one function for the files the
// page does not hold; 332 until the findings of two reviews of the page were fixed, among
// them a search finding accented capitals, a lock notice without its day, the printout's
// dates and status said as the cards say them, a Submitted on day still to come said so
// on its field, 1.0 KB; 333 until the findings of four more reviews of the page were
// fixed, 9.8 KB: among them Undo and Restore in two tabs bringing a claim back once, a
// duplicate not submitted, the day moving on past midnight, a removed cost line brought
// back with Undo, the site's data cleared under the page saved again, a read-only tab's
// Submission card, Submitted on before the activity, Lock again, the list's focus, the
// search without accents, the checks of a code past ten on request, and their texts in
// both languages, and the site's data cleared under the page saved again with its
// settings; 343 until the findings of four more reviews were fixed, 8.8 KB: a status chosen
// by keyboard held until its select is left, a select's value set after each render, its focus after Show more, a deleted empty
// claim, a locked claim and a package opened, a field described by its findings (1.9
// KB), a search's count said, French no-break spaces, the printout's column headings, a
// package of a backup named, a title cut in labels, DOC-UNCHECKED and their texts in both
// languages; 352 until the findings of three more reviews were fixed, 3.0 KB: required
// fields marked and explained, lists kept from rebuilding what precedes them, a message
// when the app cannot start or stops (in index.html, both languages), the package panel's
// and Open package's live regions, a file's size beside the limit, a reading of a file no
// longer a conflict between tabs, and their texts in both languages: 353.7 measured, and
// Zopfli moves it a few tenths either way). What it
// holds and how it got here:
// ARCHITECTURE.md, "Size", with why not 200 KB.
const budgetKb = Number(process.argv[3] ?? 355);
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
