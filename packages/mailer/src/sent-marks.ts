import type { Pool } from 'pg';
import type { Logger } from '@lmp/logger';
import { markSent } from './outbox-queries';

/** A mail the SMTP server accepted, to be marked sent. */
export interface SentMark {
  id: string;
  messageId: string;
  /** For the debug line once it is marked. */
  log: Record<string, unknown>;
}

export interface SentMarks {
  add(mark: SentMark): void;
  /** Accepted mails whose mark has not returned: waiting, or in the UPDATE running now. */
  readonly unmarked: number;
  /** Resolves when the UPDATE running now ends (at once when none runs). */
  progress(): Promise<void>;
  /** Resolves once no mark is left (written, or failed and logged). */
  flush(): Promise<void>;
}

/**
 * The marks of accepted mails, one UPDATE at a time and never waiting for company: a mark starts
 * its UPDATE at once when none runs; the marks that arrive while one runs go together in the next
 * (`UPDATE … FROM unnest(ids, message_ids)`, committed without waiting for the WAL flush: markSent).
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

  const start = () => {
    if (running || waiting.length === 0) return;
    const batch = waiting;
    waiting = [];
    writing = batch.length;
    running = write(batch).finally(() => {
      writing = 0;
      running = undefined;
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

  return {
    add(mark) {
      waiting.push(mark);
      start();
    },
    get unmarked() {
      return waiting.length + writing;
    },
    progress() {
      return running ?? Promise.resolve();
    },
    async flush() {
      while (running) await running;
    },
  };
}
