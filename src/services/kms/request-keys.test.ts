// A cryptographic call reads its key once: the handler acts on the row its authorization resolved, and only that
// request's handler does (the next request reads the key again).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { storeBackends } from '../../../test/helpers/stores.js';
import { makeTestContext, makeTestRuntime } from '../../../test/helpers/test-context.js';
import type { RequestContext, Runtime } from '../../core/runtime.js';
import { authorize } from '../../authz/authorize.js';
import { createKey } from './key-handlers.js';
import { createAlias } from './alias-handlers.js';
import { decrypt, encrypt, generateDataKey, reEncrypt } from './crypto-handlers.js';
import { rememberResolvedKey, resolvedKeyArn, takeResolvedKey } from './request-keys.js';
import type { KeyRow } from './keys.js';

const REGION = 'us-east-1';

/** A request as the pipeline runs it: authorization, then the handler, on one context. */
async function authorized(runtime: Runtime, operation: string, input: Record<string, unknown>) {
  const ctx = makeTestContext({ runtime, service: 'kms', operation, region: REGION });
  await authorize(ctx, input);
  return ctx;
}

/** Disables the key behind authorization's back: only a read of the key after this sees it. */
async function disableDirectly(runtime: Runtime, keyId: string): Promise<void> {
  await runtime.store.db.updateTable('kms_keys').set({ key_state: 'Disabled' }).where('key_id', '=', keyId).execute();
}

for (const backend of storeBackends()) {
  describe(`KMS key read once per request on ${backend.name}`, { skip: backend.skip }, () => {
    test('Encrypt, GenerateDataKey and Decrypt act on the row their authorization read; the next request reads anew', async () => {
      const store = await backend.open();
      const runtime = makeTestRuntime(store);
      try {
        const admin = makeTestContext({ runtime, service: 'kms', operation: 'CreateKey', region: REGION });
        const key = (await createKey(admin, {})).KeyMetadata!;
        await createAlias(admin, { AliasName: 'alias/once', TargetKeyId: key.KeyId! });
        const { CiphertextBlob } = await encrypt(await authorized(runtime, 'Encrypt', { KeyId: key.KeyId }), {
          KeyId: key.KeyId!,
          Plaintext: Buffer.from('secret'),
        });

        const encrypting = await authorized(runtime, 'Encrypt', { KeyId: 'alias/once' });
        const generating = await authorized(runtime, 'GenerateDataKey', { KeyId: key.Arn, KeySpec: 'AES_256' });
        const decrypting = await authorized(runtime, 'Decrypt', { CiphertextBlob });
        await disableDirectly(runtime, key.KeyId!);
        // Each handler uses the row its own authorization decided with, not a second read.
        const sealed = await encrypt(encrypting, { KeyId: 'alias/once', Plaintext: Buffer.from('x') });
        assert.equal(sealed.KeyId, key.Arn);
        const dataKey = await generateDataKey(generating, { KeyId: key.Arn!, KeySpec: 'AES_256' });
        assert.equal(dataKey.Plaintext?.byteLength, 32);
        const opened = await decrypt(decrypting, { CiphertextBlob });
        assert.equal(Buffer.from(opened.Plaintext!).toString(), 'secret');

        // The next request sees the key disabled.
        const input = { KeyId: 'alias/once', Plaintext: Buffer.from('x') };
        await assert.rejects(encrypt(await authorized(runtime, 'Encrypt', input), input), {
          code: 'DisabledException',
        });
        await assert.rejects(decrypt(await authorized(runtime, 'Decrypt', { CiphertextBlob }), { CiphertextBlob }), {
          code: 'DisabledException',
        });
        // And a context authorization never saw reads the key itself.
        const unauthorized = makeTestContext({ runtime, service: 'kms', operation: 'Encrypt', region: REGION });
        await assert.rejects(encrypt(unauthorized, input), { code: 'DisabledException' });
      } finally {
        await runtime.audit.close();
        await store.close();
      }
    });

    test("ReEncrypt on one key takes authorization's row once, then reads the key again", async () => {
      const store = await backend.open();
      const runtime = makeTestRuntime(store);
      try {
        const admin = makeTestContext({ runtime, service: 'kms', operation: 'CreateKey', region: REGION });
        const key = (await createKey(admin, {})).KeyMetadata!;
        const { CiphertextBlob } = await encrypt(await authorized(runtime, 'Encrypt', { KeyId: key.KeyId }), {
          KeyId: key.KeyId!,
          Plaintext: Buffer.from('secret'),
        });
        const input = { CiphertextBlob, SourceKeyId: key.KeyId!, DestinationKeyId: key.KeyId! };
        const ctx = await authorized(runtime, 'ReEncrypt', input);
        await disableDirectly(runtime, key.KeyId!);
        // The source side uses authorization's row; the destination, the same reference, is read afresh.
        await assert.rejects(reEncrypt(ctx, input), { code: 'DisabledException' });
      } finally {
        await runtime.audit.close();
        await store.close();
      }
    });
  });
}

test('a remembered row belongs to its request and is taken once', () => {
  const runtime = {} as Runtime;
  const one: RequestContext = makeTestContext({
    runtime: { ...runtime, config: { defaultRegion: REGION } } as Runtime,
  });
  const other: RequestContext = { ...one };
  const row = { key_id: 'k', region: REGION, arn: `arn:aws:kms:${REGION}:123456789012:key/k` } as KeyRow;
  rememberResolvedKey(one, row.arn, row);
  assert.equal(takeResolvedKey(other, row.arn), undefined);
  assert.equal(resolvedKeyArn(other, 'k', REGION), undefined);
  assert.equal(resolvedKeyArn(one, 'k', 'eu-west-1'), undefined);
  assert.equal(resolvedKeyArn(one, 'k', REGION), row.arn);
  assert.equal(takeResolvedKey(one, row.arn), row);
  assert.equal(takeResolvedKey(one, row.arn), undefined);
  assert.equal(resolvedKeyArn(one, 'k', REGION), undefined);
});
