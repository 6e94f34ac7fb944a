// The Inspector Scan provider: its implemented operations.
import type { Handlers } from '../../aws/generated/handlers.js';
import type { InspectorScanOperations } from '../../aws/generated/inspector-scan.js';
import type { Handler, ServiceProvider } from '../../core/runtime.js';
import { scanSbom } from './scan-sbom.js';

const handlers: Handlers<InspectorScanOperations> = {
  ScanSbom: scanSbom,
};

export const inspectorScan: ServiceProvider = {
  handlers: handlers as Readonly<Record<string, Handler>>,
};
