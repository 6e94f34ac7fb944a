// Shared set-up of the STS end-to-end tests: users with keys, roles, sessions, a second account, MFA codes.
import assert from 'node:assert/strict';
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  IAMClient,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  type Tag,
} from '@aws-sdk/client-iam';
import { STSClient, type Credentials } from '@aws-sdk/client-sts';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { insertAccessKey } from '../../src/auth/access-keys.js';
import { newAccessKeyId, newSecretAccessKey } from '../../src/aws/ids.js';
import { codeForStep, stepAt } from '../../src/services/iam/credentials/totp.js';
import type { TestWarden } from '../helpers/warden.js';

export interface Keys {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export type Statement = Record<string, unknown>;

export function policy(...statements: Statement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

export function allow(action: string | string[], resource: string | string[] = '*', extra: Statement = {}): Statement {
  return { Effect: 'Allow', Action: action, Resource: resource, ...extra };
}

export function trust(
  principal: Record<string, unknown>,
  action: string | string[] = 'sts:AssumeRole',
  extra: Statement = {},
): string {
  return policy({ Effect: 'Allow', Principal: principal, Action: action, ...extra });
}

export function clients(w: TestWarden, keys: Keys, region = 'us-east-1') {
  const config = { ...w.clientConfig, region, credentials: keys };
  return { sts: new STSClient(config), iam: new IAMClient(config), cloudtrail: new CloudTrailClient(config) };
}

export function sessionKeys(credentials: Credentials | undefined): Keys {
  assert.ok(credentials?.AccessKeyId && credentials.SecretAccessKey && credentials.SessionToken);
  return {
    accessKeyId: credentials.AccessKeyId,
    secretAccessKey: credentials.SecretAccessKey,
    sessionToken: credentials.SessionToken,
  };
}

/** A user with an access key and, optionally, one inline policy. */
export async function userWithKey(
  iam: IAMClient,
  name: string,
  inlinePolicy?: string,
  tags?: Tag[],
): Promise<Keys & { arn: string; userId: string }> {
  const user = await iam.send(new CreateUserCommand({ UserName: name, ...(tags ? { Tags: tags } : {}) }));
  if (inlinePolicy !== undefined) {
    await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'own', PolicyDocument: inlinePolicy }));
  }
  const key = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
  return {
    accessKeyId: key.AccessKey!.AccessKeyId!,
    secretAccessKey: key.AccessKey!.SecretAccessKey!,
    arn: user.User!.Arn!,
    userId: user.User!.UserId!,
  };
}

/** A role with a trust policy and, optionally, one inline permissions policy. */
export async function role(
  iam: IAMClient,
  name: string,
  trustPolicy: string,
  permissions?: string,
  options: { MaxSessionDuration?: number; Tags?: Tag[]; Path?: string } = {},
): Promise<{ arn: string; roleId: string }> {
  const out = await iam.send(
    new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trustPolicy, ...options }),
  );
  if (permissions !== undefined) {
    await iam.send(
      new PutRolePolicyCommand({ RoleName: name, PolicyName: 'permissions', PolicyDocument: permissions }),
    );
  }
  return { arn: out.Role!.Arn!, roleId: out.Role!.RoleId! };
}

/** Asserts a rejection's code, HTTP status and (when given) exact message. */
export async function rejects(
  promise: Promise<unknown>,
  code: string,
  status: number,
  message?: string | RegExp,
): Promise<void> {
  await assert.rejects(promise, (err: any) => {
    assert.equal(err.name, code, `${err.name}: ${err.message}`);
    assert.equal(err.$metadata?.httpStatusCode, status);
    if (typeof message === 'string') assert.equal(err.message, message);
    else if (message) assert.match(err.message, message);
    return true;
  });
}

/** A second account of the deployment, with its root user's access key. */
export async function secondAccount(w: TestWarden, accountId: string): Promise<Keys> {
  const { store, secrets } = w.warden.runtime;
  const keys = { accessKeyId: newAccessKeyId('AKIA'), secretAccessKey: newSecretAccessKey() };
  await store.db
    .insertInto('accounts')
    .values({
      id: accountId,
      email: `root@${accountId}.example`,
      name: 'second',
      status: 'ACTIVE',
      created_at: Date.now(),
    })
    .execute();
  await insertAccessKey(store.db, secrets, {
    ...keys,
    accountId,
    userName: null,
    principalId: accountId,
    createdAt: Date.now(),
  });
  return keys;
}

function base32Decode(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of text.replace(/=+$/, '')) {
    value = (value << 5) | alphabet.indexOf(ch);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** A virtual MFA device enabled for the user; `code(offset)` is its TOTP code for the current step plus offset. */
export async function enabledMfa(
  iam: IAMClient,
  userName: string,
): Promise<{ serial: string; code: (offset: number) => string }> {
  const created = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: `${userName}-mfa` }));
  const device = created.VirtualMFADevice!;
  const seed = base32Decode(Buffer.from(device.Base32StringSeed!).toString('ascii'));
  const code = (offset: number) => codeForStep(seed, stepAt(Date.now()) + offset);
  await iam.send(
    new EnableMFADeviceCommand({
      UserName: userName,
      SerialNumber: device.SerialNumber!,
      AuthenticationCode1: code(-2),
      AuthenticationCode2: code(-1),
    }),
  );
  return { serial: device.SerialNumber!, code };
}

/** CloudTrail records of an event name visible to `keys`' account, newest first. */
export async function trailRecords(w: TestWarden, keys: Keys, eventName: string): Promise<any[]> {
  const ct = new CloudTrailClient({ ...w.clientConfig, credentials: keys });
  const out = await ct.send(
    new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: eventName }] }),
  );
  return (out.Events ?? []).map((e) => JSON.parse(e.CloudTrailEvent!));
}
