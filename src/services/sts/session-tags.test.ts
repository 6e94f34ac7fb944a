// Session tags: AWS's three refusals, and how a role chain passes transitive tags on.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { SessionContext } from '../../aws/identity.js';
import { acceptSessionTags } from './session-tags.js';

function calling(tags: Record<string, string>, transitiveTagKeys: string[]): SessionContext {
  const at = new Date();
  return { kind: 'AssumeRole', creationDate: at, expiration: at, mfaAuthenticated: false, tags, transitiveTagKeys };
}

function message(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return `${(err as { code: string }).code}: ${(err as Error).message}`;
  }
  return 'accepted';
}

describe('acceptSessionTags', () => {
  test('no tags requested and none inherited', () => {
    assert.deepEqual(acceptSessionTags(undefined, undefined, undefined), {
      tags: {},
      transitiveTagKeys: [],
      requested: false,
    });
  });

  test('keys are unique regardless of case; transitive keys must name a requested tag', () => {
    assert.equal(
      message(() =>
        acceptSessionTags(
          [
            { Key: 'Team', Value: 'a' },
            { Key: 'team', Value: 'b' },
          ],
          undefined,
          undefined,
        ),
      ),
      'InvalidParameterValue: Duplicate tag keys found. Please note that Tag keys are case insensitive.',
    );
    assert.equal(
      message(() => acceptSessionTags([{ Key: 'team', Value: 'a' }], ['cost'], undefined)),
      'InvalidParameterValue: The specified transitive tag key must be included in the requested tags.',
    );
    const out = acceptSessionTags([{ Key: 'Team', Value: 'a' }], ['team'], undefined);
    assert.deepEqual(out, { tags: { Team: 'a' }, transitiveTagKeys: ['Team'], requested: true });
  });

  test('a chain inherits the transitive tags only, and may not replace them in any case', () => {
    const parent = calling({ team: 'ops', project: 'x' }, ['team']);
    assert.deepEqual(acceptSessionTags([{ Key: 'cost', Value: '7' }], ['cost'], parent), {
      tags: { team: 'ops', cost: '7' },
      transitiveTagKeys: ['team', 'cost'],
      requested: true,
    });
    assert.deepEqual(acceptSessionTags(undefined, undefined, parent), {
      tags: { team: 'ops' },
      transitiveTagKeys: ['team'],
      requested: false,
    });
    // A non-transitive tag of the calling session does not come along, so it may be set again.
    assert.equal(acceptSessionTags([{ Key: 'project', Value: 'y' }], undefined, parent).tags.project, 'y');
    assert.equal(
      message(() => acceptSessionTags([{ Key: 'TEAM', Value: 'dev' }], undefined, parent)),
      "InvalidParameterValue: One of the specified transitive tag keys can't be set because it conflicts with a " +
        'transitive tag key from the calling session.',
    );
  });
});
