// The managed rule groups on public attack payloads (wfuzz's lists) and ordinary requests, through a real listener.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { requiredInCi } from '../helpers/ci.js';
import { isAttack, loadCorpus, valueOf, wfuzzMissing, type Corpus } from '../helpers/waf-corpus.js';
import {
  describeScore,
  detectionListener,
  HEADER_AND_COOKIE_RULES,
  percent,
  replay,
  score,
  startOkUpstream,
  type Score,
} from '../helpers/waf-detection.js';

/** Issue 14's targets. */
const DETECTION_TARGET = 85;
const FALSE_POSITIVE_LIMIT = 2;
/**
 * A regression floor under what the groups detect on this corpus today (61.9%; `npm run bench`, section
 * waf-detection), so a group that stops being enforced (as AWSManagedRulesUnixRuleSet once was, naming a
 * transformation the engine lacks) fails here even while the target is not met. Three points of slack: a
 * libddwaf run past its time budget reports no match (engine/injection.ts), so on a starved machine a few attacks
 * can pass that are blocked otherwise.
 */
const DETECTION_FLOOR = 59;

const missing = requiredInCi(await wfuzzMissing());

let w: TestWarden;
let upstream: Awaited<ReturnType<typeof startOkUpstream>>;
let corpus: Corpus;
let result: Score;
/** The same groups with HEADER_AND_COOKIE_RULES after them. */
let extended: Score;

before(async () => {
  if (missing) return;
  corpus = await loadCorpus(150);
  upstream = await startOkUpstream();
  w = await startWarden();
  const origin = await detectionListener(w, 'corpus', upstream.port);
  result = score(await replay(origin, [...corpus.attacks, ...corpus.benign], 6));
  const more = await detectionListener(w, 'corpus-extended', upstream.port, HEADER_AND_COOKIE_RULES);
  extended = score(await replay(more, [...corpus.attacks, ...corpus.benign], 6));
  // The figures, for whoever reads the test's output.
  for (const line of [...corpus.description, ...describeScore(result), 'with the header and cookie rules:'])
    console.log(`# ${line}`);
  for (const line of describeScore(extended)) console.log(`# ${line}`);
});

after(async () => {
  await w?.stop();
  await upstream?.stop();
});

test('probes are told from attacks: a lone quote or keyword is not an attack, an injection is', () => {
  for (const probe of ["'", '--', 'select', 'order by', '&apos;', '&#x3c;', '%00', '-1'])
    assert.equal(isAttack(probe), false, probe);
  for (const attack of ["' or 1=1--", '<script>alert(1)</script>', '../../etc/passwd', ';id;', '%27%20or%201=1'])
    assert.equal(isAttack(attack), true, attack);
  // A line is what wfuzz puts in a URL: its %XX are decoded once by the server, invalid ones stay.
  assert.equal(valueOf('%2527%20or%n').toString('latin1'), '%27 or%n');
});

test('every request of the corpus was answered by the upstream or the WAF', { skip: missing }, () => {
  assert.ok(corpus.attacks.length > 500 && corpus.benign.length === 750, 'the corpus is the size expected');
  assert.equal(result.attacks.other + result.benign.other, 0, 'answers other than 200 or 403');
});

test(`false positives on ordinary requests stay at or under ${FALSE_POSITIVE_LIMIT}%`, { skip: missing }, () => {
  const fp = percent(result.benign);
  const examples = result.falsePositives.slice(0, 5).map((o) => `${o.request.placement}: ${o.request.source}`);
  assert.ok(fp <= FALSE_POSITIVE_LIMIT, `${fp.toFixed(1)}% false positives, e.g. ${examples.join('; ')}`);
});

test(
  'every attack category and placement is detected somewhere, and the total stays above its floor',
  { skip: missing },
  () => {
    const detection = percent(result.attacks);
    assert.ok(detection >= DETECTION_FLOOR, `detection ${detection.toFixed(1)}% is under ${DETECTION_FLOOR}%`);
    for (const [name, tally] of [...result.byCategory, ...result.byPlacement])
      assert.ok(tally.blocked > 0, `nothing detected in ${name}`);
  },
);

test(
  'custom rules over every header and cookie detect what the groups leave there, within the false-positive limit',
  { skip: missing },
  () => {
    const fp = percent(extended.benign);
    assert.ok(fp <= FALSE_POSITIVE_LIMIT, `${fp.toFixed(1)}% false positives with the header and cookie rules`);
    assert.equal(extended.attacks.other + extended.benign.other, 0);
    const header = (s: Score) => percent(s.byPlacement.get('header')!);
    const cookie = (s: Score) => percent(s.byPlacement.get('cookie')!);
    // Measured 18% → 66% (header) and 61% → 68% (cookie) on the full corpus: the rules must add most of that.
    assert.ok(header(extended) >= header(result) + 30, `header ${header(result)}% → ${header(extended)}%`);
    assert.ok(cookie(extended) > cookie(result), `cookie ${cookie(result)}% → ${cookie(extended)}%`);
    // Nothing the groups detect is lost: the rules only add blocks.
    assert.ok(extended.attacks.blocked >= result.attacks.blocked);
  },
);

test(`detection of the attack corpus reaches ${DETECTION_TARGET}% (issue 14)`, { skip: missing }, (t) => {
  const detection = percent(result.attacks);
  if (detection < DETECTION_TARGET)
    t.todo(
      `issue 14's target is not met: ${detection.toFixed(1)}% (${percent(extended.attacks).toFixed(1)}% with custom SQLi, XSS and traversal rules over every header and cookie). What AWS's groups document leaves out: SQLi, XSS and shell commands in a header (no managed rule inspects a header for them: ${percent(result.byPlacement.get('header')!).toFixed(0)}% of the header placement is detected, by the Linux and PHP rules), traversal and shell commands in a cookie (GenericLFI and the POSIX rules inspect no cookie), Windows files (no group has a Windows LFI rule); and libinjection does not flag the SQL lines that are fragments or LDAP filters (SQL ${percent(result.byCategory.get('SQL')!).toFixed(0)}%). See docs/waf.md, "Detection"`,
    );
  assert.ok(detection >= DETECTION_TARGET, `detection ${detection.toFixed(1)}%`);
});
