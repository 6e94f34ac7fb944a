// The Artifact provider: every operation of the model (compliance inquiries answered from Warden's own reports).
import type { Handlers } from '../../aws/generated/handlers.js';
import type { ArtifactOperations } from '../../aws/generated/artifact.js';
import type { Handler, ServiceProvider } from '../../core/runtime.js';
import { getReport, getReportMetadata, getTermForReport, listReportVersions, listReports } from './handlers.js';
import { getAccountSettings, putAccountSettings } from './settings.js';
import { listCustomerAgreements } from './customer-agreements.js';
import {
  createComplianceInquiry,
  exportComplianceInquiry,
  getComplianceInquiryMetadata,
  listComplianceInquiries,
  listComplianceInquiryQueries,
  putComplianceInquiryFeedback,
} from './inquiries/handlers.js';
import { listTagsForResource, tagResource, untagResource } from './inquiries/tags.js';

const handlers: Handlers<ArtifactOperations> = {
  ListReports: listReports,
  ListReportVersions: listReportVersions,
  GetReportMetadata: getReportMetadata,
  GetTermForReport: getTermForReport,
  GetReport: getReport,
  GetAccountSettings: getAccountSettings,
  PutAccountSettings: putAccountSettings,
  ListCustomerAgreements: listCustomerAgreements,
  CreateComplianceInquiry: createComplianceInquiry,
  GetComplianceInquiryMetadata: getComplianceInquiryMetadata,
  ListComplianceInquiries: listComplianceInquiries,
  ListComplianceInquiryQueries: listComplianceInquiryQueries,
  PutComplianceInquiryFeedback: putComplianceInquiryFeedback,
  ExportComplianceInquiry: exportComplianceInquiry,
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsForResource: listTagsForResource,
};

export const artifact: ServiceProvider = { handlers: handlers as Readonly<Record<string, Handler>> };
