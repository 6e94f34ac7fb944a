// WAF (v2) as Warden knows it: modelled, not built yet, so every operation answers 501 naming it.
import type { ServiceDescriptor } from '../../core/runtime.js';

export const wafv2Service: ServiceDescriptor = {
  model: 'wafv2',
  iamPrefix: 'wafv2',
  eventSource: 'wafv2.amazonaws.com',
  billing: { name: 'AWS WAF', requestUsageType: 'WAF-Requests' },
};
