// The questions of a compliance inquiry: its single query, or one per line of an uploaded UTF-8 text or CSV file
// (a CSV row's first field); bounded in size and count, anything else refused as AWS refuses bad input.
import { validation } from '../errors.js';

/** Largest file read: questionnaires are a few hundred lines. */
export const MAX_FILE_BYTES = 1024 * 1024;
export const MAX_QUESTIONS = 200;
/** A query's longest text (the model's LongStringAttribute). */
export const MAX_QUESTION_CHARS = 2048;

/** The first field of a CSV line: quoted ("a ""b"", c" → a "b", c) or up to the first comma. */
function firstField(line: string): string {
  if (!line.startsWith('"')) return line.split(',', 1)[0]!;
  let out = '';
  for (let i = 1; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === '"') {
      if (line[i + 1] === '"') {
        out += '"';
        i++;
      } else break;
    } else out += ch;
  }
  return out;
}

function checkQuestion(q: string, where: string): string {
  if (q.length > MAX_QUESTION_CHARS) {
    throw validation(`${where}: a question is at most ${MAX_QUESTION_CHARS} characters`, 'fieldValidationFailed');
  }
  if (/[<>]/.test(q)) throw validation(`${where}: a question may not contain < or >`, 'fieldValidationFailed');
  return q;
}

export function questionsOf(content: {
  query?: string;
  fileContent?: { content: Uint8Array; fileSections?: string[] };
}): { source: 'TEXT' | 'FILE'; questions: string[] } {
  const hasQuery = content.query !== undefined;
  const hasFile = content.fileContent !== undefined;
  if (hasQuery === hasFile) {
    throw validation('inquiryContent must have exactly one of query or fileContent', 'fieldValidationFailed');
  }
  if (hasQuery) return { source: 'TEXT', questions: [checkQuestion(content.query!.trim(), 'query')] };
  const file = content.fileContent!;
  if ((file.fileSections ?? []).length > 0) {
    throw validation('fileSections: Warden reads text and CSV files, which have no sections', 'fieldValidationFailed');
  }
  if (file.content.length > MAX_FILE_BYTES) {
    throw validation(`fileContent: at most ${MAX_FILE_BYTES} bytes`, 'fieldValidationFailed');
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(file.content);
  } catch {
    text = '\0';
  }
  if (text.includes('\0')) {
    throw validation(
      'fileContent: Warden reads UTF-8 text or CSV files, one question per line',
      'fieldValidationFailed',
    );
  }
  const questions = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((line) => firstField(line).trim())
    .filter((q) => q.length > 0);
  if (questions.length === 0) throw validation('fileContent: the file holds no questions', 'fieldValidationFailed');
  if (questions.length > MAX_QUESTIONS) {
    throw validation(`fileContent: at most ${MAX_QUESTIONS} questions`, 'fieldValidationFailed');
  }
  return { source: 'FILE', questions: questions.map((q, i) => checkQuestion(q, `fileContent line ${i + 1}`)) };
}
