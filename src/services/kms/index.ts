// The KMS provider: keys and their lifecycle, aliases, cryptography with real node:crypto, rotation, imported
// key material, key policies and grants.
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
};

export const kms: ServiceProvider = {
  handlers: handlers as Readonly<Record<string, Handler>>,
};
