// Progress of `warden agent`'s folder scan as one status line, rewritten in place on a terminal.

/** How far the package-source walk has got. */
export interface ScanProgress {
  foldersRead: number;
  lockfiles: number;
  sitePackages: number;
}

/** Folders read between two progress reports: counted, not timed, so a report is the same on every run. */
export const PROGRESS_EVERY = 250;

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** `scanning for packages: 1,250 folders read, 3 lockfiles, 1 site-packages folder`. */
export function formatScanProgress(p: ScanProgress): string {
  return `scanning for packages: ${plural(p.foldersRead, 'folder', 'folders')} read, ${plural(p.lockfiles, 'lockfile', 'lockfiles')}, ${plural(p.sitePackages, 'site-packages folder', 'site-packages folders')}`;
}

/** What a status line is written to: a terminal's stream (stderr). */
export interface StatusStream {
  write(text: string): unknown;
}

/**
 * A status line on a terminal: each update returns to the line's start and clears it (`\r`, then ANSI erase to the
 * end of the line) before writing, so the line shows the latest state; `done` ends it with a newline if anything was
 * shown, leaving the cursor on a fresh line for what follows.
 */
export function statusLine(stream: StatusStream, prefix: string): { update(text: string): void; done(): void } {
  let shown = false;
  return {
    update(text) {
      stream.write(`\r\x1b[K${prefix}${text}`);
      shown = true;
    },
    done() {
      if (shown) stream.write('\n');
      shown = false;
    },
  };
}
