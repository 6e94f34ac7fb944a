// What a compliance inquiry is answered from: passages of Warden's own reports (the shared responsibility matrix's
// rows, the audit checklist's controls with this account's verdicts), and the retrieval that picks the passages a
// question's words match best (TF-IDF over words). Answers are quoted passages, never generated text.
import type { Checklist } from '../compliance/checklist.js';
import { RESPONSIBILITY_MATRIX } from '../responsibility.js';

export interface Passage {
  /** Which report and which part: letters, digits, spaces, '_' and '-' (Artifact's ShortStringAttribute). */
  label: string;
  text: string;
  /** The report it is quoted from. */
  reportId: string;
}

export interface Match {
  passage: Passage;
  score: number;
}

/** Words too common to say what a question is about. */
const STOP = new Set(
  (
    'a an and are as at be by can do does for from has have how i if in is it its of on or our the this to we what ' +
    'when where which who will with you your all any must should there their they that been not no yes'
  ).split(' '),
);

export function words(text: string): string[] {
  return (text.toLowerCase().match(/[a-z0-9]+/g) ?? []).filter((w) => w.length > 1 && !STOP.has(w));
}

const labelOf = (s: string) => s.replace(/[^a-zA-Z0-9_\-\s]/g, '-').slice(0, 256);

/** The passages of the account's reports as they stand: the matrix's rows and the checklist's controls. */
export function passagesOf(list: Checklist, reports: { matrix: string; checklist: string }): Passage[] {
  const byId = new Map(list.controls.map((c) => [c.id, c]));
  const matrix = RESPONSIBILITY_MATRIX.map((row) => ({
    label: labelOf(`Shared responsibility matrix - ${row.area}`),
    reportId: reports.matrix,
    text:
      `${row.area}. Warden: ${row.warden} Customer: ${row.customer}` +
      (row.controls.length > 0
        ? ` In this account: ${row.controls.map((id) => `${id} ${byId.get(id)?.status ?? 'not judged'}`).join(', ')}.`
        : ''),
  }));
  const controls = list.controls.map((c) => ({
    label: labelOf(`Warden audit checklist ${c.id}`),
    reportId: reports.checklist,
    text:
      `${c.id} ${c.title} (${list.benchmark}). In this account on ${list.generatedAt}: ${c.status}` +
      (c.status === 'FAIL'
        ? `, ${c.failingResources.length} failing resource${c.failingResources.length === 1 ? '' : 's'}. Remediation: ${c.remediation}`
        : '.'),
  }));
  return [...matrix, ...controls];
}

/**
 * The passages sharing the question's words, best first: each shared word weighs its inverse document frequency
 * (rarer words say more), once per word. Passages under half the best score are dropped; at most `limit`.
 */
export function bestPassages(question: string, passages: readonly Passage[], limit = 3): Match[] {
  const asked = new Set(words(question));
  if (asked.size === 0) return [];
  const bags = passages.map((p) => new Set(words(`${p.label} ${p.text}`)));
  const idf = (w: string) => Math.log((passages.length + 1) / (bags.filter((b) => b.has(w)).length + 0.5));
  const weights = new Map([...asked].map((w) => [w, idf(w)]));
  const scored = passages
    .map((passage, i) => ({
      passage,
      score: [...asked].reduce((s, w) => (bags[i]!.has(w) ? s + weights.get(w)! : s), 0),
    }))
    .filter((m) => m.score > 0)
    .sort((a, b) => b.score - a.score);
  const best = scored[0]?.score ?? 0;
  return scored.filter((m) => m.score >= best / 2).slice(0, limit);
}
