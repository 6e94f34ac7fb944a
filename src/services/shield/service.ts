// Shield as Warden knows it: Advanced's subscription, protections, groups, contacts, and attacks detected on listeners.
import type { ServiceDescriptor } from '../../core/runtime.js';
import { shieldResourceOverrides } from './authz.js';
import { shield } from './index.js';
import { startShieldMonitor, shieldObserver } from './detection/monitor.js';
import { shieldMigration } from './migrations/0080_shield.js';
import { shieldAttacksMigration } from './migrations/0081_shield_attacks.js';
import { shieldHealthChecksMigration } from './migrations/0110_shield_health_checks.js';

export const shieldService: ServiceDescriptor = {
  model: 'shield',
  iamPrefix: 'shield',
  eventSource: 'shield.amazonaws.com',
  billing: { name: 'AWS Shield', requestUsageType: 'Shield-Requests' },
  provider: shield,
  authorization: { resourceOverrides: shieldResourceOverrides },
  migrations: [shieldMigration, shieldAttacksMigration, shieldHealthChecksMigration],
  start: startShieldMonitor,
  traffic: { observer: shieldObserver },
};
