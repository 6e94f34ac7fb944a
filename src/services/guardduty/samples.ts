// CreateSampleFindings: example findings of documented types, marked as GuardDuty marks samples ("sample": true).
import type {
  CreateSampleFindingsRequest,
  CreateSampleFindingsResponse,
  Resource,
} from '../../aws/generated/guardduty.js';
import type { RequestContext } from '../../core/runtime.js';
import { requireDetector } from './detectors.js';
import { invalidInput } from './errors.js';
import { recordFinding } from './finding-store.js';

/** GuardDuty's severity levels as numbers: Low, Medium, High. */
const LOW = 2;
const MEDIUM = 5;
const HIGH = 8;

interface SampleType {
  severity: number;
  title: string;
  description: string;
  resource: 'AccessKey' | 'Instance';
}

/** The finding types Warden makes samples of, with GuardDuty's documented default severity. */
export const SAMPLE_TYPES: Readonly<Record<string, SampleType>> = {
  'Policy:IAMUser/RootCredentialUsage': {
    severity: LOW,
    title: 'API was invoked using root credentials.',
    description: 'An API was invoked with the root user credentials of the account.',
    resource: 'AccessKey',
  },
  'Stealth:IAMUser/CloudTrailLoggingDisabled': {
    severity: LOW,
    title: 'CloudTrail logging was disabled.',
    description: 'A trail was stopped, deleted or changed so that it no longer delivers logs.',
    resource: 'AccessKey',
  },
  'Stealth:IAMUser/PasswordPolicyChange': {
    severity: LOW,
    title: 'The account password policy was weakened.',
    description: 'The password policy of the account was changed or deleted.',
    resource: 'AccessKey',
  },
  'UnauthorizedAccess:IAMUser/MaliciousIPCaller.Custom': {
    severity: MEDIUM,
    title: 'An API was invoked from an IP address on a custom threat list.',
    description: 'An API was called from an IP address that is on a threat list you uploaded.',
    resource: 'AccessKey',
  },
  'PenTest:IAMUser/KaliLinux': {
    severity: MEDIUM,
    title: 'An API was invoked from a Kali Linux computer.',
    description: 'An API was called with credentials of the account from a computer running Kali Linux.',
    resource: 'AccessKey',
  },
  'UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS': {
    severity: HIGH,
    title: 'Credentials for an instance role were used from an external IP address.',
    description: 'Temporary credentials created for an instance were used from an address outside AWS.',
    resource: 'AccessKey',
  },
  'Recon:EC2/PortProbeUnprotectedPort': {
    severity: LOW,
    title: 'An unprotected port on an instance is being probed.',
    description: 'A port of an instance that is not blocked is being probed by a known scanner.',
    resource: 'Instance',
  },
  'UnauthorizedAccess:EC2/MaliciousIPCaller.Custom': {
    severity: MEDIUM,
    title: 'An instance is communicating with an IP address on a custom threat list.',
    description: 'An instance is communicating with an IP address that is on a threat list you uploaded.',
    resource: 'Instance',
  },
  'Backdoor:EC2/DenialOfService.Tcp': {
    severity: HIGH,
    title: 'An instance is behaving in a manner that may indicate a TCP denial of service attack.',
    description: 'An instance is sending a large volume of outbound TCP traffic to one host.',
    resource: 'Instance',
  },
};

/** The placeholder identities GuardDuty's own sample findings name. */
function sampleResource(kind: SampleType['resource']): Resource {
  if (kind === 'AccessKey')
    return {
      ResourceType: 'AccessKey',
      AccessKeyDetails: {
        AccessKeyId: 'GeneratedFindingAccessKeyId',
        PrincipalId: 'GeneratedFindingPrincipalId',
        UserName: 'GeneratedFindingUserName',
        UserType: 'IAMUser',
      },
    };
  return { ResourceType: 'Instance', InstanceDetails: { InstanceId: 'i-99999999', InstanceState: 'running' } };
}

export async function createSampleFindings(
  ctx: RequestContext,
  input: CreateSampleFindingsRequest,
): Promise<CreateSampleFindingsResponse> {
  const types = input.FindingTypes?.length ? input.FindingTypes : Object.keys(SAMPLE_TYPES);
  if (types.some((t) => !Object.hasOwn(SAMPLE_TYPES, t))) throw invalidInput();
  const detector = await requireDetector(ctx.runtime.store.db, ctx, input.DetectorId);
  const ref = { accountId: ctx.identity.accountId, region: ctx.region, id: detector.id };
  for (const type of new Set(types)) {
    const sample = SAMPLE_TYPES[type]!;
    await recordFinding(ctx.runtime, ref, {
      Type: type,
      Severity: sample.severity,
      Title: `[SAMPLE] ${sample.title}`,
      Description: sample.description,
      Resource: sampleResource(sample.resource),
      Service: { AdditionalInfo: { Value: '{"sample":true}', Type: 'default' } },
      key: 'sample',
    });
  }
  return {};
}
