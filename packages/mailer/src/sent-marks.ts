import type { Pool } from 'pg';
import type { Logger } from '@lmp/logger';
import { markSent } from './outbox-queries';

/** A mark waits this long for others before its UPDATE starts (longer only behind a running one). */
export const MARK_WINDOW_MS = 5;
/** This many waiting marks are written at once, without waiting for the window. */
export const MARK_BATCH_MAX = 16;

/** A mail the SMTP server accepted, to be marked sent. */
export interface SentMark {
  id: string;
  messageId: string;
  /** For the debug line once it is marked. */
  log: Record<string, unknown>;
}

export interface SentMarks {
  add(mark: SentMark): void;
  /** Accepted mails whose mark has not committed: waiting, or in the UPDATE running now. */
  readonly unmarked: number;
  /** Resolves when the next UPDATE ends; starts it now rather than at the window's end. */
  progress(): Promise<void>;
  /** From now on no mark waits for the window (the sender is stopping). */
  hurry(): void;
  /** Writes every waiting mark now and resolves once none is left (written, or failed and logged). */
  flush(): Promise<void>;
}

/**
 * Group commit for the marks of accepted mails: the mails accepted within MARK_WINDOW_MS (or
 * MARK_BATCH_MAX of them, or while the previous UPDATE runs) are marked in one
 * `UPDATE … FROM unnest(ids, message_ids)`, one synchronous commit for all, one UPDATE at a time.
 * The sender goes on sending meanwhile. An UPDATE that fails is logged and reported to
 * `onFailure`; its mails stay claimed, come back when their lease ends and are sent again with the
 * same Message-ID (docs/reliability.md, "E-mail outbox").
 */
export function sentMarks(options: {
  pool: Pool;
  table: string;
  logger: Logger;
  onMarked(marks: SentMark[]): void;
  onFailure(error: unknown): void;
}): SentMarks {
  const { pool, table, logger } = options;
  let waiting: SentMark[] = [];
  let writing = 0;
  let running: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let due = false;
  let hurried = false;

  const arm = () => {
    timer ??= setTimeout(() => {
      timer = undefined;
      due = true;
      start();
    }, MARK_WINDOW_MS);
  };

  const start = () => {
    if (running || !due || waiting.length === 0) return;
    due = false;
    clearTimeout(timer);
    timer = undefined;
    const batch = waiting;
    waiting = [];
    writing = batch.length;
    running = write(batch).finally(() => {
      writing = 0;
      running = undefined;
      // Marks that arrived meanwhile have waited one UPDATE already; the window still applies.
      if (hurried || waiting.length >= MARK_BATCH_MAX) due = true;
      else if (waiting.length > 0 && !due) arm();
      start();
    });
  };

  const write = async (batch: SentMark[]) => {
    try {
      await markSent(pool, table, batch);
    } catch (error) {
      // The one window of a duplicate: the server has these, their rows do not say so.
      logger.error(
        { err: error, mails: batch.map(({ id, messageId }) => ({ mailId: id, messageId })) },
        'mails accepted by the SMTP server but not marked sent; they will be sent again after their lease',
      );
      options.onFailure(error);
      return;
    }
    options.onMarked(batch);
  };

  const hurry = () => {
    hurried = true;
    due = true;
    start();
  };

  return {
    add(mark) {
      waiting.push(mark);
      if (hurried || waiting.length >= MARK_BATCH_MAX) due = true;
      else arm();
      start();
    },
    get unmarked() {
      return waiting.length + writing;
    },
    progress() {
      if (waiting.length > 0) due = true;
      start();
      return running ?? Promise.resolve();
    },
    hurry,
    async flush() {
      hurry();
      while (running) await running;
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
