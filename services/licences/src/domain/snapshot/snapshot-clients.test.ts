import { createHash } from 'node:crypto';
import { AppError } from '@lmp/errors';
import { authenticateSnapshotClient, DEVELOPMENT_SNAPSHOT_KEYS, snapshotClients } from './snapshot-clients';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const developmentHash = sha256(DEVELOPMENT_SNAPSHOT_KEYS.reporting!);

describe('snapshotClients', () => {
  it('should let reporting in with the development key when nothing is configured in development', () => {
    const clients = snapshotClients(undefined, { production: false });

    expect(authenticateSnapshotClient(clients, `Bearer ${DEVELOPMENT_SNAPSHOT_KEYS.reporting}`)).toBe(
      'reporting',
    );
  });

  it('should let nobody in when nothing is configured in production', () => {
    const clients = snapshotClients(undefined, { production: true });

    expect(clients).toEqual([]);
    expect(() =>
      authenticateSnapshotClient(clients, `Bearer ${DEVELOPMENT_SNAPSHOT_KEYS.reporting}`),
    ).toThrow(AppError);
  });

  it.each([developmentHash, developmentHash.toUpperCase()])(
    'should refuse to start in production with the development key (%s)',
    (hash) => {
      expect(() =>
        snapshotClients(`audit:${sha256('own key')},reporting:${hash}`, { production: true }),
      ).toThrow(/development key/);
      expect(snapshotClients(`reporting:${hash}`, { production: false })).toHaveLength(1);
    },
  );

  it('should refuse a client named twice', () => {
    expect(() => snapshotClients(`a:${sha256('1')},a:${sha256('2')}`, { production: false })).toThrow(
      /twice/,
    );
  });

  it('should tell each configured client by its own key and no other', () => {
    const clients = snapshotClients(`reporting:${sha256('key-r')}, audit:${sha256('key-a')}`, {
      production: true,
    });

    expect(authenticateSnapshotClient(clients, 'Bearer key-r')).toBe('reporting');
    expect(authenticateSnapshotClient(clients, 'bearer   key-a ')).toBe('audit');
    for (const header of [
      undefined,
      '',
      'Bearer',
      'Basic key-r',
      'key-r',
      'Bearer key-x',
      `Bearer ${sha256('key-r')}`,
    ]) {
      expect(() => authenticateSnapshotClient(clients, header)).toThrow(
        expect.objectContaining({ code: 'AUTH.UNAUTHENTICATED' }),
      );
    }
  });
});
