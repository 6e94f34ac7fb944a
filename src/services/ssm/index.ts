// The Systems Manager provider: hybrid activations, managed instances and their inventory.
import type { Handlers } from '../../aws/generated/handlers.js';
import type { SSMOperations } from '../../aws/generated/ssm.js';
import type { Handler, ServiceProvider } from '../../core/runtime.js';
import { createActivation, deleteActivation, describeActivations } from './activations.js';
import { deregisterManagedInstance, describeInstanceInformation } from './instances.js';
import { putInventory } from './inventory/put.js';
import { getInventory, listInventoryEntries } from './inventory/read.js';

const handlers: Handlers<SSMOperations> = {
  CreateActivation: createActivation,
  DescribeActivations: describeActivations,
  DeleteActivation: deleteActivation,
  DescribeInstanceInformation: describeInstanceInformation,
  DeregisterManagedInstance: deregisterManagedInstance,
  PutInventory: putInventory,
  GetInventory: getInventory,
  ListInventoryEntries: listInventoryEntries,
};

export const ssm: ServiceProvider = {
  handlers: handlers as Readonly<Record<string, Handler>>,
};
