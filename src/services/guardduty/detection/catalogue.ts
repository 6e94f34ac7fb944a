// Every trail detection GuardDuty runs, in the order it runs them over each record.
import { shieldAttackDetection } from './shield-attack.js';
import { anomalousBehavior } from './anomalous-behavior.js';
import { cloudTrailLoggingDisabled } from './cloudtrail-logging-disabled.js';
import { instanceCredentialExfiltration } from './instance-credential-exfiltration.js';
import { maliciousIpCallerCustom } from './malicious-ip-caller-custom.js';
import { passwordPolicyChange } from './password-policy-change.js';
import { pentestUserAgent } from './pentest-user-agent.js';
import { rootCredentialUsage } from './root-credential-usage.js';
import type { TrailDetection } from './types.js';

export const TRAIL_DETECTIONS: readonly TrailDetection[] = [
  rootCredentialUsage,
  cloudTrailLoggingDisabled,
  passwordPolicyChange,
  maliciousIpCallerCustom,
  instanceCredentialExfiltration,
  pentestUserAgent,
  shieldAttackDetection,
  anomalousBehavior,
];
