// Appends log records as JSON lines off the request path: a bounded queue per process, flushed in batches with fs/promises.
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Records waiting to be written, over every file: past it a record is dropped (and counted), never queued. */
export const DEFAULT_QUEUE_LIMIT = 10_000;
/**
 * Characters waiting to be written, over every file (a JavaScript string takes at most two bytes a character, so
 * 32 MiB at most): a record that would pass it is dropped too. A record can be large (headers up to the listener's
 * limit), so counting records alone would not bound memory.
 */
export const DEFAULT_QUEUE_CHARS = 16 * 1024 * 1024;

export interface LogWriterStats {
  /** Records dropped because the queue was full (in records or characters), or because the writer was closed. */
  dropped: number;
  /** Records whose batch failed to append (the error is logged once per batch). */
  failed: number;
  written: number;
}

export class LogWriter {
  readonly stats: LogWriterStats = { dropped: 0, failed: 0, written: 0 };
  private readonly pending = new Map<string, string[]>();
  private queued = 0;
  private queuedChars = 0;
  private closed = false;
  private flushing: Promise<void> | undefined;
  private readonly madeDirs = new Set<string>();

  constructor(
    private readonly onError: (err: unknown, file: string) => void,
    private readonly limit = DEFAULT_QUEUE_LIMIT,
    private readonly charLimit = DEFAULT_QUEUE_CHARS,
  ) {}

  /** Queues one record for `file`; returns at once. */
  write(file: string, record: object): void {
    if (this.closed || this.queued >= this.limit) {
      this.stats.dropped++;
      return;
    }
    const line = `${JSON.stringify(record)}\n`;
    if (this.queuedChars + line.length > this.charLimit) {
      this.stats.dropped++;
      return;
    }
    let lines = this.pending.get(file);
    if (!lines) {
      lines = [];
      this.pending.set(file, lines);
    }
    lines.push(line);
    this.queued++;
    this.queuedChars += line.length;
    this.flushing ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.drain());
  }

  /** Resolves once everything queued so far is written (tests, shutdown). */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  /** The server's close path: writes what is queued; records written afterwards are dropped (and counted). */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.size > 0) {
        const batches = [...this.pending.entries()];
        this.pending.clear();
        for (const [file, lines] of batches) {
          this.queued -= lines.length;
          for (const line of lines) this.queuedChars -= line.length;
          try {
            const dir = dirname(file);
            if (!this.madeDirs.has(dir)) {
              await mkdir(dir, { recursive: true });
              this.madeDirs.add(dir);
            }
            await appendFile(file, lines.join(''));
            this.stats.written += lines.length;
          } catch (err) {
            this.stats.failed += lines.length;
            this.onError(err, file);
          }
        }
      }
    } finally {
      this.flushing = undefined;
    }
  }
}
