// Accepting and terminating Warden's agreements, per account or per organization (by its management account), each
// change committed together with its AwsServiceEvent record in the account's trail; and which acceptances apply to an
// account (its own, and its organization's while it is a member).
import { randomBytes } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { auditRowOf } from '../../audit/row.js';
import { buildServiceEventRecord } from '../../audit/service-event.js';
import type { Database } from '../../store/schema.js';
import type { Store } from '../../store/store.js';
import { agreementById, type AgreementDocument } from './agreement-catalogue.js';
import type { ArtifactCustomerAgreementsTable } from './tables.js';

export type CustomerAgreementRow = Selectable<ArtifactCustomerAgreementsTable>;

export interface AgreementChange {
  agreementId: string;
  accountId: string;
  /** For the organization the account manages, rather than for the account alone. */
  organization: boolean;
  region: string;
  partition: string;
  now: Date;
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function customerAgreementId(): string {
  const bytes = randomBytes(16);
  let id = '';
  // 62 letters and digits: bytes 0..247 map evenly; the rare byte above is replaced by a fresh one.
  for (let i = 0; i < bytes.length; i++) {
    let b = bytes[i];
    while (b >= 248) b = randomBytes(1)[0];
    id += ALPHANUMERIC[b % 62];
  }
  return `customer-agreement-${id}`;
}

export const customerAgreementArn = (partition: string, row: CustomerAgreementRow): string =>
  `arn:${partition}:artifact::${row.account_id}:customer-agreement/${row.id}`;
export const agreementArn = (partition: string, agreementId: string): string =>
  `arn:${partition}:artifact:::agreement/${agreementId}`;
export const organizationArn = (partition: string, managementAccountId: string, orgId: string): string =>
  `arn:${partition}:organizations::${managementAccountId}:organization/${orgId}`;

function documentOf(agreementId: string): AgreementDocument {
  const doc = agreementById(agreementId);
  if (doc === undefined) throw new Error(`no agreement ${agreementId} (see \`warden artifact agreements list\`)`);
  return doc;
}

/** The organization the account manages, or an error saying it manages none. */
async function managedOrganization(db: Kysely<Database>, accountId: string): Promise<string> {
  const org = await db
    .selectFrom('org_organizations')
    .select('id')
    .where('management_account_id', '=', accountId)
    .executeTakeFirst();
  if (org === undefined) {
    throw new Error(`account ${accountId} is not the management account of an organization (--organization)`);
  }
  return org.id;
}

async function activeAcceptance(
  db: Kysely<Database>,
  agreementId: string,
  accountId: string,
  orgId: string | null,
): Promise<CustomerAgreementRow | undefined> {
  return db
    .selectFrom('artifact_customer_agreements')
    .selectAll()
    .where('agreement_id', '=', agreementId)
    .where('account_id', '=', accountId)
    .where('state', '=', 'ACTIVE')
    .where((eb) => (orgId === null ? eb('org_id', 'is', null) : eb('org_id', '=', orgId)))
    .executeTakeFirst();
}

function record(eventName: string, change: AgreementChange, row: CustomerAgreementRow, doc: AgreementDocument) {
  return auditRowOf(
    buildServiceEventRecord({
      eventSource: 'artifact.amazonaws.com',
      eventName,
      region: change.region,
      recipientAccountId: change.accountId,
      time: change.now,
      details: {
        agreementId: doc.id,
        agreementName: doc.name,
        customerAgreementId: row.id,
        scope: row.org_id === null ? 'ACCOUNT' : 'ORGANIZATION',
        ...(row.org_id === null ? {} : { organizationId: row.org_id }),
      },
      resources: [
        {
          ARN: customerAgreementArn(change.partition, row),
          accountId: change.accountId,
          type: 'AWS::Artifact::CustomerAgreement',
        },
      ],
    }),
  );
}

/**
 * Accepts the agreement for the account (or its organization); the acceptance and its AcceptAgreement record commit
 * in one transaction, so the trail never lacks one the store holds. An agreement already active is an error.
 */
export async function acceptAgreement(store: Store, change: AgreementChange): Promise<CustomerAgreementRow> {
  const doc = documentOf(change.agreementId);
  return store.transaction(async (trx) => {
    const account = await trx
      .selectFrom('accounts')
      .select('status')
      .where('id', '=', change.accountId)
      .executeTakeFirst();
    // An agreement binds an account that exists and is open: a mistyped id must not leave an acceptance behind.
    if (account === undefined || account.status !== 'ACTIVE') {
      throw new Error(`account ${change.accountId} is not an active Warden account`);
    }
    const orgId = change.organization ? await managedOrganization(trx, change.accountId) : null;
    if ((await activeAcceptance(trx, doc.id, change.accountId, orgId)) !== undefined) {
      throw new Error(`${doc.id} is already accepted for ${orgId ?? `account ${change.accountId}`}`);
    }
    const row: CustomerAgreementRow = {
      id: customerAgreementId(),
      agreement_id: doc.id,
      account_id: change.accountId,
      org_id: orgId,
      state: 'ACTIVE',
      effective_start: change.now.getTime(),
      effective_end: null,
    };
    await trx.insertInto('artifact_customer_agreements').values(row).execute();
    await trx
      .insertInto('audit_events')
      .values(record('AcceptAgreement', change, row, doc))
      .execute();
    return row;
  });
}

/** Terminates the account's (or its organization's) active acceptance, with its TerminateAgreement record. */
export async function terminateAgreement(store: Store, change: AgreementChange): Promise<CustomerAgreementRow> {
  const doc = documentOf(change.agreementId);
  return store.transaction(async (trx) => {
    const orgId = change.organization ? await managedOrganization(trx, change.accountId) : null;
    const active = await activeAcceptance(trx, doc.id, change.accountId, orgId);
    if (active === undefined) {
      throw new Error(`${doc.id} is not accepted for ${orgId ?? `account ${change.accountId}`}`);
    }
    const row: CustomerAgreementRow = {
      ...active,
      state: 'CUSTOMER_TERMINATED',
      effective_end: change.now.getTime(),
    };
    const updated = await trx
      .updateTable('artifact_customer_agreements')
      .set({ state: row.state, effective_end: row.effective_end })
      .where('id', '=', active.id)
      .where('state', '=', 'ACTIVE')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new Error(`${doc.id} was terminated concurrently`);
    await trx
      .insertInto('audit_events')
      .values(record('TerminateAgreement', change, row, doc))
      .execute();
    return row;
  });
}

export interface ApplicableAgreement {
  row: CustomerAgreementRow;
  /** The organization's management account, when the acceptance is an organization's. */
  managementAccountId?: string;
}

/**
 * The acceptances that apply to the account: its own, and its organization's while it belongs to it (leaving the
 * organization takes them away), oldest first, the id breaking ties so pages are stable.
 */
export async function applicableAgreements(db: Kysely<Database>, accountId: string): Promise<ApplicableAgreement[]> {
  const membership = await db
    .selectFrom('org_accounts')
    .innerJoin('org_organizations', 'org_organizations.id', 'org_accounts.org_id')
    .select(['org_accounts.org_id as org_id', 'org_organizations.management_account_id as management'])
    .where('org_accounts.account_id', '=', accountId)
    .executeTakeFirst();
  const rows = await db
    .selectFrom('artifact_customer_agreements')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb.and([eb('account_id', '=', accountId), eb('org_id', 'is', null)]),
        ...(membership === undefined
          ? []
          : [eb.and([eb('org_id', '=', membership.org_id), eb('account_id', '=', membership.management)])]),
      ]),
    )
    .orderBy('effective_start')
    .orderBy('id')
    .execute();
  return rows.map((row) =>
    row.org_id === null ? { row } : { row, managementAccountId: membership?.management ?? row.account_id },
  );
}
