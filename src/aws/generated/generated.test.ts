// Tests for the generated model types: the committed files are what the generator makes, and they type handlers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateAll, staleGeneratedFiles } from '../../../scripts/gen-types.js';
import { SERVED_MODEL_NAMES } from '../../services/registry.js';
import type { Handlers } from './handlers.js';
import type { KMSOperations } from './kms.js';
import type { CloudTrailOperations, EventShape } from './cloudtrail.js';
import type { IAMOperations } from './iam.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

test('the committed generated files are exactly what `npm run gen:types` writes', async () => {
  const files = await generateAll();
  // One per served model (a service with handlers), and handlers.ts; a model only vendored has none.
  assert.deepEqual(
    [...files.keys()].sort(),
    [...SERVED_MODEL_NAMES.map((name) => `src/aws/generated/${name}.ts`), 'src/aws/generated/handlers.ts'].sort(),
  );
  for (const [path, content] of files) {
    assert.equal(readFileSync(`${ROOT}${path}`, 'utf8'), content, `${path} is stale: run npm run gen:types`);
  }
  assert.deepEqual(
    staleGeneratedFiles(files),
    [],
    'generated types of a model no service serves: run npm run gen:types',
  );
});

test('generated operations type handler maps (checked by tsc in npm test)', async () => {
  const kms: Handlers<KMSOperations> = {
    GenerateRandom: async (_ctx, input) => ({ Plaintext: new Uint8Array(input.NumberOfBytes ?? 0) }),
    // @ts-expect-error KeySpec is a union of the model's enum values
    CreateKey: async () => ({ KeyMetadata: { KeyId: 'k', KeySpec: 'NOT_A_SPEC' } }),
  };
  const iam: Handlers<IAMOperations> = {
    // Operations without output resolve to void.
    DeleteUser: async (_ctx, input) => {
      assert.equal(typeof input.UserName, 'string');
    },
  };
  // A shape named like a global (CloudTrail's Event) is renamed so Date and friends stay usable.
  const event: EventShape = { EventId: 'e', EventTime: new Date(0) };
  const trail: Handlers<CloudTrailOperations> = { LookupEvents: async () => ({ Events: [event] }) };
  assert.equal(typeof kms.GenerateRandom, 'function');
  assert.equal(typeof iam.DeleteUser, 'function');
  assert.deepEqual(await trail.LookupEvents?.({} as never, {}), { Events: [event] });
});
