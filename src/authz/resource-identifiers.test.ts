import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { CallerIdentity } from '../aws/identity.js';
import { loadModel, type ModelName } from '../aws/model.js';
import { SERVED_MODEL_NAMES, SERVICES } from '../../test/helpers/registry.js';
import { iamPrefixes, loadActionCatalog, type ActionCatalog } from './action-catalog.js';
import type { AccountDirectory, OrganizationDirectory } from '../core/authorization.js';
import { operationPlan, type OperationPlan } from './operation-plan.js';
import { identifyingMembers, resolveChecks, resourceOverrides } from './resolve-resources.js';

/** Every service's resource overrides, as a runtime with all of them resolves with. */
const OVERRIDES = resourceOverrides(SERVICES);

// An ARN in a member that does not name the resource (a description, a password, a key prefix) must never change
// what a request is authorized on: checked for every modelled operation of every served service.

const ACCOUNT = '111122223333';
const OTHER = '444455556666';
const alice: CallerIdentity = {
  type: 'IAMUser',
  accountId: ACCOUNT,
  partition: 'aws',
  arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
  principalId: 'AIDAALICE',
  userName: 'alice',
};

/** An empty IAM directory: names resolve at the root path, as for entities that do not exist. */
const directory = {
  user: async () => null,
  role: async () => null,
  group: async () => null,
  policy: async () => null,
  accessKeyOwner: async () => null,
} as unknown as AccountDirectory;

const ORG = { orgId: 'o-exampleorg1', managementAccountId: ACCOUNT };
const organizations: OrganizationDirectory = {
  organizationOf: async () => ORG,
  policy: async () => ({ type: 'SERVICE_CONTROL_POLICY', awsManaged: false }),
  handshake: async () => ({ action: 'INVITE', org: ORG }),
};

let catalog: ActionCatalog;
before(async () => {
  catalog = await loadActionCatalog(iamPrefixes(SERVICES));
});

const SERVED = SERVED_MODEL_NAMES;

type Input = Record<string, unknown>;

function operations(): { service: ModelName; operation: string }[] {
  return SERVED.flatMap((service) =>
    Object.keys(loadModel(service).operations).map((operation) => ({ service, operation })),
  );
}

/** The operation's top-level members of string and string-list type. */
function textMembers(service: ModelName, operation: string): Map<string, 'string' | 'list'> {
  const model = loadModel(service);
  const shape = model.shapes[model.operations[operation]?.input?.shape ?? ''];
  const out = new Map<string, 'string' | 'list'>();
  for (const [name, ref] of Object.entries(shape?.members ?? {})) {
    const s = model.shapes[ref.shape];
    if (s?.type === 'string') out.set(name, 'string');
    else if (s?.type === 'list' && s.member && model.shapes[s.member.shape]?.type === 'string') out.set(name, 'list');
  }
  return out;
}

/** Every top-level input member of the operation. */
function allMembers(service: ModelName, operation: string): string[] {
  const model = loadModel(service);
  return Object.keys(model.shapes[model.operations[operation]?.input?.shape ?? '']?.members ?? {});
}

/** An ARN of each resource type the operation's actions act on, in another account and in the caller's. */
function foreignArns(plan: OperationPlan): string[] {
  const arns = new Set<string>([alice.arn]);
  for (const check of plan.checks) {
    for (const rt of check.resourceTypes) {
      for (const account of [OTHER, ACCOUNT]) {
        arns.add(
          rt.type.arn.replace(/\$\{(\w+)\}/g, (_, v: string) =>
            v === 'Partition' ? 'aws' : v === 'Region' ? 'us-east-1' : v === 'Account' ? account : 'victim',
          ),
        );
      }
    }
  }
  return [...arns];
}

async function resolved(plan: OperationPlan, input: Input): Promise<string[][]> {
  const env = {
    identity: alice,
    partition: 'aws',
    region: 'us-east-1',
    operation: plan.operation,
    input,
    directory: async () => directory,
    organizations,
  };
  return (await resolveChecks(env, plan, OVERRIDES)).map((c) => [c.action, ...c.resources.map((r) => r.arn)]);
}

/** The request with no identifier, and with every identifier given a plain value. */
function baselines(plan: OperationPlan, members: ReadonlyMap<string, 'string' | 'list'>): Input[] {
  const filled: Input = {};
  for (const m of identifyingMembers(plan, OVERRIDES)) {
    const kind = members.get(m);
    if (kind !== undefined) filled[m] = kind === 'list' ? ['alpha'] : 'alpha';
  }
  return [{}, filled];
}

