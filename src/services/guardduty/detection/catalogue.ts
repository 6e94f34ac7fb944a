// Every trail detection GuardDuty runs, in the order it runs them over each record.
import { shieldAttackDetection } from './shield-attack.js';
import type { TrailDetection } from './types.js';

export const TRAIL_DETECTIONS: readonly TrailDetection[] = [shieldAttackDetection];
