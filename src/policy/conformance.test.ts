// Replays the IAM evaluation conformance corpus (../shared/conformance/iam-evaluation) in Strict mode.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compilePolicy, evaluate, principalFromArn } from './index.js';
import type { EvaluationRequest, OrgPolicyLevel, PolicyType } from './index.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const corpusDir = resolve(repoRoot, '../shared/conformance/iam-evaluation');
const present = existsSync(corpusDir);
const skipReason =
  present || process.env.CI === 'true'
    ? false
    : `conformance corpus not found at ${corpusDir} (set CI=true to require it)`;

type Doc = Record<string, unknown>;
interface CorpusCase {
  name: string;
  skip?: boolean;
  simulation?: { mode?: string };
  request: {
    action: string;
    resource: { resource: string; accountId: string };
    principal: string | { type: string };
    context?: Record<string, string | string[]>;
    wildcardOnlyAction?: boolean;
  };
  identityPolicies?: Doc[];
  serviceControlPolicies?: { orgIdentifier: string; policies: Doc[] }[];
  resourceControlPolicies?: { orgIdentifier: string; policies: Doc[] }[];
  resourcePolicy?: Doc;
  permissionBoundaries?: Doc[];
  sessionPolicy?: Doc;
  endpointPolicies?: Doc[];
  expected: { response: string; blockedBy?: string[] };
}

function corpusFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...corpusFiles(path));
    else if (entry.name.endsWith('.json')) out.push(path);
  }
  return out.sort();
}

/** The corpus names policy types its own way. */
const CORPUS_TYPE: Record<PolicyType, string> = {
  scp: 'scp',
  rcp: 'rcp',
  endpoint: 'vpce',
  boundary: 'pb',
  session: 'session',
  identity: 'identity',
  resource: 'resource',
};

function levels(list: CorpusCase['serviceControlPolicies'], kind: string): OrgPolicyLevel[] | undefined {
  return list?.map((level, i) => ({
    id: level.orgIdentifier,
    policies: level.policies.map((p, j) => compilePolicy(JSON.stringify(p), `${kind}-${i}-${j}`)),
  }));
}

/** Translates a corpus case into an engine request. */
function toRequest(c: CorpusCase): EvaluationRequest {
  const { request } = c;
  const principal =
    typeof request.principal === 'string' ? principalFromArn(request.principal) : { type: 'Anonymous' as const };
  const resource = request.resource.resource;
  return {
    action: request.action,
    resource,
    // The corpus reads an unflagged wildcard resource as a simulation over matching resources, and the resource
    // of a wildcard-only action as the literal `*`.
    resourceIsPattern: !request.wildcardOnlyAction && /[*?]/.test(resource),
    resourceAccount: request.resource.accountId,
    principal,
    context: request.context,
    identityPolicies: c.identityPolicies?.map((p, i) => compilePolicy(JSON.stringify(p), `identity-${i}`)),
    permissionsBoundaries: c.permissionBoundaries?.map((p, i) => compilePolicy(JSON.stringify(p), `boundary-${i}`)),
    sessionPolicies: c.sessionPolicy ? [compilePolicy(JSON.stringify(c.sessionPolicy), 'session')] : undefined,
    // A few cases also carry `resourcePolicies` (plural), which is not part of the corpus format; their expected
    // decisions hold whether or not it is read as the resource policy, so it is left out.
    resourcePolicy: c.resourcePolicy ? compilePolicy(JSON.stringify(c.resourcePolicy), 'resource') : undefined,
    scps: levels(c.serviceControlPolicies, 'scp'),
    rcps: levels(c.resourceControlPolicies, 'rcp'),
    endpointPolicies: c.endpointPolicies?.map((p, i) => compilePolicy(JSON.stringify(p), `endpoint-${i}`)),
  };
}

let passed = 0;
let inScope = 0;

describe('IAM evaluation conformance corpus (Strict mode)', { skip: skipReason }, () => {
  if (!present) {
    test('corpus folder is present', () => assert.fail(`missing ${corpusDir}`));
    return;
  }
  for (const file of corpusFiles(corpusDir)) {
    const cases = JSON.parse(readFileSync(file, 'utf8')) as CorpusCase[];
    const label = relative(corpusDir, file);
    for (const c of cases) {
      if (c.skip || c.simulation?.mode === 'Discovery') continue;
      inScope++;
      test(`${label} › ${c.name}`, () => {
        const result = evaluate(toRequest(c));
        assert.equal(result.decision, c.expected.response);
        if (c.expected.blockedBy) {
          assert.deepEqual(
            result.blockedBy.map((t) => CORPUS_TYPE[t]),
            c.expected.blockedBy,
          );
        }
        passed++;
      });
    }
  }
  after(() => {
    console.log(`iam-evaluation conformance: ${passed}/${inScope} Strict-mode cases passed`);
  });
});
