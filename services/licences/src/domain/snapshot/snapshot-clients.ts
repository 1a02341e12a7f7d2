import { createHash, timingSafeEqual } from 'node:crypto';
import { AppError } from '@lmp/errors';

/**
 * Reporting's snapshot key in development, committed here and in docs/security.md so that
 * `npm start` works without set-up. Anyone can read it: a production service refuses it.
 */
export const DEVELOPMENT_SNAPSHOT_KEYS: Readonly<Record<string, string>> = {
  reporting: 'lmp-development-only-snapshot-key-reporting',
};

/** A caller allowed to read the snapshot, known by the SHA-256 of its key (the key is never stored). */
export interface SnapshotClient {
  name: string;
  keySha256: Buffer;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

const developmentHashes = Object.values(DEVELOPMENT_SNAPSHOT_KEYS).map((key) => sha256(key).toString('hex'));

/**
 * The clients of SNAPSHOT_CLIENTS (`name:sha256-hex, …`, format checked by the config). Unset:
 * the development clients in development, none in production. A production service refuses to
 * start with a development key, as it refuses the development identity key.
 */
export function snapshotClients(
  setting: string | undefined,
  options: { production: boolean },
): SnapshotClient[] {
  if (setting === undefined) {
    if (options.production) return [];
    return Object.entries(DEVELOPMENT_SNAPSHOT_KEYS).map(([name, key]) => ({ name, keySha256: sha256(key) }));
  }
  const clients = setting
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [name, hex] = entry.split(':') as [string, string];
      return { name, keySha256: Buffer.from(hex.toLowerCase(), 'hex') };
    });
  const names = clients.map((c) => c.name);
  const repeated = names.find((name, i) => names.indexOf(name) !== i);
  if (repeated) throw new Error(`SNAPSHOT_CLIENTS names ${repeated} twice`);
  const development = clients.find((c) => developmentHashes.includes(c.keySha256.toString('hex')));
  if (options.production && development) {
    throw new Error(
      `SNAPSHOT_CLIENTS gives ${development.name} a development key committed in the repository, which ` +
        'anyone can read: production needs keys of its own',
    );
  }
  return clients;
}

/**
 * The name of the client whose key the request presents (`Authorization: Bearer <key>`), or 401.
 * The key's SHA-256 is compared with every client's in constant time: neither the time taken nor
 * an early exit tells how much of a guess was right, or which client it came close to.
 */
export function authenticateSnapshotClient(
  clients: readonly SnapshotClient[],
  authorization: string | undefined,
): string {
  const key = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  if (!key)
    throw new AppError(
      'AUTH.UNAUTHENTICATED',
      'The snapshot needs a client key: Authorization: Bearer <key>',
    );
  const presented = sha256(key);
  let match: string | undefined;
  for (const client of clients) {
    if (timingSafeEqual(presented, client.keySha256) && match === undefined) match = client.name;
  }
  if (match === undefined) throw new AppError('AUTH.UNAUTHENTICATED', 'This key is not a snapshot client’s');
  return match;
}
