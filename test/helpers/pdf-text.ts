// Reads a PDF as a person would: its text through poppler's pdftotext, and page one rendered to PNG by pdftoppm.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

function present(command: string): boolean {
  try {
    execFileSync(command, ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** False when poppler's pdftotext and pdftoppm run here, else why not (for requiredInCi). */
export function popplerMissing(): string | false {
  return present('pdftotext') && present('pdftoppm') ? false : 'poppler-utils (pdftotext, pdftoppm) is not installed';
}

/** The PDF's text, laid out as on the page, and its first page as PNG bytes. */
export async function readPdf(pdf: Buffer): Promise<{ text: string; png: Buffer }> {
  const dir = await mkdtemp(join(tmpdir(), 'warden-pdf-'));
  try {
    const file = join(dir, 'doc.pdf');
    await writeFile(file, pdf);
    const { stdout } = await run('pdftotext', ['-layout', file, '-']);
    await run('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', '-singlefile', file, join(dir, 'page')]);
    return { text: stdout, png: await readFile(join(dir, 'page.png')) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
