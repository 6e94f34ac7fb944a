// The CloudTrail provider: event history lookups, trails and their logging, and trail tags.
import type { CloudTrailOperations } from '../../aws/generated/cloudtrail.js';
import type { Handlers } from '../../aws/generated/handlers.js';
import type { Handler, ServiceProvider } from '../../core/runtime.js';
import { lookupEvents } from './lookup-events.js';
import { createTrail, deleteTrail, describeTrails, getTrail, listTrails, updateTrail } from './trails.js';
import { getTrailStatus, startLogging, stopLogging } from './logging.js';
import { addTags, listTags, removeTags } from './tags.js';

const handlers: Handlers<CloudTrailOperations> = {
  LookupEvents: lookupEvents,
  CreateTrail: createTrail,
  UpdateTrail: updateTrail,
  DeleteTrail: deleteTrail,
  GetTrail: getTrail,
  DescribeTrails: describeTrails,
  ListTrails: listTrails,
  GetTrailStatus: getTrailStatus,
  StartLogging: startLogging,
  StopLogging: stopLogging,
  AddTags: addTags,
  RemoveTags: removeTags,
  ListTags: listTags,
};

export const cloudtrail: ServiceProvider = {
  handlers: handlers as Readonly<Record<string, Handler>>,
};
