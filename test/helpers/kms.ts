// Test helper: KMS scenarios' set-up — a Warden with root's clients, policy documents, users with their own KMS
// client, keys made by root.
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { after, before } from 'node:test';
import { startWarden, type TestWarden } from './warden.js';

export type Statement = Record<string, unknown>;

/** A policy document of these statements. */
export function policyDocument(...statements: Statement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

/**
 * A user with an access key and, if statements are given, an inline identity policy of them (none: whatever it may
 * do on a key comes from key policies and grants); and a KMS client signed as that user.
 */
export async function newKmsUser(
  w: TestWarden,
  iam: IAMClient,
  name: string,
  ...statements: Statement[]
): Promise<{ arn: string; kms: KMSClient }> {
  const created = await iam.send(new CreateUserCommand({ UserName: name }));
  const key = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
  if (statements.length > 0) {
    await iam.send(
      new PutUserPolicyCommand({ UserName: name, PolicyName: 'inline', PolicyDocument: policyDocument(...statements) }),
    );
  }
  const credentials = { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! };
  return { arn: created.User!.Arn!, kms: new KMSClient({ ...w.clientConfig, credentials }) };
}

/** A key created through `kms` (root's client), with the default key policy unless one is given. */
export async function newKey(kms: KMSClient, policy?: string): Promise<{ id: string; arn: string }> {
  const created = await kms.send(new CreateKeyCommand(policy === undefined ? {} : { Policy: policy }));
  return { id: created.KeyMetadata!.KeyId!, arn: created.KeyMetadata!.Arn! };
}

/** A Warden for a KMS scenario file, with the account root's IAM and KMS clients. */
export interface KmsWarden {
  w: TestWarden;
  iam: IAMClient;
  rootKms: KMSClient;
  account: string;
}

/**
 * Starts a Warden before the file's tests and stops it after them; `use` receives it with root's clients once it is up
 * (the file keeps them in its own variables, which its tests read).
 */
export function withKmsWarden(use: (started: KmsWarden) => void): void {
  let w: TestWarden | undefined;
  before(async () => {
    w = await startWarden();
    use({ w, iam: new IAMClient(w.clientConfig), rootKms: new KMSClient(w.clientConfig), account: w.accountId });
  });
  after(async () => {
    await w?.stop();
  });
}
