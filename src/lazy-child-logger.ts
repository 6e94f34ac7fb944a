// Fastify's per-request child loggers, made only when something logs: pino's child() redacts its bindings each time.
import type { FastifyBaseLogger, FastifyServerOptions } from 'fastify';
import type { Bindings, ChildLoggerOptions, Logger } from 'pino';

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/**
 * Fastify gives every request a child of the server's logger bound to its request id. With redaction configured
 * (server.ts) pino serialises and redacts those bindings in child(), ~1.5 µs a request, and Warden's
 * request path logs nothing through it (its one line a request goes through request-log.ts): fastify writes to it
 * only on errors and oddities. This stands in for the child and makes the real one on the first line at an enabled
 * level, so a line carries the same bindings as before.
 */
class LazyChildLogger implements FastifyBaseLogger {
  #child: FastifyBaseLogger | undefined;

  constructor(
    private readonly parent: Logger,
    private readonly bindings: Bindings,
    private readonly options: ChildLoggerOptions,
  ) {}

  private real(): FastifyBaseLogger {
    return (this.#child ??= this.parent.child(this.bindings, this.options) as FastifyBaseLogger);
  }

  private write(level: Level, args: unknown[]): void {
    // Until it exists the child's level is the parent's; once made it filters on its own (its level may be set).
    if (this.#child === undefined && !this.parent.isLevelEnabled(level)) return;
    const child = this.real();
    (child[level] as (...a: unknown[]) => void).apply(child, args);
  }

  get level(): string {
    return this.#child?.level ?? this.parent.level;
  }

  set level(level: string) {
    this.real().level = level;
  }

  fatal(...args: unknown[]): void {
    this.write('fatal', args);
  }

  error(...args: unknown[]): void {
    this.write('error', args);
  }

  warn(...args: unknown[]): void {
    this.write('warn', args);
  }

  info(...args: unknown[]): void {
    this.write('info', args);
  }

  debug(...args: unknown[]): void {
    this.write('debug', args);
  }

  trace(...args: unknown[]): void {
    this.write('trace', args);
  }

  silent(): void {}

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.real().child(bindings, options);
  }
}

/**
 * The factory for Fastify's `childLoggerFactory`. A route with a log level of its own gets its child at once (its
 * levels differ from the parent's, which the lazy child asks); Warden's routes set none.
 */
export const lazyChildLoggerFactory: NonNullable<FastifyServerOptions['childLoggerFactory']> = (
  logger,
  bindings,
  options,
) => {
  if (options.level !== undefined) return logger.child(bindings, options);
  // Fastify's logger here is the pino instance server.ts created.
  return new LazyChildLogger(logger as unknown as Logger, bindings, options) as FastifyBaseLogger;
};
