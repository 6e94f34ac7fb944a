// KMS alias changes need permission on the alias and on every key they affect: the current key and the new one.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { IAMClient } from '@aws-sdk/client-iam';
import {
  CreateAliasCommand,
  DeleteAliasCommand,
  KMSClient,
  ListAliasesCommand,
  UpdateAliasCommand,
} from '@aws-sdk/client-kms';
import type { TestWarden } from '../helpers/warden.js';
import { newKey as keyOf, newKmsUser, policyDocument as doc, type Statement, withKmsWarden } from '../helpers/kms.js';

const newUser = (name: string, ...statements: Statement[]) => newKmsUser(w, iam, name, ...statements);
const newKey = (policy?: string) => keyOf(rootKms, policy);

let w: TestWarden, iam: IAMClient, rootKms: KMSClient, account: string;
withKmsWarden((started) => ({ w, iam, rootKms, account } = started));

const ADMINISTER = ['kms:PutKeyPolicy', 'kms:GetKeyPolicy', 'kms:DescribeKey'];

/**
 * A key whose policy keeps the account in charge of the policy and (so the alias can be made) lets it create
 * aliases, and admits nothing else: in particular no kms:UpdateAlias / kms:DeleteAlias, for anyone.
 */
function guardedPolicy(...statements: Statement[]): string {
  return delegating([...ADMINISTER, 'kms:CreateAlias'], ...statements);
}

/** A key policy delegating only `actions` to the account's IAM policies. */
function delegating(actions: string[], ...statements: Statement[]): string {
  return doc(
    { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: actions, Resource: '*' },
    ...statements,
  );
}

async function targetOf(alias: string): Promise<string | undefined> {
  const out = await rootKms.send(new ListAliasesCommand({}));
  return out.Aliases!.find((a) => a.AliasName === alias)?.TargetKeyId;
}

function denial(user: string, action: string, key: string): string {
  return `User: ${user} is not authorized to perform: ${action} on resource: ${key} because no resource-based policy allows the ${action} action`;
}

async function denied(p: Promise<unknown>, message: string): Promise<void> {
  await assert.rejects(p, (e: { name: string; message: string; $metadata: { httpStatusCode?: number } }) => {
    assert.equal(e.name, 'AccessDeniedException', e.message);
    assert.equal(e.$metadata.httpStatusCode, 400);
    assert.equal(e.message, message);
    return true;
  });
}

const ALLOW_KMS: Statement = { Effect: 'Allow', Action: 'kms:*', Resource: '*' };

describe('KMS alias authorization', () => {
  test('UpdateAlias cannot repoint an alias away from a key whose policy does not admit the caller', async () => {
    const mallory = await newUser('mallory', ALLOW_KMS);
    const guarded = await newKey(guardedPolicy());
    const open = await newKey();
    await rootKms.send(new CreateAliasCommand({ AliasName: 'alias/prod-data', TargetKeyId: guarded.id }));

    await denied(
      mallory.kms.send(new UpdateAliasCommand({ AliasName: 'alias/prod-data', TargetKeyId: open.id })),
      denial(mallory.arn, 'kms:UpdateAlias', guarded.arn),
    );
    await denied(
      mallory.kms.send(new DeleteAliasCommand({ AliasName: 'alias/prod-data' })),
      denial(mallory.arn, 'kms:DeleteAlias', guarded.arn),
    );
    // The key policy binds the account's root user as well.
    await assert.rejects(
      rootKms.send(new UpdateAliasCommand({ AliasName: 'alias/prod-data', TargetKeyId: open.id })),
      (e: { name: string }) => e.name === 'AccessDeniedException',
    );
    assert.equal(await targetOf('alias/prod-data'), guarded.id);
  });

  test('nor point an alias at a key whose policy does not admit the caller', async () => {
    const mallory = await newUser('mallory-2', ALLOW_KMS);
    const guarded = await newKey(delegating(ADMINISTER));
    const open = await newKey();
    await rootKms.send(new CreateAliasCommand({ AliasName: 'alias/staging', TargetKeyId: open.id }));
    await denied(
      mallory.kms.send(new UpdateAliasCommand({ AliasName: 'alias/staging', TargetKeyId: guarded.id })),
      denial(mallory.arn, 'kms:UpdateAlias', guarded.arn),
    );
    await denied(
      mallory.kms.send(new CreateAliasCommand({ AliasName: 'alias/new-prod', TargetKeyId: guarded.id })),
      denial(mallory.arn, 'kms:CreateAlias', guarded.arn),
    );
    assert.equal(await targetOf('alias/staging'), open.id);
  });

  test('with permission on the alias and both keys, the alias moves and can be deleted', async () => {
    const admin = await newUser('alias-admin', ALLOW_KMS);
    // The guarded key's policy admits this user for alias changes alone.
    const guarded = await newKey(
      guardedPolicy({
        Effect: 'Allow',
        Principal: { AWS: admin.arn },
        Action: ['kms:UpdateAlias', 'kms:DeleteAlias'],
        Resource: '*',
      }),
    );
    const open = await newKey();
    await rootKms.send(new CreateAliasCommand({ AliasName: 'alias/app', TargetKeyId: guarded.id }));
    await admin.kms.send(new UpdateAliasCommand({ AliasName: 'alias/app', TargetKeyId: open.id }));
    assert.equal(await targetOf('alias/app'), open.id);
    await admin.kms.send(new UpdateAliasCommand({ AliasName: 'alias/app', TargetKeyId: guarded.id }));
    await admin.kms.send(new DeleteAliasCommand({ AliasName: 'alias/app' }));
    assert.equal(await targetOf('alias/app'), undefined);
  });

  test('an identity policy must allow the alias, the current key and the new key', async () => {
    const open = await newKey();
    const other = await newKey();
    await rootKms.send(new CreateAliasCommand({ AliasName: 'alias/team', TargetKeyId: open.id }));
    // Allowed on the alias and on the new key: only the current key is missing.
    const aliasOnly = await newUser('alias-only', {
      Effect: 'Allow',
      Action: ['kms:UpdateAlias', 'kms:DeleteAlias'],
      Resource: [`arn:aws:kms:us-east-1:${account}:alias/team`, other.arn],
    });
    await assert.rejects(
      aliasOnly.kms.send(new UpdateAliasCommand({ AliasName: 'alias/team', TargetKeyId: other.id })),
      (e: { name: string; message: string }) =>
        e.name === 'AccessDeniedException' && e.message.includes(`on resource: ${open.arn}`),
    );
    await assert.rejects(
      aliasOnly.kms.send(new DeleteAliasCommand({ AliasName: 'alias/team' })),
      (e: { name: string; message: string }) =>
        e.name === 'AccessDeniedException' && e.message.includes(`on resource: ${open.arn}`),
    );
    const keysOnly = await newUser('keys-only', {
      Effect: 'Allow',
      Action: ['kms:UpdateAlias', 'kms:DeleteAlias'],
      Resource: [open.arn, other.arn],
    });
    await assert.rejects(
      keysOnly.kms.send(new DeleteAliasCommand({ AliasName: 'alias/team' })),
      (e: { name: string; message: string }) => e.name === 'AccessDeniedException' && e.message.includes(':alias/team'),
    );
    assert.equal(await targetOf('alias/team'), open.id);
  });
});
