// Artifact as Warden knows it: modelled, not built yet, so every operation answers 501 naming it.
import type { ServiceDescriptor } from '../../core/runtime.js';

export const artifactService: ServiceDescriptor = {
  model: 'artifact',
  iamPrefix: 'artifact',
  eventSource: 'artifact.amazonaws.com',
  billing: { name: 'AWS Artifact', requestUsageType: 'Artifact-Requests' },
};
