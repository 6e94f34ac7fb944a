import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { firstStartBanner } from './bootstrap.js';

const created = {
  accessKeyId: 'AKIAEXAMPLEEXAMPLE01',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  credentialsFile: '/var/lib/warden/root-credentials',
};

describe('first start banner', () => {
  test('on a terminal it shows the root secret once, and where the file is', () => {
    const text = firstStartBanner('123456789012', created, { isTTY: true, endpoint: 'http://127.0.0.1:4599' });
    assert.match(text, /aws_secret_access_key = wJalrXUtnFEMI\/K7MDENG\/bPxRfiCYEXAMPLEKEY/);
    assert.match(text, /AKIAEXAMPLEEXAMPLE01/);
    assert.match(text, /\/var\/lib\/warden\/root-credentials \(mode 0600\)/);
  });

  test('elsewhere it says where the 0600 file is and how to use it, never the secret', () => {
    const text = firstStartBanner('123456789012', created, { isTTY: false, endpoint: 'http://127.0.0.1:4599' });
    assert.ok(!text.includes(created.secretAccessKey));
    assert.match(text, /\/var\/lib\/warden\/root-credentials \(mode 0600\)/);
    assert.match(
      text,
      /AWS_SHARED_CREDENTIALS_FILE=\/var\/lib\/warden\/root-credentials aws sts get-caller-identity --endpoint-url http:\/\/127\.0\.0\.1:4599/,
    );
  });
});
