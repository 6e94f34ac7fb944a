// GuardDuty as Warden knows it: modelled, not built yet, so every operation answers 501 naming it.
import type { ServiceDescriptor } from '../../core/runtime.js';

export const guarddutyService: ServiceDescriptor = {
  model: 'guardduty',
  iamPrefix: 'guardduty',
  eventSource: 'guardduty.amazonaws.com',
  billing: { name: 'Amazon GuardDuty', requestUsageType: 'GuardDuty-Requests' },
};
