// The codec contract: wire request → input, result or error → wire response, one implementation per protocol.
import type { AwsError } from '../error.js';
import type { HttpRequest, HttpResponse } from '../http.js';
import type { ServiceModel } from '../model.js';

export interface Codec {
  /** Parses and validates the operation's input from the request per the model. Throws AwsError (ValidationError for query services, ValidationException for JSON/rest-json; SerializationException for malformed JSON, etc.). */
  decodeInput(
    model: ServiceModel,
    operation: string,
    req: HttpRequest,
    pathParams?: Record<string, string>,
  ): Record<string, unknown>;
  /** Renders a successful result (a plain object keyed by the model's member names; Date for timestamps, Buffer/Uint8Array for blobs). */
  encodeOutput(model: ServiceModel, operation: string, output: unknown, requestId: string): HttpResponse;
  /**
   * Renders an AwsError; status = err.status if set, else the model's error shape httpStatusCode for that code, else 400 (or 500 for Receiver).
   * A status AwsError only took from the shared ERROR_STATUS table yields to the model's (see resolveError).
   */
  encodeError(model: ServiceModel, err: AwsError, requestId: string): HttpResponse;
}
