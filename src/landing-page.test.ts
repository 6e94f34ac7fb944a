import { test } from 'node:test';
import assert from 'node:assert/strict';
import { endpointFor, landingPage, type LandingInfo } from './landing-page.js';

const info: LandingInfo = {
  version: '1.2.3',
  endpoint: 'http://127.0.0.1:4599',
  accountId: '123456789012',
  served: ['iam', 'sts'],
  notImplemented: ['wafv2'],
  // A data directory may be named anything, markup included.
  credentialsFile: `/srv/<script>alert("x")</script>&'/root-credentials`,
};

test('every value on the HTML page is escaped', () => {
  const page = landingPage(info, 'text/html');
  assert.ok(!page.body.includes('<script>'), page.body);
  assert.ok(page.body.includes('/srv/&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;&#38;&#39;/root-credentials'));
});

test('plain text unless the client accepts HTML', () => {
  assert.match(landingPage(info, undefined).contentType, /^text\/plain/);
  assert.match(landingPage(info, '*/*').contentType, /^text\/plain/);
  assert.match(landingPage(info, 'text/html;q=0.9').contentType, /^text\/html/);
});

test('the endpoint comes from a plain Host header, else the listen address', () => {
  assert.equal(endpointFor('http', 'warden.internal:4599', 'http://0.0.0.0:4599'), 'http://warden.internal:4599');
  assert.equal(endpointFor('http', '[::1]:4599', 'http://0.0.0.0:4599'), 'http://[::1]:4599');
  assert.equal(endpointFor('http', '"><img src=x>', 'http://0.0.0.0:4599'), 'http://0.0.0.0:4599');
  assert.equal(endpointFor('http', undefined, 'http://127.0.0.1:4599'), 'http://127.0.0.1:4599');
});
