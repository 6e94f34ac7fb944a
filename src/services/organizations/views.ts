// Wire shapes of Organizations entities, built from rows.
import type { Account, OrganizationalUnit, PolicySummary, Root } from '../../aws/generated/organizations.js';
import type { AccountsTable } from '../../store/schema.js';
import type { OrgAccountsTable, OrgPoliciesTable, OrgUnitsTable } from './tables.js';
import { FULL_AWS_ACCESS_ID, RCP_FULL_AWS_ACCESS_ID, accountArn, ouArn, policyArn, rootArn } from './ids.js';
import type { ArnScope } from './ids.js';
import type { PolicyTypeState } from './org-context.js';

type AccountStatus = NonNullable<Account['Status']>;

export function accountView(scope: ArnScope, account: AccountsTable, member: OrgAccountsTable): Account {
  const state = account.status as NonNullable<Account['State']>;
  return {
    Id: account.id,
    Arn: accountArn(scope, account.id),
    Email: account.email,
    Name: account.name,
    // Status is the deprecated field: AWS shows CLOSED accounts as SUSPENDED there.
    Status: (state === 'CLOSED' ? 'SUSPENDED' : state) as AccountStatus,
    State: state,
    JoinedMethod: member.joined_method as NonNullable<Account['JoinedMethod']>,
    JoinedTimestamp: new Date(member.joined_at),
  };
}

export function ouView(scope: ArnScope, ou: OrgUnitsTable, path?: string): OrganizationalUnit {
  return { Id: ou.id, Arn: ouArn(scope, ou.id), Name: ou.name, ...(path ? { Path: path } : {}) };
}

export function rootView(scope: ArnScope, rootId: string, policyTypes: PolicyTypeState[]): Root {
  return {
    Id: rootId,
    Arn: rootArn(scope, rootId),
    Name: 'Root',
    PolicyTypes: policyTypes as Root['PolicyTypes'],
  };
}

/** A customer policy row, or one of AWS's managed ones (which exist in every organization). */
export interface PolicyRecord {
  id: string;
  type: string;
  name: string;
  description: string;
  content: string;
  awsManaged: boolean;
}

const ALLOW_ALL = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
});
const RCP_ALLOW_ALL = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }],
});

export const AWS_MANAGED_POLICIES: readonly PolicyRecord[] = [
  {
    id: FULL_AWS_ACCESS_ID,
    type: 'SERVICE_CONTROL_POLICY',
    name: 'FullAWSAccess',
    description: 'Allows access to every operation',
    content: ALLOW_ALL,
    awsManaged: true,
  },
  {
    id: RCP_FULL_AWS_ACCESS_ID,
    type: 'RESOURCE_CONTROL_POLICY',
    name: 'RCPFullAWSAccess',
    description: 'Allows access to every operation',
    content: RCP_ALLOW_ALL,
    awsManaged: true,
  },
];

export function policyRecord(row: OrgPoliciesTable): PolicyRecord {
  return {
    id: row.id,
    type: row.type,
    name: row.name,
    description: row.description,
    content: row.content,
    awsManaged: false,
  };
}

export function policySummary(scope: ArnScope, p: PolicyRecord): PolicySummary {
  return {
    Id: p.id,
    Arn: policyArn(scope, p.type, p.id, p.awsManaged),
    Name: p.name,
    Description: p.description,
    Type: p.type as PolicySummary['Type'],
    AwsManaged: p.awsManaged,
  };
}
