// Tests for reading a profile's key from a shared-credentials file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeCredentialsFile } from '../../bootstrap.js';
import { readCredentialsFile } from './credentials-file.js';

test('reads the file warden writes, and a named profile among others; a missing key is said', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'creds-'));
  try {
    const written = writeCredentialsFile(join(dir, 'root-credentials'), 'AKIAEXAMPLE', 'secret/with+chars=');
    assert.deepEqual(await readCredentialsFile(written), {
      accessKeyId: 'AKIAEXAMPLE',
      secretAccessKey: 'secret/with+chars=',
    });
    const multi = join(dir, 'multi');
    await writeFile(
      multi,
      '# comment\n[default]\naws_access_key_id=A1\r\naws_secret_access_key=S1\n[ other ]\nAWS_ACCESS_KEY_ID = A2\naws_secret_access_key = S2\n',
    );
    assert.deepEqual(await readCredentialsFile(multi, 'other'), { accessKeyId: 'A2', secretAccessKey: 'S2' });
    await assert.rejects(
      readCredentialsFile(multi, 'none'),
      /has no aws_access_key_id and aws_secret_access_key in profile \[none\]/,
    );
    await assert.rejects(readCredentialsFile(join(dir, 'absent')), /ENOENT/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