describe('only the members that name a resource decide it', () => {
  test('a foreign ARN in any other string member changes no resolved check, in any served operation', async () => {
    let tried = 0;
    const changed: string[] = [];
    for (const { service, operation } of operations()) {
      const plan = operationPlan(catalog, service, operation);
      const members = textMembers(service, operation);
      const identifiers = new Set(identifyingMembers(plan, OVERRIDES));
      const free = [...members].filter(([m]) => !identifiers.has(m));
      for (const base of baselines(plan, members)) {
        const expected = await resolved(plan, base);
        for (const [member, kind] of free) {
          for (const arn of foreignArns(plan)) {
            tried++;
            const actual = await resolved(plan, { ...base, [member]: kind === 'list' ? [arn] : arn });
            if (JSON.stringify(actual) !== JSON.stringify(expected)) {
              changed.push(`${service}:${operation} ${member}=${arn}: ${JSON.stringify(actual)}`);
            }
          }
        }
      }
    }
    assert.deepEqual(changed, []);
    assert.ok(tried > 1000, `only ${tried} cases tried`);
  });

  test('free text is never an identifier', () => {
    const FREE_TEXT =
      /^(Description|Password|NewPassword|OldPassword|PolicyDocument|AssumeRolePolicyDocument|Policy|Content|Value|Notes|S3KeyPrefix|S3BucketName|SnsTopicName|ResourcePolicy|SAMLMetadataDocument|CertificateBody|PrivateKey|CertificateChain|ResourceArns|CallerArn|RoleSessionName|ExternalId|SourceIdentity|Plaintext)$/;
    // Where a member of such a name really is the list of resources acted on: ELBv2's tagging calls name the
    // load balancers, target groups, listeners and rules they tag by ResourceArns (IAM's simulator does not).
    const NAMES_THE_RESOURCES = new Set(['elbv2:AddTags ResourceArns', 'elbv2:RemoveTags ResourceArns']);
    const found: string[] = [];
    for (const { service, operation } of operations()) {
      const plan = operationPlan(catalog, service, operation);
      for (const m of identifyingMembers(plan, OVERRIDES)) {
        const where = `${service}:${operation} ${m}`;
        if (FREE_TEXT.test(m) && !NAMES_THE_RESOURCES.has(where)) found.push(where);
      }
    }
    assert.deepEqual(found, []);
  });

  test('the identifiers are the members the service authorization reference names', () => {
    const ids = (service: ModelName, operation: string) =>
      identifyingMembers(operationPlan(catalog, service, operation), OVERRIDES).sort();
    assert.deepEqual(ids('iam', 'UpdateLoginProfile'), ['UserName']);
    assert.deepEqual(ids('iam', 'CreateRole'), ['Path', 'RoleName', 'Tags']);
    assert.deepEqual(ids('iam', 'UpdateRole'), ['RoleName']);
    assert.deepEqual(ids('iam', 'CreatePolicyVersion'), ['PolicyArn']);
    assert.deepEqual(ids('iam', 'SimulatePrincipalPolicy'), ['PolicySourceArn']);
    assert.deepEqual(ids('sts', 'AssumeRole'), ['RoleArn']);
    assert.deepEqual(ids('cloudtrail', 'UpdateTrail'), ['CloudWatchLogsRoleArn', 'Name']);
    assert.deepEqual(ids('cloudtrail', 'AddTags'), ['ResourceId']);
    assert.deepEqual(ids('kms', 'Encrypt'), ['KeyId']);
    assert.deepEqual(ids('organizations', 'UpdatePolicy'), ['PolicyId']);
    assert.deepEqual(ids('organizations', 'AttachPolicy'), ['PolicyId', 'TargetId']);
    assert.deepEqual(ids('organizations', 'TagResource'), ['ResourceId']);
  });

  test('legitimate ARN identifiers still name the resource', async () => {
    const plan = (service: ModelName, operation: string) => operationPlan(catalog, service, operation);
    const trail = `arn:aws:cloudtrail:us-west-2:${OTHER}:trail/other`;
    assert.deepEqual(await resolved(plan('cloudtrail', 'UpdateTrail'), { Name: trail, S3KeyPrefix: 'x' }), [
      ['cloudtrail:UpdateTrail', trail],
    ]);
    const policy = `arn:aws:iam::${ACCOUNT}:policy/P`;
    assert.deepEqual(await resolved(plan('iam', 'GetPolicy'), { PolicyArn: policy }), [['iam:GetPolicy', policy]]);
    const key = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    assert.deepEqual(await resolved(plan('kms', 'Encrypt'), { KeyId: key }), [['kms:Encrypt', key]]);
    const role = `arn:aws:iam::${ACCOUNT}:role/r`;
    assert.deepEqual(await resolved(plan('sts', 'AssumeRole'), { RoleArn: role, RoleSessionName: 's' }), [
      ['sts:AssumeRole', role],
    ]);
  });
});

