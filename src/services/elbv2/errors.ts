// ELBv2's errors, with the codes its model declares (400, client fault) and the messages AWS answers with.
import { AwsError } from '../../aws/error.js';

export function elbError(code: string, message: string): AwsError {
  return new AwsError(code, message, { status: 400, fault: 'Sender' });
}

export const validation = (message: string): AwsError => elbError('ValidationError', message);

export const loadBalancersNotFound = (): AwsError =>
  elbError('LoadBalancerNotFound', 'One or more load balancers not found');
export const loadBalancerNamesNotFound = (names: readonly string[]): AwsError =>
  elbError('LoadBalancerNotFound', `Load balancers '[${names.join(', ')}]' not found`);
export const targetGroupsNotFound = (): AwsError =>
  elbError('TargetGroupNotFound', 'One or more target groups not found');
export const targetGroupNamesNotFound = (names: readonly string[]): AwsError =>
  elbError('TargetGroupNotFound', `Target groups '[${names.join(', ')}]' not found`);
export const listenersNotFound = (): AwsError => elbError('ListenerNotFound', 'One or more listeners not found');
export const rulesNotFound = (): AwsError => elbError('RuleNotFound', 'One or more rules not found');

/** Warden serves what it can really run; anything else is refused rather than stored and never served. */
export const unsupported = (what: string): AwsError => validation(`Warden serves ${what}`);
