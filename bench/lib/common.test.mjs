// The statistics the benchmark tables rely on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { median, pairedRatioInterval, verdict } from './common.mjs';

test('pairedRatioInterval: equal samples give exactly 1', () => {
  const xs = [310, 290, 420, 305, 350, 330, 298, 371];
  assert.deepEqual(pairedRatioInterval(xs, [...xs]), [1, 1]);
});

test('pairedRatioInterval: holds the true ratio, is narrower with more rounds, and repeats itself', () => {
  // b drifts like a shared machine does; a is b × 1.2 plus its own noise.
  const make = (n) => {
    const b = Array.from({ length: n }, (_, i) => 300 + 80 * Math.sin(i * 1.7) + (i % 5) * 9);
    const a = b.map((x, i) => x * 1.2 + ((i * 37) % 23) - 11);
    return { a, b };
  };
  const small = make(12);
  const large = make(200);
  const [lo, hi] = pairedRatioInterval(large.a, large.b);
  assert.ok(lo < 1.2 && 1.2 < hi, `1.2 within [${lo}, ${hi}]`);
  const width = ([l, h]) => h - l;
  assert.ok(width(pairedRatioInterval(small.a, small.b)) > width([lo, hi]));
  assert.deepEqual(pairedRatioInterval(small.a, small.b), pairedRatioInterval(small.a, small.b));
  assert.ok(Math.abs(median(large.a) / median(large.b) - 1.2) < 0.05);
});

test('pairedRatioInterval refuses unpaired samples', () => {
  assert.throws(() => pairedRatioInterval([1, 2], [1]), /same, non-zero length/);
  assert.throws(() => pairedRatioInterval([], []), /same, non-zero length/);
});

test('verdict: met only when the whole interval is within the goal, not met only when none of it is', () => {
  assert.equal(verdict([0.97, 1.04], 1.05), 'met');
  assert.equal(verdict([1.06, 1.2], 1.05), 'not met');
  assert.equal(verdict([1.0, 1.1], 1.05), 'undecided');
  assert.equal(verdict([1.05, 1.05], 1.05), 'met');
});