describe('Organizations resources', () => {
  const resolve = (operation: string, input: Input) =>
    resolved(operationPlan(catalog, 'organizations', operation), input);
  const arn = (resource: string) => `arn:aws:organizations::${ACCOUNT}:${resource}`;

  test('ids name their resources in the organization, without wildcards or doubled prefixes', async () => {
    assert.deepEqual(await resolve('UpdatePolicy', { PolicyId: 'p-abcdefgh' }), [
      ['organizations:UpdatePolicy', arn('policy/o-exampleorg1/service_control_policy/p-abcdefgh')],
    ]);
    assert.deepEqual(await resolve('DescribeAccount', { AccountId: OTHER }), [
      ['organizations:DescribeAccount', arn(`account/o-exampleorg1/${OTHER}`)],
    ]);
    assert.deepEqual(await resolve('DescribeOrganizationalUnit', { OrganizationalUnitId: 'ou-ab12-cdefgh34' }), [
      ['organizations:DescribeOrganizationalUnit', arn('ou/o-exampleorg1/ou-ab12-cdefgh34')],
    ]);
    assert.deepEqual(await resolve('ListChildren', { ParentId: 'r-ab12', ChildType: 'ACCOUNT' }), [
      ['organizations:ListChildren', arn('root/o-exampleorg1/r-ab12')],
    ]);
    assert.deepEqual(await resolve('DescribeHandshake', { HandshakeId: 'h-abcdefgh12' }), [
      ['organizations:DescribeHandshake', arn('handshake/o-exampleorg1/invite/h-abcdefgh12')],
    ]);
    assert.deepEqual(await resolve('AttachPolicy', { PolicyId: 'p-abcdefgh', TargetId: 'ou-ab12-cdefgh34' }), [
      [
        'organizations:AttachPolicy',
        arn('policy/o-exampleorg1/service_control_policy/p-abcdefgh'),
        arn('ou/o-exampleorg1/ou-ab12-cdefgh34'),
      ],
    ]);
  });

  test('tagging acts on the resource its ResourceId names', async () => {
    assert.deepEqual(await resolve('TagResource', { ResourceId: OTHER, Tags: [] }), [
      ['organizations:TagResource', arn(`account/o-exampleorg1/${OTHER}`)],
    ]);
    assert.deepEqual(await resolve('UntagResource', { ResourceId: 'r-ab12', TagKeys: [] }), [
      ['organizations:UntagResource', arn('root/o-exampleorg1/r-ab12')],
    ]);
  });

  test("DescribeEffectivePolicy without a target is about the caller's account", async () => {
    assert.deepEqual(await resolve('DescribeEffectivePolicy', { PolicyType: 'TAG_POLICY' }), [
      ['organizations:DescribeEffectivePolicy', arn(`account/o-exampleorg1/${ACCOUNT}`)],
    ]);
  });
});

/** Any value a client could send: text, ARNs of any resource type of the catalog, lists and nested objects. */
function noise(templates: readonly string[]): fc.Arbitrary<unknown> {
  const segment = fc.stringMatching(/^[A-Za-z0-9/_.:*-]{0,24}$/);
  const arn = fc
    .tuple(fc.constantFrom(...templates), fc.constantFrom(ACCOUNT, OTHER, '', 'aws', '*'), segment)
    .map(([template, account, value]) =>
      template.replace(/\$\{(\w+)\}/g, (_, v: string) =>
        v === 'Partition' ? 'aws' : v === 'Region' ? 'us-east-1' : v === 'Account' ? account : value,
      ),
    );
  const text = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), arn, fc.constant(alice.arn));
  return fc.oneof(text, fc.array(text, { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 8 }), text));
}

describe('property: random input in members that name no resource never changes the authorized resource', () => {
  test('random values anywhere but the identifiers', async () => {
    const cases = operations()
      .map(({ service, operation }) => {
        const plan = operationPlan(catalog, service, operation);
        const identifiers = new Set(identifyingMembers(plan, OVERRIDES));
        return {
          plan,
          identifiers: [...identifiers],
          free: allMembers(service, operation).filter((m) => !identifiers.has(m)),
        };
      })
      .filter((c) => c.free.length > 0);
    const templates = [
      ...new Set(cases.flatMap((c) => c.plan.checks.flatMap((k) => k.resourceTypes.map((t) => t.type.arn)))),
    ];
    const value = noise(templates);
    const name = fc.stringMatching(/^[A-Za-z0-9+=,.@_-]{1,16}$/);
    const request = fc.constantFrom(...cases).chain((c) =>
      fc.record({
        c: fc.constant(c),
        base: fc.dictionary(fc.constantFrom(...(c.identifiers.length > 0 ? c.identifiers : ['-'])), name, {
          maxKeys: 3,
        }),
        extra: fc.dictionary(fc.constantFrom(...c.free), value, { minKeys: 1, maxKeys: 4 }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(request, async ({ c, base, extra }) => {
        assert.deepEqual(await resolved(c.plan, { ...base, ...extra }), await resolved(c.plan, base));
      }),
      { numRuns: 2000 },
    );
  });
});
