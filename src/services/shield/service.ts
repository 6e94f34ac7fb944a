// Shield as Warden knows it: modelled, not built yet, so every operation answers 501 naming it.
import type { ServiceDescriptor } from '../../core/runtime.js';

export const shieldService: ServiceDescriptor = {
  model: 'shield',
  iamPrefix: 'shield',
  eventSource: 'shield.amazonaws.com',
  billing: { name: 'AWS Shield', requestUsageType: 'Shield-Requests' },
};
