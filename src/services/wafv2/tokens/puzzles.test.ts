// Challenge nonces and CAPTCHA puzzles: a real solution verifies; forged, stale, foreign, wrong or reused ones do not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CAPTCHA_ALPHABET,
  issueCaptcha,
  issueChallenge,
  leadingZeroBits,
  openCaptcha,
  PUZZLE_TTL_SEC,
  returnPathOf,
  SolvedPuzzles,
  verifyCaptcha,
  verifyChallenge,
  workDigest,
} from './puzzles.js';
import { captchaSvg } from './captcha-image.js';

const key = Buffer.alloc(32, 5);
const NOW = 1_800_000_000;
const at = { host: 'shop.example.com', nowSec: NOW, returnTo: '/cart?x=1' };

/** What the page's script does: count up until the digest has enough leading zero bits. */
function solve(nonce: string, difficulty: number): string {
  for (let n = 0; ; n++) if (leadingZeroBits(workDigest(nonce, String(n))) >= difficulty) return String(n);
}

test('leading zero bits are counted across bytes', () => {
  assert.equal(leadingZeroBits(Uint8Array.from([0, 0, 0x10, 0xff])), 19);
  assert.equal(leadingZeroBits(Uint8Array.from([0x80])), 0);
  assert.equal(leadingZeroBits(Uint8Array.from([0, 0])), 16);
});

test('a solved challenge verifies once found, and says where to go back to', () => {
  const nonce = issueChallenge(key, at, 8);
  const counter = solve(nonce, 8);
  assert.deepEqual(verifyChallenge(key, nonce, counter, at.host, NOW + 5), { returnTo: '/cart?x=1' });
});

test('a challenge answer fails with too little work, another host, a stale or forged nonce, or a bad counter', () => {
  const nonce = issueChallenge(key, at, 12);
  const counter = solve(nonce, 12);
  let weak = 0;
  while (leadingZeroBits(workDigest(nonce, String(weak))) >= 12) weak++;
  assert.equal(verifyChallenge(key, nonce, String(weak), at.host, NOW), undefined);
  assert.equal(verifyChallenge(key, nonce, counter, 'other.example.com', NOW), undefined);
  assert.equal(verifyChallenge(key, nonce, counter, at.host, NOW + PUZZLE_TTL_SEC + 1), undefined);
  assert.equal(verifyChallenge(Buffer.alloc(32, 6), nonce, counter, at.host, NOW), undefined);
  // Lowering the difficulty in the payload breaks the MAC.
  const [p, m] = nonce.split('.') as [string, string];
  const easier = Buffer.from(Buffer.from(p, 'base64url').toString().replace('"d":12', '"d":0')).toString('base64url');
  assert.equal(verifyChallenge(key, `${easier}.${m}`, '0', at.host, NOW), undefined);
  for (const bad of ['', '-1', '1e3', 'x', '9'.repeat(16)])
    assert.equal(verifyChallenge(key, nonce, bad, at.host, NOW), undefined);
  assert.equal(verifyChallenge(key, 'x'.repeat(5000), counter, at.host, NOW), undefined);
});

test('a CAPTCHA answer is checked case- and space-insensitively, once', () => {
  const solved = new SolvedPuzzles();
  const p = issueCaptcha(key, at);
  assert.equal(openCaptcha(key, p.sealed)?.a, p.answer);
  assert.equal(verifyCaptcha(key, p.sealed, 'WRONG1', at.host, NOW, solved), undefined);
  const guess = ` ${p.answer.slice(0, 3).toLowerCase()} ${p.answer.slice(3)} `;
  assert.deepEqual(verifyCaptcha(key, p.sealed, guess, at.host, NOW + 10, solved), { returnTo: '/cart?x=1' });
  assert.equal(verifyCaptcha(key, p.sealed, p.answer, at.host, NOW + 11, solved), undefined, 'reused');
});

test('a CAPTCHA is refused when stale, for another host, tampered, or sealed under another key', () => {
  const solved = new SolvedPuzzles();
  const p = issueCaptcha(key, at);
  assert.equal(verifyCaptcha(key, p.sealed, p.answer, at.host, NOW + PUZZLE_TTL_SEC + 1, solved), undefined);
  assert.equal(verifyCaptcha(key, p.sealed, p.answer, 'other.example.com', NOW, solved), undefined);
  assert.equal(verifyCaptcha(Buffer.alloc(32, 9), p.sealed, p.answer, at.host, NOW, solved), undefined);
  const bytes = Buffer.from(p.sealed, 'base64url');
  bytes[20] = bytes[20]! ^ 1;
  assert.equal(verifyCaptcha(key, bytes.toString('base64url'), p.answer, at.host, NOW, solved), undefined);
  assert.equal(openCaptcha(key, '***'), undefined);
  assert.equal(openCaptcha(key, 'AAAA'), undefined);
});

test('the solved-puzzle memory stays bounded and forgets the oldest first', () => {
  const solved = new SolvedPuzzles(3);
  for (const id of ['a', 'b', 'c', 'd']) assert.ok(solved.claim(id, NOW + 100, NOW));
  assert.ok(solved.claim('a', NOW + 100, NOW), 'a was forgotten to make room');
  assert.equal(solved.claim('d', NOW + 100, NOW), false);
});

test('the return path is the local path and query, or / for anything that could leave the site', () => {
  assert.equal(returnPathOf('/a/b', 'q=1', '/.warden-waf/'), '/a/b?q=1');
  assert.equal(returnPathOf('//evil.example', '', '/.warden-waf/'), '/');
  assert.equal(returnPathOf('/\\evil.example', '', '/.warden-waf/'), '/');
  assert.equal(returnPathOf('/.warden-waf/v1/verify', '', '/.warden-waf/'), '/');
  assert.equal(returnPathOf('/a b', '', '/.warden-waf/'), '/');
  assert.equal(returnPathOf(`/${'a'.repeat(3000)}`, '', '/.warden-waf/'), '/');
});

test('the CAPTCHA image draws strokes only: the answer is nowhere in the SVG as text', () => {
  const svg = captchaSvg('AC3X7W');
  assert.match(svg, /^<svg /);
  assert.doesNotMatch(svg, /<text/);
  assert.ok(!svg.includes('AC3X7W'));
  assert.notEqual(captchaSvg('AC3X7W'), svg, 'every drawing is distorted afresh');
  assert.doesNotThrow(() => captchaSvg(CAPTCHA_ALPHABET), 'every character of the alphabet has a glyph');
});
