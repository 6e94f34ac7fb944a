// GuardDuty as Warden knows it: detectors, their findings (recorded, queried, archived), filters, trusted and threat IP lists, tags, network findings from listener traffic.
import type { ServiceDescriptor } from '../../core/runtime.js';
import { guardduty } from './index.js';
import { guarddutyTrafficObserver, startNetworkDetection } from './network/monitor.js';
import { guarddutyMigration } from './migrations/0090_guardduty.js';
import { guarddutyListsMigration } from './migrations/0091_guardduty_lists.js';

export const guarddutyService: ServiceDescriptor = {
  model: 'guardduty',
  iamPrefix: 'guardduty',
  eventSource: 'guardduty.amazonaws.com',
  billing: { name: 'Amazon GuardDuty', requestUsageType: 'GuardDuty-Requests' },
  provider: guardduty,
  migrations: [guarddutyMigration, guarddutyListsMigration],
  start: startNetworkDetection,
  traffic: { observer: guarddutyTrafficObserver },
};
