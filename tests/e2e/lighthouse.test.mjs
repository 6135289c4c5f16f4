// Lighthouse (mobile emulation, the page served as a static host serves it): the
// accessibility and best-practices categories stay at 1.0. The performance figures are
// measured, not asserted here: `npm run bench` prints them against their targets.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lighthouseRuns } from '../../scripts/lighthouse.mjs';

test('Lighthouse: accessibility 1.0 and best practices 1.0', { timeout: 120_000 }, async () => {
  const [result] = await lighthouseRuns(1);
  assert.equal(result.accessibility, 1, `accessibility ${result.accessibility}; failing audits: ${result.failing.join(', ')}`);
  assert.equal(result.bestPractices, 1, `best practices ${result.bestPractices}; failing audits: ${result.failing.join(', ')}`);
});
