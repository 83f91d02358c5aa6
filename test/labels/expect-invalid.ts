import assert from "node:assert/strict";
import { LabelValidationError } from "../../src/labels/index.js";

/**
 * Asserts that `make` throws a LabelValidationError (code LABEL_VALIDATION) whose message
 * names `field` (e.g. "Detection.boundingBox") and matches every pattern.
 */
export function expectInvalid(make: () => unknown, field: string, ...patterns: RegExp[]): void {
  assert.throws(make, (e: unknown) => {
    assert.ok(e instanceof LabelValidationError, `expected a LabelValidationError, got ${String(e)}`);
    assert.equal(e.code, "LABEL_VALIDATION");
    assert.ok(e.message.includes(field), `message should name ${field}: ${e.message}`);
    for (const p of patterns) assert.match(e.message, p);
    return true;
  });
}
