// Presigned download URLs: served while valid, refused once expired, altered, or signed under another master key.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { storeBackends } from '../../../test/helpers/stores.js';
import { makeTestRuntime } from '../../../test/helpers/test-context.js';
import type { Runtime } from '../../core/runtime.js';
import { SecretBox } from '../../store/secrets.js';
import type { Store } from '../../store/store.js';
import { presignedUrl, serveDownload } from './download.js';
import { publishDocument } from './reports.js';

const [sqlite] = storeBackends();
let store: Store;
let runtime: Runtime;
let reportId: string;
const NOW = Date.UTC(2026, 0, 1);

before(async () => {
  store = await sqlite!.open();
  runtime = makeTestRuntime(store);
  ({ reportId } = await publishDocument(store.db, {
    name: 'SOC 2 Type II',
    description: 'the operator SOC 2 report',
    pdf: Buffer.from('%PDF-1.4 operator document'),
    now: NOW,
  }));
});
after(async () => {
  await store?.close();
});

function pathOf(url: string): string {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
}

const grant = () => ({ kind: 'report' as const, account: '123456789012', report: reportId, version: 1 });

test('served until it expires, then refused', async () => {
  const url = presignedUrl(runtime.secrets, { host: 'warden.example:4599', secure: true }, grant(), NOW, 60_000);
  assert.match(url, /^https:\/\/warden\.example:4599\/_warden\/artifact\/download\?/);
  const ok = await serveDownload(runtime, pathOf(url), new Date(NOW + 59_000), '127.0.0.1');
  assert.equal(ok.status, 200);
  assert.equal(String(ok.body), '%PDF-1.4 operator document');
  const late = await serveDownload(runtime, pathOf(url), new Date(NOW + 61_000), '127.0.0.1');
  assert.equal(late.status, 403);
  assert.equal(String(late.body), 'Request has expired\n');
});

test('another account, a tampered signature or another master key is refused', async () => {
  const url = new URL(presignedUrl(runtime.secrets, { secure: false }, grant(), NOW, 60_000));
  assert.equal(url.host, '127.0.0.1');
  const other = new URL(url);
  other.searchParams.set('account', '999999999999');
  assert.equal((await serveDownload(runtime, pathOf(other.toString()), new Date(NOW), 'x')).status, 403);
  const flipped = new URL(url);
  const sig = flipped.searchParams.get('signature')!;
  flipped.searchParams.set('signature', `${sig[0] === 'a' ? 'b' : 'a'}${sig.slice(1)}`);
  assert.equal((await serveDownload(runtime, pathOf(flipped.toString()), new Date(NOW), 'x')).status, 403);
  const foreign = presignedUrl(new SecretBox(randomBytes(32)), { secure: false }, grant(), NOW, 60_000);
  assert.equal((await serveDownload(runtime, pathOf(foreign), new Date(NOW), 'x')).status, 403);
  // A Host header unfit for a URL is not echoed into one.
  assert.match(
    presignedUrl(runtime.secrets, { host: 'evil/"path', secure: false }, grant(), NOW, 1),
    /^http:\/\/127\.0\.0\.1\//,
  );
});

test('publishing the same bytes again adds no version; new bytes add one', async () => {
  const same = await publishDocument(store.db, {
    name: 'SOC 2 Type II',
    description: 'the operator SOC 2 report',
    pdf: Buffer.from('%PDF-1.4 operator document'),
    now: NOW + 1,
  });
  assert.deepEqual(same, { reportId, version: 1 });
  const next = await publishDocument(store.db, {
    name: 'SOC 2 Type II',
    description: 'the 2026 SOC 2 report',
    pdf: Buffer.from('%PDF-1.4 next year'),
    now: NOW + 2,
  });
  assert.deepEqual(next, { reportId, version: 2 });
  assert.match(reportId, /^report-[a-zA-Z0-9]{16}$/);
});
