// Asking and answering over a child process's IPC channel: numbered questions, their answers, and one-way notes.

/** Either end of a node:child_process IPC channel (the ChildProcess in the parent, `process` in the child). */
export interface IpcEnd {
  send(message: unknown, handle?: never, options?: object, callback?: (err: Error | null) => void): boolean;
  on(event: 'message', listener: (message: unknown, handle: unknown) => void): unknown;
}

interface Question {
  readonly k: 'ask';
  readonly id: number;
  readonly kind: string;
  readonly body: unknown;
}

interface Answer {
  readonly k: 'answer';
  readonly id: number;
  readonly ok: boolean;
  readonly value?: unknown;
  readonly error?: string;
}

/** What one end answers a question of `kind` with (thrown: the asking end's promise rejects with its message). */
export type Answerer = (kind: string, body: unknown) => unknown;
/** Messages that are neither questions nor answers, with the handle (a socket) some carry. */
export type NoteHandler = (message: Record<string, unknown>, handle: unknown) => void;

export class Peer {
  private next = 1;
  private readonly waiting = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }
  >();

  constructor(
    private readonly end: IpcEnd,
    answer: Answerer,
    onNote: NoteHandler,
  ) {
    end.on('message', (message, handle) => {
      if (typeof message !== 'object' || message === null) return;
      const m = message as Record<string, unknown>;
      if (m.k === 'ask') void this.answer(m as unknown as Question, answer);
      else if (m.k === 'answer') this.settle(m as unknown as Answer);
      else onNote(m, handle);
    });
  }

  /** Asks the other end; rejects when it fails to answer, cannot be reached, or takes longer than `timeoutMs`. */
  ask(kind: string, body: unknown, timeoutMs = 30_000): Promise<unknown> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`no answer to ${kind} within ${timeoutMs} ms`));
      }, timeoutMs);
      timer.unref();
      this.waiting.set(id, { resolve, reject, timer });
      const question: Question = { k: 'ask', id, kind, body };
      this.send(question, (err) => {
        if (err) this.settle({ k: 'answer', id, ok: false, error: err.message });
      });
    });
  }

  /**
   * A one-way message, with a handle (a socket) if given; `done` learns whether it went. A socket sent stays open
   * here: once `done` says it went, the other end holds its own copy and the caller closes this one. (Node holds a
   * handle sent while an earlier one awaits the other end's acknowledgement; were it closed by Node, an end that died
   * meanwhile would leave the client's connection open with nobody to close it.)
   */
  note(message: Record<string, unknown>, handle?: unknown, done?: (err: Error | null) => void): void {
    this.send(message, done, handle);
  }

  /** Every question still waiting fails (the other end is gone). */
  failAll(reason: string): void {
    for (const [id, w] of this.waiting) {
      clearTimeout(w.timer);
      this.waiting.delete(id);
      w.reject(new Error(reason));
    }
  }

  private send(message: unknown, done?: (err: Error | null) => void, handle?: unknown): void {
    try {
      // keepOpen: a socket handed on stays open here until the caller closes it (see note()).
      this.end.send(message, handle as never, handle === undefined ? undefined : { keepOpen: true }, (err) =>
        done?.(err),
      );
    } catch (err) {
      done?.(err as Error);
    }
  }

  private async answer(q: Question, answer: Answerer): Promise<void> {
    let reply: Answer;
    try {
      reply = { k: 'answer', id: q.id, ok: true, value: await answer(q.kind, q.body) };
    } catch (err) {
      reply = { k: 'answer', id: q.id, ok: false, error: (err as Error).message ?? String(err) };
    }
    this.send(reply);
  }

  private settle(a: Answer): void {
    const w = this.waiting.get(a.id);
    if (!w) return;
    this.waiting.delete(a.id);
    clearTimeout(w.timer);
    if (a.ok) w.resolve(a.value);
    else w.reject(new Error(a.error ?? 'failed'));
  }
}
