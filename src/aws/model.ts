// Types for botocore's service-2.json models and a cached loader for the vendored copies in models/.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export type Protocol = 'query' | 'json' | 'rest-json' | 'rest-xml' | 'ec2';

export interface ShapeRef {
  shape: string;
  location?: 'uri' | 'querystring' | 'header' | 'headers' | 'statusCode';
  locationName?: string;
  xmlNamespace?: unknown;
  flattened?: boolean;
  jsonvalue?: boolean;
  idempotencyToken?: boolean;
  hostLabel?: boolean;
  timestampFormat?: TimestampFormat;
  deprecated?: boolean;
  documentation?: string;
}

export type TimestampFormat = 'iso8601' | 'unixTimestamp' | 'rfc822';

export interface Shape {
  type:
    | 'structure'
    | 'list'
    | 'map'
    | 'string'
    | 'integer'
    | 'long'
    | 'float'
    | 'double'
    | 'boolean'
    | 'timestamp'
    | 'blob'
    | 'bigdecimal'
    | 'biginteger';
  members?: Record<string, ShapeRef>;
  required?: string[];
  member?: ShapeRef;
  key?: ShapeRef;
  value?: ShapeRef;
  enum?: string[];
  min?: number;
  max?: number;
  pattern?: string;
  sensitive?: boolean;
  flattened?: boolean;
  locationName?: string;
  timestampFormat?: TimestampFormat;
  payload?: string;
  exception?: boolean;
  fault?: boolean;
  error?: { code?: string; httpStatusCode?: number; senderFault?: boolean };
  union?: boolean;
  document?: boolean;
  streaming?: boolean;
  documentation?: string;
}

export interface Operation {
  name: string;
  http: { method: string; requestUri: string; responseCode?: number };
  input?: ShapeRef;
  output?: ShapeRef & { resultWrapper?: string };
  errors?: ShapeRef[];
  deprecated?: boolean;
  authtype?: string;
  auth?: string[];
  documentation?: string;
}

export interface ServiceModel {
  version?: string;
  metadata: {
    apiVersion: string;
    endpointPrefix: string;
    protocol: Protocol;
    protocols?: string[];
    jsonVersion?: string;
    targetPrefix?: string;
    serviceId: string;
    signingName?: string;
    xmlNamespace?: string;
    globalEndpoint?: string;
    serviceFullName?: string;
    awsQueryCompatible?: Record<string, never>;
  };
  operations: Record<string, Operation>;
  shapes: Record<string, Shape>;
}

/** The services Warden vendors models for, by their models/ file name (the SigV4 signing name). */
export const MODEL_NAMES = [
  'iam',
  'sts',
  'organizations',
  'kms',
  'wafv2',
  'shield',
  'guardduty',
  'inspector2',
  'artifact',
  'cloudtrail',
  'ce',
] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

const cache = new Map<ModelName, ServiceModel>();

/** Loads (once) and returns the vendored botocore model of a service. */
export function loadModel(name: ModelName): ServiceModel {
  let model = cache.get(name);
  if (!model) {
    const file = fileURLToPath(new URL(`../../models/${name}.json`, import.meta.url));
    model = JSON.parse(readFileSync(file, 'utf8')) as ServiceModel;
    cache.set(name, model);
  }
  return model;
}
