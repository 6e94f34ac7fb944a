// Types for botocore's service-2.json models and a cached loader for the vendored copies in models/.
import { readdirSync, readFileSync } from 'node:fs';
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

/**
 * A vendored model's name: its models/ file name, which is also its SigV4 signing name. Which services Warden
 * knows is src/services/registry.ts's to say (scripts/vendor-models.mjs vendors exactly those); this layer only
 * reads whatever models are vendored.
 */
export type ModelName = string;

const MODELS_DIR = new URL('../../models/', import.meta.url);

let vendored: readonly ModelName[] | undefined;

/** The models vendored in models/, sorted by name (read once: routing is built from them at start-up). */
export function vendoredModelNames(): readonly ModelName[] {
  vendored ??= readdirSync(fileURLToPath(MODELS_DIR))
    .filter((file) => /^[a-z0-9-]+\.json$/.test(file))
    .map((file) => file.slice(0, -'.json'.length))
    .sort();
  return vendored;
}

const cache = new Map<ModelName, ServiceModel>();

/** Loads (once) and returns the vendored botocore model of a service. */
export function loadModel(name: ModelName): ServiceModel {
  let model = cache.get(name);
  if (!model) {
    // A name is never a path: only a vendored model's file is ever read.
    if (!vendoredModelNames().includes(name)) throw new Error(`no vendored model named ${name}`);
    const file = fileURLToPath(new URL(`${name}.json`, MODELS_DIR));
    model = JSON.parse(readFileSync(file, 'utf8')) as ServiceModel;
    cache.set(name, model);
  }
  return model;
}
