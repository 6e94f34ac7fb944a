// The Cost Explorer provider: cost, usage, dimension values and forecasts over the usage Warden meters.
import type { CostExplorerOperations } from '../../aws/generated/ce.js';
import type { Handlers } from '../../aws/generated/handlers.js';
import type { Handler, ServiceProvider } from '../../core/runtime.js';
import { getCostAndUsage } from './get-cost-and-usage.js';
import { getCostForecast } from './get-cost-forecast.js';
import { getDimensionValues } from './get-dimension-values.js';

const handlers: Handlers<CostExplorerOperations> = {
  GetCostAndUsage: getCostAndUsage,
  GetCostForecast: getCostForecast,
  GetDimensionValues: getDimensionValues,
};

export const ce: ServiceProvider = {
  handlers: handlers as Readonly<Record<string, Handler>>,
};
