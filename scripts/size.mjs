// Reports the initial page transfer (HTML, JS, wasm, CSS: what the page needs to render)
// gzipped, and fails when it is over budget. The icon, the web app manifest and the
// service worker are fetched too but are not needed to render; they are listed apart.
// Usage: node scripts/size.mjs [dist] [budget-kb]
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

const dir = process.argv[2] ?? 'dist';
// 258 KB: the pure claims session, its journal and the plural rules cost 11 KB over the
// earlier 250; the way down (to 200 KB) is loading what the first view does not need
// (package writer and reader, print summary) on first use.
const budgetKb = Number(process.argv[3] ?? 258);
const initial = (name) => /\.(html|js|wasm|css)$/.test(name) && name !== 'sw.js';
let raw = 0;
let gzipped = 0;
// Every file of the build, in subfolders too (wasm-bindgen's JS snippets).
const all = readdirSync(dir, { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile())
  .map((entry) => relative(dir, join(entry.parentPath ?? entry.path, entry.name)))
  .filter((name) => !name.split(sep).some((part) => part.startsWith('.')));
for (const name of all.filter((n) => !initial(n.split(sep).pop())).sort()) {
  const bytes = readFileSync(join(dir, name));
  console.log(`${(bytes.length / 1024).toFixed(1).padStart(8)} KB ${(gzipSync(bytes, { level: 9 }).length / 1024).toFixed(1).padStart(8)} KB gzipped  ${name} (not needed to render)`);
}
for (const name of all.filter((n) => initial(n.split(sep).pop())).sort()) {
  const bytes = readFileSync(join(dir, name));
  const packed = gzipSync(bytes, { level: 9 }).length;
  raw += bytes.length;
  gzipped += packed;
  console.log(`${(bytes.length / 1024).toFixed(1).padStart(8)} KB ${(packed / 1024).toFixed(1).padStart(8)} KB gzipped  ${name}`);
}
console.log(`${(raw / 1024).toFixed(1).padStart(8)} KB ${(gzipped / 1024).toFixed(1).padStart(8)} KB gzipped  total (budget ${budgetKb} KB gzipped)`);
if (gzipped > budgetKb * 1024) {
  console.error(`the initial page is over its budget of ${budgetKb} KB gzipped`);
  process.exit(1);
}
