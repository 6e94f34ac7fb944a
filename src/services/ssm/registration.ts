// How a host joins as a managed instance and keeps its credentials: the endpoint `warden agent` speaks (docs/ssm.md).
// botocore's ssm model has no registration operation (AWS's agent uses an unpublished API), so Warden documents its own.
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { buildServiceEventRecord } from '../../audit/service-event.js';
import { partitionOf } from '../../aws/partitions.js';
import type { Runtime } from '../../core/runtime.js';
import { activationCodeMatches } from './activation-code.js';
import { managedInstanceArn, newManagedInstanceId, roleArnOf } from './arns.js';
import { instanceCredentials, usableRole } from './instance-role.js';

/** A refusal, answered as `{"__type": code, "message": …}` with status 400 (JSON 1.1's error shape). */
export class AgentError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** How far a renewal's signed time may be from the server's: a captured request is useless after this. */
const PROOF_WINDOW_MS = 5 * 60 * 1000;
const ACTIVATION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const INSTANCE_ID = /^mi-[0-9a-f]{17}$/;
const MAX_KEY_CHARS = 200;

/** What the instance signs to renew its credentials (Ed25519 over these bytes). */
export function renewalMessage(instanceId: string, timestamp: number): Buffer {
  return Buffer.from(`warden-ssm-renew\n${instanceId}\n${timestamp}`, 'utf8');
}

function str(body: Record<string, unknown>, name: string, max: number): string {
  const value = body[name];
  if (typeof value !== 'string' || value === '' || value.length > max) {
    throw new AgentError('ValidationException', `${name} is missing or not valid.`);
  }
  return value;
}

function publicKeyOf(text: string): KeyObject {
  try {
    const key = createPublicKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'spki' });
    if (key.asymmetricKeyType === 'ed25519') return key;
  } catch {
    // fall through: not a key
  }
  throw new AgentError('ValidationException', 'PublicKey must be an Ed25519 public key (SPKI DER, base64).');
}

function credentialsOut(c: { accessKeyId: string; secretAccessKey: string; sessionToken: string; expiration: Date }) {
  return {
    AccessKeyId: c.accessKeyId,
    SecretAccessKey: c.secretAccessKey,
    SessionToken: c.sessionToken,
    Expiration: c.expiration.toISOString(),
  };
}

/** One refusal for every way an activation id and code can fail to match: the answer tells a guesser nothing. */
const badActivation = () => new AgentError('InvalidActivation', 'Activation ID or Code is not valid.');

/**
 * Registers a host: the activation (id and code, the code checked against its scrypt hash) must be of the region
 * asked for, unexpired and under its RegistrationLimit, and its role must still trust Systems Manager. Returns the new
 * managed instance's id and its first credentials.
 */
