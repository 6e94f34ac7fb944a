// Effective policy inheritance for management policies (tag policies): root → OUs → account, with AWS's
// value-setting operators (@@assign, @@append, @@remove) and the child-control operator
// @@operators_allowed_for_child_policies. Pure: policies in, the effective document out, operators removed.

const VALUE_OPERATORS = ['@@assign', '@@append', '@@remove'] as const;
const CHILD_CONTROL = '@@operators_allowed_for_child_policies';

interface Node {
  children: Map<string, Node>;
  hasValue: boolean;
  value: unknown;
  /** Operators policies at lower levels may use here (undefined: all), set by a higher level. */
  allowed?: Set<string>;
  /** Restrictions a policy at the current level set; they bind the levels below, not its own. */
  pending?: Set<string>;
}

const newNode = (allowed?: Set<string>): Node => ({ children: new Map(), hasValue: false, value: undefined, allowed });

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const asList = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function permits(node: Node, operator: string): boolean {
  if (!node.allowed) return true;
  return node.allowed.has(operator) && !node.allowed.has('@@none');
}

function applyValue(node: Node, spec: Record<string, unknown>): void {
  if ('@@assign' in spec && permits(node, '@@assign')) {
    node.value = spec['@@assign'];
    node.hasValue = true;
  }
  if ('@@append' in spec && permits(node, '@@append')) {
    const merged = asList(node.value);
    for (const item of asList(spec['@@append'])) if (!merged.includes(item)) merged.push(item);
    node.value = merged;
    node.hasValue = true;
  }
  if ('@@remove' in spec && permits(node, '@@remove')) {
    const removed = asList(spec['@@remove']);
    if (Array.isArray(node.value)) node.value = node.value.filter((item) => !removed.includes(item));
    else if (removed.includes(node.value) || removed.length === 0) {
      node.value = undefined;
      node.hasValue = false;
    }
  }
}

function applyPolicy(node: Node, policy: Record<string, unknown>): void {
  const control = policy[CHILD_CONTROL];
  if (Array.isArray(control)) node.pending = new Set(control.map(String));
  for (const [key, spec] of Object.entries(policy)) {
    if (key.startsWith('@@') || !isObject(spec)) continue;
    let child = node.children.get(key);
    if (!child) {
      child = newNode(node.allowed);
      node.children.set(key, child);
    }
    if (VALUE_OPERATORS.some((op) => op in spec)) {
      const childControl = spec[CHILD_CONTROL];
      if (Array.isArray(childControl)) child.pending = new Set(childControl.map(String));
      applyValue(child, spec);
    } else {
      applyPolicy(child, spec);
    }
  }
}

/** After a level: its restrictions take effect for the levels below (and never loosen a higher one). */
function commitLevel(node: Node): void {
  if (node.pending) {
    const pending = node.pending;
    node.allowed = node.allowed
      ? new Set([...node.allowed].filter((op) => pending.has(op) || op === '@@none'))
      : pending;
    node.pending = undefined;
  }
  for (const child of node.children.values()) {
    if (node.allowed && !child.allowed) child.allowed = node.allowed;
    commitLevel(child);
  }
}

function render(node: Node): unknown {
  if (node.hasValue) return node.value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of node.children) {
    const value = render(child);
    if (value !== undefined && !(isObject(value) && Object.keys(value).length === 0)) out[key] = value;
  }
  return out;
}

/**
 * The effective document for a target, given the policies attached at each level from the root down to the
 * target (each level's documents in attachment order). Returns undefined when nothing applies.
 */
export function effectivePolicy(levels: readonly (readonly string[])[]): Record<string, unknown> | undefined {
  const root = newNode();
  let any = false;
  for (const level of levels) {
    for (const document of level) {
      const parsed: unknown = JSON.parse(document);
      if (isObject(parsed)) {
        applyPolicy(root, parsed);
        any = true;
      }
    }
    commitLevel(root);
  }
  if (!any) return undefined;
  return render(root) as Record<string, unknown>;
}
