// The one codec per protocol, for a model (the contract every codec keeps is codec-contract.ts).
import type { ServiceModel } from '../model.js';
import type { Codec } from './codec-contract.js';
import { jsonCodec } from './json.js';
import { queryCodec } from './query.js';
import { restJsonCodec } from './rest-json.js';
import { restXmlCodec } from './rest-xml.js';

export type { Codec } from './codec-contract.js';

/** The codec for a model's protocol. The codecs keep no per-request state, so one instance serves all. */
export function codecFor(model: ServiceModel): Codec {
  switch (model.metadata.protocol) {
    case 'query':
      return queryCodec;
    case 'json':
      return jsonCodec;
    case 'rest-json':
      return restJsonCodec;
    case 'rest-xml':
      return restXmlCodec;
    default:
      throw new Error(`protocol ${model.metadata.protocol} (${model.metadata.serviceId}) is not supported`);
  }
}
