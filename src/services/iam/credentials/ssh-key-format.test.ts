// SSH key parsing: both encodings of one key give one wire form and ssh-keygen's MD5 fingerprint; bad keys refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import { encodeSshKey, parseSshPublicKey, rsaBlob } from './ssh-key-format.js';

// A 2048-bit public key made once with `ssh-keygen -t rsa -b 2048`; its PEM from `ssh-keygen -e -m PKCS8` and its
// fingerprint from `ssh-keygen -l -E md5` (public material only).
const SSH =
  'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCTvKuR5E3tTxkp0AEyeeE/jcN16ZotJCzbOWoyK2IVsyXbg19dpCahEBtjXL5khkE8ZIOoEro8kOTxSNah0CxGKdgc836Adlg+21tv5Rg4VCs4vKf8vmqtyadNDiDtyvgn1NZncrFvU/Jl9tZXymepMGszA39BxpQRieNdcchIwYNgl2NoEVKit2vbwayspYGuLqNp/sm+bASpza0OfZsUXUpl79b/JisLCiHEsg4wWVJfN9MZqgZ4omrP4iGP37hwbrmBq3+v9TT81huKXywv9z8LNCqheOeFgOBvT2S7KZ4OqvG6Q1xQV6IY4VKbYNJvAvaGI8jyQDUKBekFcIZj fixture@warden';
const PEM = `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAk7yrkeRN7U8ZKdABMnnh
P43DdemaLSQs2zlqMitiFbMl24NfXaQmoRAbY1y+ZIZBPGSDqBK6PJDk8UjWodAs
RinYHPN+gHZYPttbb+UYOFQrOLyn/L5qrcmnTQ4g7cr4J9TWZ3Kxb1PyZfbWV8pn
qTBrMwN/QcaUEYnjXXHISMGDYJdjaBFSordr28GsrKWBri6jaf7JvmwEqc2tDn2b
FF1KZe/W/yYrCwohxLIOMFlSXzfTGaoGeKJqz+Ihj9+4cG65gat/r/U0/NYbil8s
L/c/CzQqoXjnhYDgb09kuymeDqrxukNcUFeiGOFSm2DSbwL2hiPI8kA1CgXpBXCG
YwIDAQAB
-----END PUBLIC KEY-----
`;
const FINGERPRINT = '4f:6e:d1:f1:92:a8:6e:35:bb:ff:96:8d:bb:43:d9:ab';

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as { code: string }).code;
  }
  return 'accepted';
}

test('an ssh-rsa key and its PEM form parse to the same wire form and fingerprint as ssh-keygen shows', () => {
  const fromSsh = parseSshPublicKey(SSH);
  const fromPem = parseSshPublicKey(PEM);
  assert.equal(fromSsh.fingerprint, FINGERPRINT);
  assert.equal(fromPem.fingerprint, FINGERPRINT);
  assert.deepEqual(fromPem.blob, fromSsh.blob);
  assert.equal(encodeSshKey(fromSsh.blob, 'SSH'), SSH.replace(/ fixture@warden$/, ''));
  assert.equal(encodeSshKey(fromSsh.blob, 'PEM'), PEM);
});

test('other key types, other encodings and damaged keys are refused with IAM codes', async () => {
  const small = await promisify(generateKeyPair)('rsa', { modulusLength: 1024 });
  const smallLine = `ssh-rsa ${rsaBlob(small.publicKey).toString('base64')}`;
  assert.equal(
    code(() => parseSshPublicKey(smallLine)),
    'InvalidPublicKey',
  );
  const ec = await promisify(generateKeyPair)('ec', { namedCurve: 'P-256' });
  assert.equal(
    code(() => parseSshPublicKey(ec.publicKey.export({ type: 'spki', format: 'pem' }).toString())),
    'InvalidPublicKey',
  );
  assert.equal(
    code(() =>
      parseSshPublicKey('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPPyhhXkhiYl/K4wnw54Tk/Jm1xSiWnZSk0slIG9XjgC me'),
    ),
    'UnrecognizedPublicKeyEncoding',
  );
  assert.equal(
    code(() => parseSshPublicKey('not a key')),
    'UnrecognizedPublicKeyEncoding',
  );
  // A private key is not a public key, though node:crypto could derive one from it.
  const priv = small.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  assert.equal(
    code(() => parseSshPublicKey(priv)),
    'UnrecognizedPublicKeyEncoding',
  );
  // Truncated, padded and mislabelled wire forms.
  const blob = Buffer.from(SSH.split(' ')[1]!, 'base64');
  for (const damaged of [
    blob.subarray(0, blob.length - 1),
    Buffer.concat([blob, Buffer.from([0])]),
    blob.subarray(0, 3),
  ]) {
    assert.equal(
      code(() => parseSshPublicKey(`ssh-rsa ${damaged.toString('base64')}`)),
      'InvalidPublicKey',
    );
  }
  const lying = Buffer.from(blob);
  lying.writeUInt32BE(0xffffffff, 0);
  assert.equal(
    code(() => parseSshPublicKey(`ssh-rsa ${lying.toString('base64')}`)),
    'InvalidPublicKey',
  );
  assert.equal(
    code(() => parseSshPublicKey(PEM.replace('MIIB', 'MIIC'))),
    'InvalidPublicKey',
  );
});
