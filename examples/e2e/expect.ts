import assert from 'node:assert/strict';

/** A tiny assertion with a message that says what a person would notice. */
export function expect(condition: unknown, what: string): asserts condition {
  assert.ok(condition, `expected: ${what}`);
}
