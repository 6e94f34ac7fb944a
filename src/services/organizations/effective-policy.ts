// Effective management policy (tag, backup, AI opt-out, chatbot, declarative and the other management types):
// the policies attached from the root down to the account merged with AWS's value-setting operators (@@assign,
// @@append, @@remove) and child control operator (@@operators_allowed_for_child_policies with @@all, @@none or a
// list), as the User Guide's "Policy syntax and inheritance for management policy types" describes. Pure and
// bounded: policies in, the effective document out with the operators removed; nesting past MAX_POLICY_DEPTH is
// not walked (validation refuses it before a policy is stored).
import { MAX_POLICY_DEPTH } from './policy-content.js';

const CHILD_CONTROL = '@@operators_allowed_for_child_policies';
const ALL_OPERATORS: ReadonlySet<string> = new Set(['@@assign', '@@append', '@@remove']);

interface Node {
  children: Map<string, Node>;
  hasValue: boolean;
  value: unknown;
  /** Operators policies at this level may use here: every one unless a higher level narrowed them. */
  allowed: ReadonlySet<string>;
  /** What the current level's policies allow the levels below (their intersection), committed after the level. */
  pending?: Set<string>;
  /** Whether a policy of the current level already assigned this value (the first one attached wins). */
  assignedThisLevel: boolean;
}

const newNode = (allowed: ReadonlySet<string>): Node => ({
  children: new Map(),
  hasValue: false,
  value: undefined,
  allowed,
  assignedThisLevel: false,
});

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const asList = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? [...v] : [v]);
const sameValue = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The operators a child control list allows: @@all every one, @@none (or nothing known) none. */
function allowedBy(list: readonly unknown[]): Set<string> {
  const names = list.map(String);
  if (names.includes('@@none')) return new Set();
  if (names.includes('@@all')) return new Set(ALL_OPERATORS);
  return new Set(names.filter((n) => ALL_OPERATORS.has(n)));
}

function intersect(a: ReadonlySet<string>, b: ReadonlySet<string>): Set<string> {
  return new Set([...a].filter((op) => b.has(op)));
}

/** Records a policy's child control at node: policies of one level intersect (User Guide, example 5). */
function noteControl(node: Node, control: unknown): void {
  if (!Array.isArray(control)) return;
  const allowed = allowedBy(control);
  node.pending = node.pending ? intersect(node.pending, allowed) : allowed;
}

function applyValue(node: Node, spec: Record<string, unknown>): void {
  if ('@@assign' in spec && node.allowed.has('@@assign') && !node.assignedThisLevel) {
    node.value = spec['@@assign'];
    node.hasValue = true;
    node.assignedThisLevel = true;
  }
  if ('@@append' in spec && node.allowed.has('@@append')) {
    const merged = asList(node.value);
    for (const item of asList(spec['@@append'])) if (!merged.some((m) => sameValue(m, item))) merged.push(item);
    node.value = merged;
    node.hasValue = true;
  }
  if ('@@remove' in spec && node.allowed.has('@@remove') && Array.isArray(node.value)) {
    const removed = asList(spec['@@remove']);
    node.value = node.value.filter((item) => !removed.some((r) => sameValue(r, item)));
    // A setting emptied by @@remove no longer applies (User Guide, example 3: "not enforced", and absent).
    if ((node.value as unknown[]).length === 0) {
      node.value = undefined;
      node.hasValue = false;
    }
  }
}

function applyPolicy(node: Node, policy: Record<string, unknown>, depth: number): void {
  noteControl(node, policy[CHILD_CONTROL]);
  if (depth > MAX_POLICY_DEPTH) return;
  for (const [key, spec] of Object.entries(policy)) {
    if (key.startsWith('@@') || !isObject(spec)) continue;
    let child = node.children.get(key);
    if (!child) {
      child = newNode(node.allowed);
      node.children.set(key, child);
    }
    if ('@@assign' in spec || '@@append' in spec || '@@remove' in spec) {
      noteControl(child, spec[CHILD_CONTROL]);
      applyValue(child, spec);
    } else {
      applyPolicy(child, spec, depth + 1);
    }
  }
}

/** After a level: its restrictions bind the levels below (never loosening a higher one's), down the subtree. */
function commitLevel(node: Node, inherited: ReadonlySet<string> | undefined, depth: number): void {
  let allowed = inherited ? intersect(node.allowed, inherited) : node.allowed;
  if (node.pending) allowed = intersect(allowed, node.pending);
  node.allowed = allowed;
  node.pending = undefined;
  node.assignedThisLevel = false;
  if (depth > MAX_POLICY_DEPTH) return;
  for (const child of node.children.values()) commitLevel(child, allowed, depth + 1);
}

function render(node: Node, depth: number): unknown {
  if (node.hasValue) return node.value;
  const out: Record<string, unknown> = {};
  if (depth > MAX_POLICY_DEPTH) return out;
  for (const [key, child] of node.children) {
    const value = render(child, depth + 1);
    if (value !== undefined && !(isObject(value) && Object.keys(value).length === 0)) out[key] = value;
  }
  return out;
}

/**
 * The effective document for an account, given the policies attached at each level from the root down to the
 * account (each level's documents in the order they were attached). Undefined when no policy applies.
 */
export function effectivePolicy(levels: readonly (readonly string[])[]): Record<string, unknown> | undefined {
  const root = newNode(ALL_OPERATORS);
  let any = false;
  for (const level of levels) {
    for (const document of level) {
      const parsed: unknown = JSON.parse(document);
      if (isObject(parsed)) {
        applyPolicy(root, parsed, 1);
        any = true;
      }
    }
    commitLevel(root, undefined, 1);
  }
  if (!any) return undefined;
  return render(root, 1) as Record<string, unknown>;
}
