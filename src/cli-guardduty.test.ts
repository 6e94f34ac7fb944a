import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { progressReporter, runImportTrail } from './cli-guardduty.js';

const collect = (tty: boolean) => {
  const out = new PassThrough();
  let text = '';
  out.on('data', (c: Buffer) => (text += c.toString()));
  return { report: progressReporter(out, tty), text: () => text };
};

test('without a terminal, progress is a plain line per tenth of the records analysed', () => {
  const { report, text } = collect(false);
  report({ phase: 'reading', done: 0, total: 3, findings: 0 });
  for (let done = 0; done <= 100; done += 5) report({ phase: 'analysing', done, total: 100, findings: done >> 4 });
  const lines = text().trim().split('\n');
  assert.equal(lines.length, 11);
  assert.equal(lines[0], 'analysed 0/100 records (0%), 0 findings');
  assert.equal(lines.at(-1), 'analysed 100/100 records (100%), 6 findings');
});

test('on a terminal, one bar redrawn in place, ended by a newline', () => {
  const { report, text } = collect(true);
  report({ phase: 'analysing', done: 0, total: 4, findings: 0 });
  report({ phase: 'analysing', done: 4, total: 4, findings: 2 });
  assert.match(
    text(),
    /^\ranalysing \[\.{30}\] 0% 0\/4 records, 0 findings\ranalysing \[#{30}\] 100% 4\/4 records, 2 findings\n$/,
  );
});

test('bad options are refused before anything is opened', async () => {
  await assert.rejects(runImportTrail('x', { detectorId: 'nope' }, {}), /--detector-id must be/);
  await assert.rejects(
    runImportTrail('x', { detectorId: 'a'.repeat(32), account: '12' }, {}),
    /--account must be 12 digits/,
  );
});
