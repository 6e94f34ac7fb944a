// The KMS provider: keys and their lifecycle (multi-Region replicas too), aliases, cryptography with real node:crypto
// (ECDH key agreement included), rotation, imported key material, key policies, grants and key last usage.
import type { Handlers } from '../../aws/generated/handlers.js';
import type { KMSOperations } from '../../aws/generated/kms.js';
import type { Handler, ServiceProvider } from '../../core/runtime.js';
import {
  cancelKeyDeletion,
  createKey,
  describeKey,
  disableKey,
  enableKey,
  listKeys,
  listResourceTags,
  scheduleKeyDeletion,
  tagResource,
  untagResource,
  updateKeyDescription,
} from './key-handlers.js';
import { createAlias, deleteAlias, listAliases, updateAlias } from './alias-handlers.js';
import {
  decrypt,
  encrypt,
  generateDataKey,
  generateDataKeyPair,
  generateDataKeyPairWithoutPlaintext,
  generateDataKeyWithoutPlaintext,
  generateMac,
  generateRandom,
  getPublicKey,
  reEncrypt,
  signHandler,
  verifyHandler,
  verifyMac,
} from './crypto-handlers.js';
import {
  disableKeyRotation,
  enableKeyRotation,
  getKeyRotationStatus,
  listKeyRotations,
  rotateKeyOnDemand,
} from './rotation-handlers.js';
import { deleteImportedKeyMaterial, getParametersForImport, importKeyMaterial } from './import-handlers.js';
import { getKeyPolicy, listKeyPolicies, putKeyPolicy } from './policy-handlers.js';
import { createGrant, listGrants, listRetirableGrants, retireGrant, revokeGrant } from './grant-handlers.js';
import {
  connectCustomKeyStore,
  createCustomKeyStore,
  deleteCustomKeyStore,
  describeCustomKeyStores,
  disconnectCustomKeyStore,
  updateCustomKeyStore,
} from './custom-key-store-handlers.js';
import { replicateKey, updatePrimaryRegion } from './multi-region.js';
import { deriveSharedSecret } from './key-agreement.js';
import { getKeyLastUsage, TRACKED_OPERATIONS, trackingUsage } from './last-usage.js';

const handlers: Handlers<KMSOperations> = {
  CreateKey: createKey,
  DescribeKey: describeKey,
  ListKeys: listKeys,
  UpdateKeyDescription: updateKeyDescription,
  EnableKey: enableKey,
  DisableKey: disableKey,
  ScheduleKeyDeletion: scheduleKeyDeletion,
  CancelKeyDeletion: cancelKeyDeletion,
  TagResource: tagResource,
  UntagResource: untagResource,
  ListResourceTags: listResourceTags,
  CreateAlias: createAlias,
  UpdateAlias: updateAlias,
  DeleteAlias: deleteAlias,
  ListAliases: listAliases,
  Encrypt: encrypt,
  Decrypt: decrypt,
  ReEncrypt: reEncrypt,
  GenerateDataKey: generateDataKey,
  GenerateDataKeyWithoutPlaintext: generateDataKeyWithoutPlaintext,
  GenerateDataKeyPair: generateDataKeyPair,
  GenerateDataKeyPairWithoutPlaintext: generateDataKeyPairWithoutPlaintext,
  GenerateRandom: generateRandom,
  Sign: signHandler,
  Verify: verifyHandler,
  GetPublicKey: getPublicKey,
  GenerateMac: generateMac,
  VerifyMac: verifyMac,
  EnableKeyRotation: enableKeyRotation,
  DisableKeyRotation: disableKeyRotation,
  GetKeyRotationStatus: getKeyRotationStatus,
  RotateKeyOnDemand: rotateKeyOnDemand,
  ListKeyRotations: listKeyRotations,
  GetParametersForImport: getParametersForImport,
  ImportKeyMaterial: importKeyMaterial,
  DeleteImportedKeyMaterial: deleteImportedKeyMaterial,
  GetKeyPolicy: getKeyPolicy,
  PutKeyPolicy: putKeyPolicy,
  ListKeyPolicies: listKeyPolicies,
  CreateGrant: createGrant,
  ListGrants: listGrants,
  ListRetirableGrants: listRetirableGrants,
  RetireGrant: retireGrant,
  RevokeGrant: revokeGrant,
  CreateCustomKeyStore: createCustomKeyStore,
  DescribeCustomKeyStores: describeCustomKeyStores,
  UpdateCustomKeyStore: updateCustomKeyStore,
  ConnectCustomKeyStore: connectCustomKeyStore,
  DisconnectCustomKeyStore: disconnectCustomKeyStore,
  DeleteCustomKeyStore: deleteCustomKeyStore,
  ReplicateKey: replicateKey,
  UpdatePrimaryRegion: updatePrimaryRegion,
  DeriveSharedSecret: deriveSharedSecret,
  GetKeyLastUsage: getKeyLastUsage,
};

/** Every successful cryptographic call feeds GetKeyLastUsage (last-usage.ts). */
const served: Record<string, Handler> = Object.fromEntries(
  Object.entries(handlers as Readonly<Record<string, Handler>>).map(([operation, handler]) => [
    operation,
    TRACKED_OPERATIONS.has(operation) ? trackingUsage(handler) : handler,
  ]),
);

export const kms: ServiceProvider = {
  handlers: served,
};
