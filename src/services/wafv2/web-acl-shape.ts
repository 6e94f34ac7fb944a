// Web ACL parts WAF checks beside its rules: one default action, custom response bodies that rules name, token domains.
import type { CustomResponseBody, DefaultAction, Rule } from '../../aws/generated/wafv2.js';
import { invalidParameter, REASON } from './errors.js';

export function checkDefaultAction(action: DefaultAction): void {
  const given = [action.Allow, action.Block].filter((a) => a !== undefined);
  if (given.length !== 1) throw invalidParameter('DEFAULT_ACTION', 'DefaultAction', REASON.exactlyOne);
}

/** Every CustomResponseBodyKey a Block action names must be one of the CustomResponseBodies given beside it. */
export function checkCustomResponseKeys(
  rules: readonly Rule[],
  defaultAction: DefaultAction | undefined,
  bodies: Readonly<Record<string, CustomResponseBody>> | undefined,
): void {
  const keys = [
    defaultAction?.Block?.CustomResponse?.CustomResponseBodyKey,
    ...rules.map((r) => r.Action?.Block?.CustomResponse?.CustomResponseBodyKey),
  ].filter((k): k is string => k !== undefined);
  for (const key of keys) {
    if (bodies?.[key] === undefined) throw invalidParameter('CUSTOM_RESPONSE_BODY', key, REASON.notValid);
  }
}
