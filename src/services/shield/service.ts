// Shield as Warden knows it: Advanced's subscription, protections of load balancers, protection groups and contacts.
import type { ServiceDescriptor } from '../../core/runtime.js';
import { shieldResourceOverrides } from './authz.js';
import { shield } from './index.js';
import { shieldMigration } from './migrations/0080_shield.js';

export const shieldService: ServiceDescriptor = {
  model: 'shield',
  iamPrefix: 'shield',
  eventSource: 'shield.amazonaws.com',
  billing: { name: 'AWS Shield', requestUsageType: 'Shield-Requests' },
  provider: shield,
  authorization: { resourceOverrides: shieldResourceOverrides },
  migrations: [shieldMigration],
};
