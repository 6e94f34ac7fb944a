// The credential report's lines: AWS's columns and its N/A / no_information / not_supported values.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CREDENTIAL_REPORT_COLUMNS, credentialReportCsv, reportLine, reportTime } from './report-csv.js';

const T = Date.parse('2024-05-06T07:08:09.123Z');
const DAY = 24 * 60 * 60 * 1000;

function columns(line: string): Record<string, string> {
  const values = line.split(',');
  assert.equal(values.length, CREDENTIAL_REPORT_COLUMNS.length);
  return Object.fromEntries(CREDENTIAL_REPORT_COLUMNS.map((c, i) => [c, values[i]]));
}

describe('credential report CSV', () => {
  test('times are ISO 8601 to the second with a +00:00 offset', () => {
    assert.equal(reportTime(T), '2024-05-06T07:08:09+00:00');
  });

  test('the root user: password columns not_supported, sign-in no_information, its access keys', () => {
    const row = columns(
      reportLine({
        user: '<root_account>',
        arn: 'arn:aws:iam::123456789012:root',
        createdAt: T,
        password: { root: true, lastUsedAt: null },
        mfaActive: false,
        accessKeys: [
          { active: true, rotatedAt: T, lastUsedAt: T + 1000, lastUsedRegion: 'us-east-1', lastUsedService: 'iam' },
        ],
        signingCertificates: [],
      }),
    );
    assert.deepEqual(
      [row.password_enabled, row.password_last_used, row.password_last_changed, row.password_next_rotation],
      ['not_supported', 'no_information', 'not_supported', 'not_supported'],
    );
    assert.deepEqual(
      [
        row.access_key_1_active,
        row.access_key_1_last_rotated,
        row.access_key_1_last_used_date,
        row.access_key_1_last_used_region,
        row.access_key_1_last_used_service,
      ],
      ['true', '2024-05-06T07:08:09+00:00', '2024-05-06T07:08:10+00:00', 'us-east-1', 'iam'],
    );
    assert.deepEqual(
      [row.access_key_2_active, row.access_key_2_last_rotated, row.access_key_2_last_used_date],
      ['false', 'N/A', 'N/A'],
    );
    assert.deepEqual(
      [row.cert_1_active, row.cert_1_last_rotated, row.cert_2_active, row.cert_2_last_rotated],
      ['false', 'N/A', 'false', 'N/A'],
    );
  });

  test('a user without a password or keys', () => {
    const row = columns(
      reportLine({
        user: 'bob',
        arn: 'arn:aws:iam::123456789012:user/bob',
        createdAt: T,
        password: { enabled: false, lastUsedAt: null, changedAt: null, nextRotationAt: null },
        mfaActive: false,
        accessKeys: [],
        signingCertificates: [],
      }),
    );
    assert.deepEqual(
      [row.password_enabled, row.password_last_used, row.password_last_changed, row.password_next_rotation],
      ['false', 'N/A', 'N/A', 'N/A'],
    );
    assert.equal(row.access_key_1_active, 'false');
    assert.equal(row.access_key_1_last_rotated, 'N/A');
  });

  test('a user with an unused password under a max-age policy, MFA, an unused and an inactive key', () => {
    const row = columns(
      reportLine({
        user: 'alice',
        arn: 'arn:aws:iam::123456789012:user/alice',
        createdAt: T,
        password: { enabled: true, lastUsedAt: null, changedAt: T, nextRotationAt: T + 90 * DAY },
        mfaActive: true,
        accessKeys: [
          { active: false, rotatedAt: T, lastUsedAt: null },
          { active: true, rotatedAt: T + DAY, lastUsedAt: null },
        ],
        signingCertificates: [],
      }),
    );
    assert.equal(row.password_enabled, 'true');
    assert.equal(row.password_last_used, 'no_information');
    assert.equal(row.password_last_changed, '2024-05-06T07:08:09+00:00');
    assert.equal(row.password_next_rotation, '2024-08-04T07:08:09+00:00');
    assert.equal(row.mfa_active, 'true');
    assert.deepEqual(
      [row.access_key_1_active, row.access_key_1_last_rotated, row.access_key_1_last_used_date],
      ['false', '2024-05-06T07:08:09+00:00', 'N/A'],
    );
    assert.deepEqual(
      [row.access_key_2_active, row.access_key_2_last_rotated, row.access_key_2_last_used_region],
      ['true', '2024-05-07T07:08:09+00:00', 'N/A'],
    );
  });

  test('a name with a comma is quoted; the header comes first', () => {
    const csv = credentialReportCsv([
      {
        user: 'a,b',
        arn: 'arn:aws:iam::123456789012:user/a,b',
        createdAt: T,
        password: { enabled: false, lastUsedAt: null, changedAt: null, nextRotationAt: null },
        mfaActive: false,
        accessKeys: [],
        signingCertificates: [],
      },
    ]);
    const [header, line] = csv.split('\n');
    assert.equal(header, CREDENTIAL_REPORT_COLUMNS.join(','));
    assert.ok(line.startsWith('"a,b","arn:aws:iam::123456789012:user/a,b",'));
  });
});
