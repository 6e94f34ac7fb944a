// Warden's own managed-rule patterns run on re2js like any WAF regex: each compiles, and answers right on adversarial input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MANAGED_RULE_GROUPS } from './catalog.js';
import { compileWafRegex } from '../engine/waf-regex.js';

/** Hang guard only: nothing asserts how fast the patterns run. */
const GUARD = { timeout: 60_000 };

test("Warden's managed rule patterns compile on re2js and answer right on adversarial inputs", GUARD, () => {
  const patterns = new Set<string>();
  for (const g of MANAGED_RULE_GROUPS) {
    const json = JSON.stringify(g.rules(g.defaultVersion));
    for (const m of json.matchAll(/"RegexString":"((?:[^"\\]|\\.)*)"/g))
      patterns.add(JSON.parse(`"${m[1]}"`) as string);
  }
  assert.ok(patterns.size >= 5, `found ${patterns.size} patterns`);
  // Long runs of what each pattern's repeats accept, ending where the match must fail.
  const adversarial = [
    '1.'.repeat(4000),
    `http://${'1.'.repeat(4000)}`,
    ' '.repeat(8000),
    `exec${' '.repeat(8000)}`,
    `;${' '.repeat(8000)}x`,
    '$'.repeat(8000),
    '${'.repeat(4000),
    `localhost:${'1'.repeat(8000)}x`,
  ];
  for (const p of patterns) {
    const re = compileWafRegex(p);
    for (const input of adversarial)
      assert.equal(re.test(input), new RegExp(toJs(p)).test(input), `${p} on ${input.slice(0, 20)}`);
  }
});

/** The managed patterns read the same in JavaScript apart from PCRE's final `$`; the reference answer is V8's. */
function toJs(pattern: string): string {
  return pattern.replace(/\$$/, '\\n?$');
}