export async function registerInstance(runtime: Runtime, body: Record<string, unknown>, now: Date, sourceIp = '') {
  const activationId = str(body, 'ActivationId', 36);
  const code = str(body, 'ActivationCode', 250);
  const region = str(body, 'Region', 64);
  const publicKey = str(body, 'PublicKey', MAX_KEY_CHARS);
  publicKeyOf(publicKey);
  const hostname = typeof body.ComputerName === 'string' ? body.ComputerName.slice(0, 255) : null;
  const partition = partitionOf(region);
  if (partition === undefined) throw new AgentError('ValidationException', `Region ${region} is not valid.`);
  if (!ACTIVATION_ID.test(activationId)) throw badActivation();

  const db = runtime.store.db;
  const activation = await db
    .selectFrom('ssm_activations')
    .selectAll()
    .where('activation_id', '=', activationId)
    .executeTakeFirst();
  if (activation === undefined || activation.region !== region) throw badActivation();
  if (!(await activationCodeMatches(code, activation.code_hash))) throw badActivation();
  // Past the code check the caller holds the activation: it may learn why it is refused.
  if (Number(activation.expires_at) <= now.getTime()) {
    throw new AgentError('ActivationExpired', `Activation ${activationId} has expired.`);
  }
  const accountId = activation.account_id;
  const role = await usableRole(db, partition, region, accountId, activation.iam_role, now);
  if (role === undefined) {
    throw new AgentError(
      'InvalidRole',
      `Nonexistent role or missing ssm service principal in trust policy: ${roleArnOf(partition, accountId, activation.iam_role)}`,
    );
  }

  const instanceId = newManagedInstanceId();
  const registered = await db.transaction().execute(async (tx) => {
    // The count moves only while under the limit: two hosts racing for the last registration cannot both win.
    const counted = await tx
      .updateTable('ssm_activations')
      .set((eb) => ({ registrations_count: eb('registrations_count', '+', 1) }))
      .where('activation_id', '=', activationId)
      .whereRef('registrations_count', '<', 'registration_limit')
      .executeTakeFirst();
    if (Number(counted.numUpdatedRows) === 0) return false;
    await tx
      .insertInto('ssm_managed_instances')
      .values({
        instance_id: instanceId,
        account_id: accountId,
        region,
        activation_id: activationId,
        iam_role: activation.iam_role,
        name: activation.default_instance_name,
        registered_at: now.getTime(),
        public_key: publicKey,
        last_proof_at: 0,
        last_ping_at: now.getTime(),
        agent_version: null,
        platform_type: null,
        platform_name: null,
        platform_version: null,
        computer_name: hostname,
        ip_address: null,
        // AWS applies the activation's tags to the managed node registered with it (CreateActivation's Tags).
        tags: activation.tags,
      })
      .execute();
    return true;
  });
  if (!registered) {
    throw new AgentError(
      'ActivationLimitExceeded',
      `Activation ${activationId} has reached its registration limit of ${activation.registration_limit}.`,
    );
  }
  const credentials = await instanceCredentials(runtime, role, { instanceId, accountId, region, partition }, now);
  // A host joining the account is a security event: the trail shows it, as a Systems Manager service event.
  await runtime.audit.append(
    buildServiceEventRecord({
      eventSource: 'ssm.amazonaws.com',
      eventName: 'RegisterManagedInstance',
      region,
      recipientAccountId: accountId,
      time: now,
      details: {
        instanceId,
        activationId,
        iamRole: activation.iam_role,
        ...(hostname !== null ? { computerName: hostname.slice(0, 64) } : {}),
        sourceIPAddress: sourceIp,
      },
      resources: [
        {
          accountId,
          type: 'AWS::SSM::ManagedInstance',
          ARN: managedInstanceArn(partition, region, accountId, instanceId),
        },
      ],
    }),
  );
  return { InstanceId: instanceId, AccountId: accountId, Region: region, Credentials: credentialsOut(credentials) };
}

/**
 * Renews a managed instance's credentials: the request is signed with the instance's private key over its id and a
 * timestamp within five minutes of now and later than any accepted before (so a captured request cannot be
 * replayed). A deregistered instance, or one whose role no longer trusts Systems Manager, gets none.
 */
export async function renewCredentials(runtime: Runtime, body: Record<string, unknown>, now: Date) {
  const instanceId = str(body, 'InstanceId', 20);
  const signature = str(body, 'Signature', 200);
  const timestamp = body.Timestamp;
  const refused = () =>
    new AgentError('InvalidInstanceId', `Instance ${instanceId} is not registered or the proof is not valid.`);
  if (!INSTANCE_ID.test(instanceId) || typeof timestamp !== 'number' || !Number.isSafeInteger(timestamp)) {
    throw refused();
  }
  if (Math.abs(now.getTime() - timestamp) > PROOF_WINDOW_MS) {
    throw new AgentError('ClockSkew', 'Timestamp is more than five minutes from the server time.');
  }
  const db = runtime.store.db;
  const instance = await db
    .selectFrom('ssm_managed_instances')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .executeTakeFirst();
  if (instance === undefined) throw refused();
  const valid = await new Promise<boolean>((resolve) =>
    verify(
      null,
      renewalMessage(instanceId, timestamp),
      publicKeyOf(instance.public_key),
      Buffer.from(signature, 'base64'),
      (err, ok) => resolve(err === null && ok),
    ),
  );
  if (!valid) throw refused();
  const accepted = await db
    .updateTable('ssm_managed_instances')
    .set({ last_proof_at: timestamp, last_ping_at: now.getTime() })
    .where('instance_id', '=', instanceId)
    .where('last_proof_at', '<', timestamp)
    .executeTakeFirst();
  if (Number(accepted.numUpdatedRows) === 0) throw refused();
  const partition = partitionOf(instance.region) ?? 'aws';
  const role = await usableRole(db, partition, instance.region, instance.account_id, instance.iam_role, now);
  if (role === undefined) {
    throw new AgentError(
      'InvalidRole',
      `Nonexistent role or missing ssm service principal in trust policy: ${roleArnOf(partition, instance.account_id, instance.iam_role)}`,
    );
  }
  const credentials = await instanceCredentials(
    runtime,
    role,
    { instanceId, accountId: instance.account_id, region: instance.region, partition },
    now,
  );
  return { InstanceId: instanceId, Credentials: credentialsOut(credentials) };
}
