// Test helper: an IAM administrator with an access key, to assume roles where a test would otherwise use the root user.
import { AttachUserPolicyCommand, CreateAccessKeyCommand, CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import type { TestWarden } from './warden.js';

export interface AdministratorKeys {
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * Creates an IAM user holding AdministratorAccess in the account whose credentials are given (the first account's root
 * by default) and returns its new access key. AWS refuses sts:AssumeRole to the root user ("Roles may not be assumed
 * by root accounts."), so a test reaching a member account's OrganizationAccountAccessRole does so as this user.
 * Three IAM calls, billed and audited under that account.
 */
export async function administratorKeys(
  w: TestWarden,
  name = 'administrator',
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } = w.credentials,
): Promise<AdministratorKeys> {
  const iam = new IAMClient({ ...w.clientConfig, credentials });
  await iam.send(new CreateUserCommand({ UserName: name }));
  await iam.send(
    new AttachUserPolicyCommand({ UserName: name, PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }),
  );
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
  return { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
}
