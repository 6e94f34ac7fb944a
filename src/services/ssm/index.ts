// The Systems Manager provider: hybrid activations, managed instances, their inventory and tags.
import type { Handlers } from '../../aws/generated/handlers.js';
import type { SSMOperations } from '../../aws/generated/ssm.js';
import type { Handler, ServiceProvider } from '../../core/runtime.js';
import { createActivation, deleteActivation, describeActivations } from './activations.js';
import { deregisterManagedInstance, describeInstanceInformation } from './instances.js';
import { putInventory } from './inventory/put.js';
import { getInventory, listInventoryEntries } from './inventory/read.js';
import { addTagsToResource, listTagsForResource, removeTagsFromResource } from './tags.js';

const handlers: Handlers<SSMOperations> = {
  CreateActivation: createActivation,
  DescribeActivations: describeActivations,
  DeleteActivation: deleteActivation,
  DescribeInstanceInformation: describeInstanceInformation,
  DeregisterManagedInstance: deregisterManagedInstance,
  PutInventory: putInventory,
  GetInventory: getInventory,
  ListInventoryEntries: listInventoryEntries,
  AddTagsToResource: addTagsToResource,
  RemoveTagsFromResource: removeTagsFromResource,
  ListTagsForResource: listTagsForResource,
};

export const ssm: ServiceProvider = {
  handlers: handlers as Readonly<Record<string, Handler>>,
};
