// STS DecodeAuthorizationMessage: opens the sealed details Warden attaches to an AccessDenied (needs its permission).
import { AwsError } from '../../aws/error.js';
import type { DecodeAuthorizationMessageRequest, DecodeAuthorizationMessageResponse } from '../../aws/generated/sts.js';
import { decodeAuthorizationMessage as openMessage } from '../../authz/authorization-message.js';
import type { RequestContext } from '../../core/runtime.js';
import { refuseSessionTokenCaller } from './session-token-limits.js';

export async function decodeAuthorizationMessage(
  ctx: RequestContext,
  input: DecodeAuthorizationMessageRequest,
): Promise<DecodeAuthorizationMessageResponse> {
  refuseSessionTokenCaller(ctx.identity, 'DecodeAuthorizationMessage');
  const decoded = openMessage(ctx.runtime.secrets, input.EncodedMessage.trim());
  if (decoded === undefined) {
    throw new AwsError('InvalidAuthorizationMessageException', 'The encoded authorization message is not valid.');
  }
  return { DecodedMessage: JSON.stringify(decoded) };
}
