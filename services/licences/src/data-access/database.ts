import { withRetriedTransaction } from '@lmp/service';

export {
  isUniqueViolation,
  PG_SERIALIZATION_FAILURE,
  PG_UNIQUE_VIOLATION,
  type Db,
  type Queryable,
  type Tx,
} from '@lmp/service';

/**
 * Every transaction of this service: a deadlock or serialization failure is run again a few
 * times, then answered 409 (RESOURCE.CONFLICT), never a 500. The service also takes its locks
 * in one order so that deadlocks stay rare: company → user → invitation (colleagues,
 * colleague-rules.ts), licence → claim → confirmation request (claims, confirmations). A
 * transaction's function may therefore run more than once: it writes nothing outside the
 * transaction (the outbox relay is woken after it returns).
 */
export const withTransaction = withRetriedTransaction;

/** The service's own Postgres schema (its role can use no other). */
export const SCHEMA = 'licences';
