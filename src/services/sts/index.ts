// The STS provider: its implemented operations.
import type { ServiceProvider } from '../types.js';
import { getCallerIdentity } from './get-caller-identity.js';

export const sts: ServiceProvider = {
  name: 'sts',
  handlers: {
    GetCallerIdentity: getCallerIdentity,
  },
  unsigned: new Set(['AssumeRoleWithWebIdentity', 'AssumeRoleWithSAML']),
};
