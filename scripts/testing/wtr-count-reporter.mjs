// Counts browser test results for the closing "N passed, N failed" line.
// A skipped test counts as failed: nothing is allowed to pass by not running.
import { writeFileSync } from 'node:fs';

function walk(group, acc) {
  for (const t of group?.tests ?? []) {
    if (t.skipped) acc.skipped++;
    else if (t.passed) acc.passed++;
    else acc.failed++;
  }
  for (const s of group?.suites ?? []) walk(s, acc);
}

export function countReporter() {
  return {
    onTestRunFinished({ sessions }) {
      const acc = { passed: 0, failed: 0, skipped: 0, files: 0 };
      for (const s of sessions) {
        acc.files++;
        const before = acc.passed + acc.failed + acc.skipped;
        walk(s.testResults, acc);
        // A file that failed to load or errored outside a test ran nothing: count it.
        if (!s.passed && acc.passed + acc.failed + acc.skipped === before) acc.failed++;
        else if (!s.passed && (s.errors?.length ?? 0) > 0) acc.failed++;
      }
      const out = process.env.PARLOR_WTR_RESULTS;
      if (out) writeFileSync(out, JSON.stringify(acc));
    },
  };
}
