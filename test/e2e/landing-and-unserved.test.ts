// Issue 13: `GET /` shows what is running and how to use it; a call for a service Warden does not serve says so.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Inspector2Client, ListCodeSecurityIntegrationsCommand } from '@aws-sdk/client-inspector2';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { FORM, send, signRequest } from '../helpers/raw.js';

const SERVED = [
  'artifact',
  'ce',
  'cloudtrail',
  'elbv2',
  'guardduty',
  'iam',
  'inspector-scan',
  'inspector2',
  'kms',
  'organizations',
  'route53',
  'shield',
  'ssm',
  'sts',
  'wafv2',
];
/** Modelled services without handlers, listed apart on the landing page: none at the moment. */
const NOT_BUILT: string[] = [];

describe('landing page and unserved services', () => {
  let w: TestWarden;
  before(async () => {
    w = await startWarden();
  });
  after(async () => {
    await w.stop();
  });

  /** Audit records committed so far (every record commits before its reply). */
  const records = async () =>
    Number(
      (
        await w.warden.runtime.store.db
          .selectFrom('audit_events')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  test('GET / in plain text: version, endpoint, account, services, CLI set-up, credentials file; no secret', async () => {
    const res = await fetch(w.endpoint + '/');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
    const body = await res.text();
    const { version } = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    assert.ok(body.includes(`Warden ${version}`), body);
    assert.ok(body.includes(`Account: ${w.accountId}`), body);
    assert.ok(body.includes(`Services served: ${SERVED.join(', ')}`), body);
    assert.ok(body.includes(NOT_BUILT.join(', ')), body);
    assert.ok(body.includes(`aws configure set endpoint_url ${w.endpoint}`), body);
    assert.ok(body.includes(`AWS_ENDPOINT_URL=${w.endpoint}`), body);
    assert.ok(body.includes(join(w.dataDir, 'root-credentials')), body);
    assert.ok(!body.includes(w.credentials.secretAccessKey), 'the root secret is on the page');
    assert.ok(!body.includes(w.credentials.accessKeyId), 'the root key id is on the page');
  });

  test('GET / for a browser is HTML that runs nothing', async () => {
    const res = await fetch(w.endpoint + '/', { headers: { accept: 'text/html,application/xhtml+xml' } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    const body = await res.text();
    assert.match(body, /<h1>Warden /);
    assert.ok(body.includes(`aws configure set endpoint_url ${w.endpoint}`));
  });

  test('an AWS call at / still reaches the pipeline: a query GET with Action=, signed or not', async () => {
    const query = { Action: 'GetCallerIdentity', Version: '2011-06-15' };
    const signed = await send(
      await signRequest(w.endpoint, { method: 'GET', query }, { service: 'sts', ...w.credentials }),
    );
    assert.equal(signed.status, 200, signed.body);
    assert.match(signed.body, /<GetCallerIdentityResult>/);
    const unsigned = await fetch(`${w.endpoint}/?${new URLSearchParams(query).toString()}`);
    assert.equal(unsigned.status, 403);
    assert.match(await unsigned.text(), /<Code>MissingAuthenticationToken<\/Code>/);
    // A signed GET / without a query is a call too: STS answers it, not the landing page.
    const bare = await send(await signRequest(w.endpoint, { method: 'GET' }, { service: 'sts', ...w.credentials }));
    assert.equal(bare.status, 400, bare.body);
    assert.match(bare.body, /^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\//);
    // No Action at all is MissingAction, as STS answers it (not an operation named "Unknown").
    assert.match(bare.body, /<Code>MissingAction<\/Code>/);
  });

  const namesServices = (message: string, service: string) => {
    assert.ok(message.includes(`Warden does not serve the service '${service}'`), message);
    assert.ok(message.includes(`Services served: ${SERVED.join(', ')}`), message);
    for (const name of NOT_BUILT) assert.ok(message.includes(name), message);
  };

  test('signed for securityhub (rest-json): 400 UnknownOperationException naming it, in JSON, no record', async () => {
    const before = await records();
    const res = await send(
      await signRequest(
        w.endpoint,
        { path: '/findings', headers: { 'content-type': 'application/json' }, body: '{}' },
        { service: 'securityhub', ...w.credentials },
      ),
    );
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('x-amzn-errortype'), 'UnknownOperationException');
    namesServices((JSON.parse(res.body) as { message: string }).message, 'securityhub');
    assert.equal(await records(), before, 'an unroutable call got an audit record');
  });

  test('signed for an unserved service in the query protocol: 400 InvalidAction naming it, in XML', async () => {
    const res = await send(
      await signRequest(
        w.endpoint,
        { headers: FORM, body: 'Action=DescribeInstances&Version=2016-11-15' },
        { service: 'ec2', ...w.credentials },
      ),
    );
    assert.equal(res.status, 400);
    assert.match(res.body, /<Code>InvalidAction<\/Code>/);
    namesServices(/<Message>([^<]*)<\/Message>/.exec(res.body)?.[1].replace(/&apos;/g, "'") ?? '', 'ec2');
  });

  test('an X-Amz-Target of an unknown service, unsigned: 400 naming the target, in JSON', async () => {
    const res = await fetch(w.endpoint + '/', {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'SecurityHubAPIService.GetFindings' },
      body: '{}',
    });
    assert.equal(res.status, 400);
    const body = (await res.json()) as { __type: string; message: string };
    assert.equal(body.__type, 'UnknownOperationException');
    namesServices(body.message, 'SecurityHubAPIService');
  });

  test('a megabyte service name is quoted only capped', async () => {
    const res = await fetch(w.endpoint + '/', {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${'S'.repeat(8000)}.Op` },
      body: '{}',
    });
    assert.equal(res.status, 400);
    const body = (await res.json()) as { message: string };
    assert.ok(body.message.includes(`'${'S'.repeat(64)}'`), body.message.slice(0, 200));
    assert.ok(body.message.length < 400, `${body.message.length} characters`);
  });

  test('an operation modelled but not built still answers 501 naming it (SDK)', async () => {
    const inspector = new Inspector2Client(w.clientConfig);
    await assert.rejects(inspector.send(new ListCodeSecurityIntegrationsCommand({})), (err: any) => {
      assert.equal(err.$metadata.httpStatusCode, 501);
      assert.match(err.message, /inspector2:ListCodeSecurityIntegrations/);
      return true;
    });
  });
});
