// Whether a resource that carries traffic exists, asked of the service holding it: WAF and Shield never name ELBv2.
import type { Runtime } from './runtime.js';

/** The holder is the service whose IAM prefix the ARN names (arn:partition:<prefix>:...); false when none. */
export async function protectableResourceExists(runtime: Runtime, arn: string): Promise<boolean> {
  const prefix = arn.split(':')[2];
  const holder = [...runtime.services.values()].find((s) => s.iamPrefix === prefix);
  return (await holder?.traffic?.resources?.exists(runtime, arn)) ?? false;
}
