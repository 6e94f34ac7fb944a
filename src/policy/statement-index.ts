// Statements grouped by service prefix and effect, so a decision only looks at statements that could match.
import type { Glob } from './glob.js';

/**
 * What the index reads of a statement (compile.ts's CompiledStatement): declared here, so the index and the compiled
 * policy that holds one do not import each other.
 */
export interface IndexedStatement {
  /** The policy the statement belongs to (ranked by a PolicySet). */
  readonly policy: object;
  /** 0-based position within the policy's Statement list. */
  readonly index: number;
  readonly valid: boolean;
  readonly allow: boolean;
  readonly actions: readonly { readonly service: string | undefined; readonly glob: Glob }[] | undefined;
  readonly notAction: boolean;
}

/** The statements that may apply to one service's actions, split by effect, in policy order. */
export interface ServiceBucket<S extends IndexedStatement> {
  readonly allow: readonly S[];
  readonly deny: readonly S[];
}

const EMPTY: ServiceBucket<never> = { allow: [], deny: [] };

/** Whether a statement's Action/NotAction matches a lower-cased action. */
export function statementMatchesAction(s: IndexedStatement, action: string): boolean {
  const patterns = s.actions;
  if (patterns === undefined) return false;
  let hit = false;
  for (let i = 0; i < patterns.length; i++) {
    if (patterns[i]!.glob.test(action)) {
      hit = true;
      break;
    }
  }
  return s.notAction ? !hit : hit;
}

/** Distinct actions remembered per index before the memo starts over (AWS has some 17,000 actions). */
const ACTION_MEMO_LIMIT = 4096;

/**
 * Statement index. A statement whose Action entries all name a service (`s3:Get*`) is filed under those
 * services; one with a wildcard service (`*`, `s3*:...`), a NotAction, or an entry without a colon is filed
 * under every service. On top of that, the statements whose Action/NotAction match a given action are
 * remembered per action, so after the first request for an action its decision does no action matching.
 */
export class StatementIndex<S extends IndexedStatement> {
  private readonly byService = new Map<string, ServiceBucket<S>>();
  private readonly anyService: ServiceBucket<S>;
  private readonly byAction = new Map<string, ServiceBucket<S>>();
  /** The number of well-formed statements indexed. */
  readonly statementCount: number;

  /** `rank` orders statements of different policies (their position in a {@link PolicySet}). */
  constructor(statements: Iterable<S>, rank?: ReadonlyMap<object, number>) {
    const perService = new Map<string, S[]>();
    const everywhere: S[] = [];
    let count = 0;
    for (const s of statements) {
      if (!s.valid) continue;
      count++;
      const services = new Set<string>();
      let anywhere = s.notAction;
      for (const a of s.actions ?? []) {
        if (a.service === undefined) anywhere = true;
        else services.add(a.service);
      }
      if (anywhere) everywhere.push(s);
      else
        for (const svc of services) {
          let list = perService.get(svc);
          if (!list) perService.set(svc, (list = []));
          list.push(s);
        }
    }
    this.statementCount = count;
    this.anyService = split(everywhere);
    for (const [svc, list] of perService) {
      // Keep the policies' own order so matched statements are reported as written.
      const merged = [...list, ...everywhere].sort(
        (a, b) => (rank?.get(a.policy) ?? 0) - (rank?.get(b.policy) ?? 0) || a.index - b.index,
      );
      this.byService.set(svc, split(merged));
    }
  }

  /** The candidate statements for a lower-cased service prefix. */
  bucket(service: string): ServiceBucket<S> {
    return this.byService.get(service) ?? this.anyService;
  }

  /** The statements whose Action/NotAction match a lower-cased action (`service` is its prefix). */
  forAction(service: string, action: string): ServiceBucket<S> {
    let hit = this.byAction.get(action);
    if (hit === undefined) {
      const b = this.bucket(service);
      const allow = b.allow.filter((s) => statementMatchesAction(s, action));
      const deny = b.deny.filter((s) => statementMatchesAction(s, action));
      hit = allow.length === 0 && deny.length === 0 ? EMPTY : { allow, deny };
      if (this.byAction.size >= ACTION_MEMO_LIMIT) this.byAction.clear();
      this.byAction.set(action, hit);
    }
    return hit;
  }
}

function split<S extends IndexedStatement>(list: readonly S[]): ServiceBucket<S> {
  if (list.length === 0) return EMPTY;
  return { allow: list.filter((s) => s.allow), deny: list.filter((s) => !s.allow) };
}
