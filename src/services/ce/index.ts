// The Cost Explorer provider: GetCostAndUsage over the usage Warden meters from its audit trail.
import type { CostExplorerOperations } from '../../aws/generated/ce.js';
import type { Handlers } from '../../aws/generated/handlers.js';
import type { Handler, ServiceProvider } from '../types.js';
import { getCostAndUsage } from './get-cost-and-usage.js';

const handlers: Handlers<CostExplorerOperations> = {
  GetCostAndUsage: getCostAndUsage,
};

export const ce: ServiceProvider = {
  name: 'ce',
  handlers: handlers as Readonly<Record<string, Handler>>,
};
