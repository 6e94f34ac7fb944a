// Prerequisites from outside the repository (a client, a corpus): a reasoned skip on a workstation, a failure in CI.
import { test } from 'node:test';
import assert from 'node:assert/strict';

/** Whether this run is CI (`.ci/run` exports CI=true), where every suite must really run. */
export const IN_CI = process.env.CI === 'true';

/**
 * The `skip` option for tests that need a prerequisite: pass false when it is present, else why it is not ("python3
 * with boto3 is not installed"). Outside CI the tests skip with that reason. Under CI=true a missing prerequisite is
 * never a silent pass: a failing test naming it is registered here, and the tests needing it stay skipped behind it.
 */
export function requiredInCi(missing: string | false): string | false {
  if (missing === false) return false;
  if (IN_CI) test(`required in CI: ${missing}`, () => assert.fail(`${missing} (CI=true requires it)`));
  return missing;
}
