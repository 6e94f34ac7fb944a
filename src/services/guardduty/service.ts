// GuardDuty as Warden knows it: detectors, their findings (recorded, queried, archived), filters, trusted and threat IP lists, tags, detection from the audit trail and from listener traffic, members and publishing destinations.
import type { ServiceDescriptor } from '../../core/runtime.js';
import { startTrailDetection, guarddutyTrailObserver } from './detection/pipeline.js';
import { guardduty } from './index.js';
import { guarddutyTrafficObserver, startNetworkDetection } from './network/monitor.js';
import { startTogether } from './start-together.js';
import { guarddutyMigration } from './migrations/0090_guardduty.js';
import { guarddutyListsMigration } from './migrations/0091_guardduty_lists.js';
import { guarddutyDetectionMigration } from './migrations/0092_guardduty_detection.js';
import { guarddutyBaselinesMigration } from './migrations/0093_guardduty_baselines.js';
import { guarddutyMembersMigration } from './migrations/0095_guardduty_members.js';
import { guarddutyPublishingMigration } from './migrations/0096_guardduty_publishing.js';
import { startPublisher } from './publisher.js';

export const guarddutyService: ServiceDescriptor = {
  model: 'guardduty',
  iamPrefix: 'guardduty',
  eventSource: 'guardduty.amazonaws.com',
  billing: { name: 'Amazon GuardDuty', requestUsageType: 'GuardDuty-Requests' },
  provider: guardduty,
  migrations: [
    guarddutyMigration,
    guarddutyListsMigration,
    guarddutyDetectionMigration,
    guarddutyBaselinesMigration,
    guarddutyMembersMigration,
    guarddutyPublishingMigration,
  ],
  start: startTogether(startTrailDetection, startNetworkDetection, startPublisher),
  trail: { observer: guarddutyTrailObserver },
  traffic: { observer: guarddutyTrafficObserver },
};
