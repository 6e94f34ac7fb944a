// Systems Manager's ARNs and identifiers.
import { randomBytes, randomUUID } from 'node:crypto';

export function activationArn(partition: string, region: string, accountId: string, id: string): string {
  return `arn:${partition}:ssm:${region}:${accountId}:activation/${id}`;
}

export function managedInstanceArn(partition: string, region: string, accountId: string, id: string): string {
  return `arn:${partition}:ssm:${region}:${accountId}:managed-instance/${id}`;
}

/** `mi-` and 17 lower-case hex digits, as AWS names a registered host. */
export function newManagedInstanceId(): string {
  return `mi-${randomBytes(9).toString('hex').slice(0, 17)}`;
}

export function newActivationId(): string {
  return randomUUID();
}

/** The role an activation's IamRole names: a role name, with its path when it has one (`service-role/Name`). */
export function roleArnOf(partition: string, accountId: string, iamRole: string): string {
  return `arn:${partition}:iam::${accountId}:role/${iamRole}`;
}
