// Lighthouse on the built page, served as a static host serves it (scripts/serve.mjs:
// precompressed copies, caching headers), with Lighthouse's default mobile emulation.
//
//   node scripts/lighthouse.mjs [RUNS]      (after a build; default 3 runs)
//
// Prints each run's scores and the median of performance, Largest Contentful Paint and
// Total Blocking Time against the first-paint targets (issue 14), and returns the runs
// for the test suite, which checks accessibility and best practices.

import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { pathToFileURL } from 'node:url';
import { serveDist } from '../tests/e2e/harness.mjs';

export const TARGETS = { performance: 0.95, lcpMs: 1200, tbtMs: 50 };

/** One Lighthouse run of `url`: its category scores and LCP and TBT in ms. */
async function run(url) {
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const result = await lighthouse(url, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility', 'best-practices'],
    });
    const { categories, audits } = result.lhr;
    return {
      performance: categories.performance.score,
      accessibility: categories.accessibility.score,
      bestPractices: categories['best-practices'].score,
      lcpMs: audits['largest-contentful-paint'].numericValue,
      tbtMs: audits['total-blocking-time'].numericValue,
      failing: Object.values(audits)
        .filter((audit) => audit.score !== null && audit.score < 1 && audit.scoreDisplayMode === 'binary')
        .map((audit) => audit.id),
    };
  } finally {
    await chrome.kill();
  }
}

/** `runs` runs against the built page; resolves to the list of results. */
export async function lighthouseRuns(runs = 3) {
  const server = await serveDist();
  try {
    const results = [];
    for (let i = 0; i < runs; i += 1) results.push(await run(server.url));
    return results;
  } finally {
    await server.close();
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const runs = await lighthouseRuns(Number(process.argv[2] || 3));
  runs.forEach((r, i) =>
    console.log(
      `run ${i + 1}: performance ${r.performance.toFixed(2)}, accessibility ${r.accessibility.toFixed(2)}, best practices ${r.bestPractices.toFixed(2)}, LCP ${Math.round(r.lcpMs)} ms, TBT ${Math.round(r.tbtMs)} ms`,
    ),
  );
  const [performance, lcp, tbt] = [median(runs.map((r) => r.performance)), median(runs.map((r) => r.lcpMs)), median(runs.map((r) => r.tbtMs))];
  const verdict = (ok) => (ok ? 'met' : 'missed');
  console.log(`median of ${runs.length}: performance ${performance.toFixed(2)} (target ≥ ${TARGETS.performance}: ${verdict(performance >= TARGETS.performance)})`);
  console.log(`  LCP ${Math.round(lcp)} ms (target ≤ ${TARGETS.lcpMs} ms: ${verdict(lcp <= TARGETS.lcpMs)})`);
  console.log(`  TBT ${Math.round(tbt)} ms (target ≤ ${TARGETS.tbtMs} ms: ${verdict(tbt <= TARGETS.tbtMs)})`);
}
