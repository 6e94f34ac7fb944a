// Starts a Warden server in-process for a test, on a free loopback port with a fresh data directory.
import { mkdtempSync, rmSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { seededSqliteTemplate } from './seeded-template.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../src/config.js';
import { createLogger, createWarden, type Warden } from '../../src/server.js';
import { newAccessKeyId, newSecretAccessKey } from '../../src/aws/ids.js';
import type { Logger } from 'pino';

export interface TestWarden {
  endpoint: string;
  accountId: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Client settings for any AWS SDK v3 client. */
  clientConfig: {
    endpoint: string;
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
    maxAttempts: number;
  };
  warden: Warden;
  dataDir: string;
  stop(): Promise<void>;
}

/** log: the logger to hand the server (a test reading the request log passes one with a captured destination). */
export async function startWarden(overrides: Partial<Config> = {}, log?: Logger): Promise<TestWarden> {
  const dataDir = overrides.dataDir ?? mkdtempSync(join(tmpdir(), 'warden-test-'));
  // A fresh SQLite store starts as a copy of one already migrated and seeded (see seeded-template.ts).
  if (!overrides.dataDir && !overrides.databaseUrl)
    await copyFile(await seededSqliteTemplate(), join(dataDir, 'warden.db'));
  const credentials = { accessKeyId: newAccessKeyId('AKIA'), secretAccessKey: newSecretAccessKey() };
  const config = loadConfig({
    port: 0,
    dataDir,
    testMode: true,
    logLevel: 'silent',
    accountId: '123456789012',
    rootAccessKeyId: credentials.accessKeyId,
    rootSecretAccessKey: credentials.secretAccessKey,
    trailDeliveryIntervalMs: 100,
    ...overrides,
  });
  const warden = await createWarden(config, log ?? createLogger(config));
  const endpoint = await warden.listen();
  return {
    endpoint,
    accountId: warden.bootstrap.accountId,
    credentials,
    clientConfig: { endpoint, region: 'us-east-1', credentials, maxAttempts: 1 },
    warden,
    dataDir,
    async stop() {
      await warden.close();
      if (!overrides.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
