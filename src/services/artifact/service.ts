// Artifact as Warden serves it: Warden-made compliance reports and operator-published documents, downloaded through
// term tokens and presigned URLs Warden serves itself.
import type { ServiceDescriptor } from '../../core/runtime.js';
import { artifact } from './index.js';
import { artifactMigration } from './migrations/0120_artifact.js';
import { artifactAgreementsMigration } from './migrations/0121_artifact_agreements.js';
import { artifactInquiriesMigration } from './migrations/0150_artifact_inquiries.js';
import { artifactAuthorization } from './inquiries/authorization.js';

export const artifactService: ServiceDescriptor = {
  model: 'artifact',
  iamPrefix: 'artifact',
  eventSource: 'artifact.amazonaws.com',
  billing: { name: 'AWS Artifact', requestUsageType: 'Artifact-Requests' },
  provider: artifact,
  // Calls naming a compliance inquiry are decided on its ARN and tags.
  authorization: artifactAuthorization,
  migrations: [artifactMigration, artifactAgreementsMigration, artifactInquiriesMigration],
};
