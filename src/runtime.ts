// The running server's shared parts: configuration, store, secrets, audit writer and services.
import type { Config } from './config.js';
import type { Store } from './store/store.js';
import type { SecretBox } from './store/secrets.js';
import type { AuditWriter } from './audit/writer.js';
import type { ServiceProvider } from './services/types.js';
import type { ModelName } from './aws/model.js';
import type { Logger } from 'pino';

export interface Runtime {
  readonly config: Config;
  readonly store: Store;
  readonly secrets: SecretBox;
  readonly audit: AuditWriter;
  readonly services: ReadonlyMap<ModelName, ServiceProvider>;
  readonly log: Logger;
}
