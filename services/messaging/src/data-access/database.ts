export {
  isUniqueViolation,
  PG_UNIQUE_VIOLATION,
  withTransaction,
  type Db,
  type Queryable,
  type Tx,
} from '@lmp/service';

/** The service's own Postgres schema (its role can use no other). */
export const SCHEMA = 'messaging';
