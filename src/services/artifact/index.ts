// The Artifact provider: its implemented operations (compliance inquiries and tags answer 501).
import type { Handlers } from '../../aws/generated/handlers.js';
import type { ArtifactOperations } from '../../aws/generated/artifact.js';
import type { Handler, ServiceProvider } from '../../core/runtime.js';
import { getReport, getReportMetadata, getTermForReport, listReportVersions, listReports } from './handlers.js';
import { getAccountSettings, putAccountSettings } from './settings.js';
import { listCustomerAgreements } from './customer-agreements.js';

const handlers: Handlers<ArtifactOperations> = {
  ListReports: listReports,
  ListReportVersions: listReportVersions,
  GetReportMetadata: getReportMetadata,
  GetTermForReport: getTermForReport,
  GetReport: getReport,
  GetAccountSettings: getAccountSettings,
  PutAccountSettings: putAccountSettings,
  ListCustomerAgreements: listCustomerAgreements,
};

export const artifact: ServiceProvider = { handlers: handlers as Readonly<Record<string, Handler>> };
