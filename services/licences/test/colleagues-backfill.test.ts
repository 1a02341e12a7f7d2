import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { AnyEnvelope } from '@lmp/contracts';
import { startHarness, type Harness } from './support/licences-harness';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..', '..');

/** The command as an operator of the platform runs it, against the suite's database. */
async function backfill(databaseUrl: string) {
  const { stdout } = await run(
    process.execPath,
    [path.join(ROOT, 'node_modules', '.bin', 'tsx'), 'src/entry-points/cli/backfill-memberships.ts'],
    {
      cwd: path.join(ROOT, 'services', 'licences'),
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' },
    },
  );
  return JSON.parse(stdout.trim()) as { memberships: number; written: number; alreadyInOutbox: number };
}

describe('backfill-memberships', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.stop();
  });

  it('publishes UserJoinedCompany (backfill) once per membership, with ids that a re-run repeats', async () => {
    const admin = await h.operatorWithCompany();
    const email = `backfilled.${Date.now()}@company.example`;
    await admin.post('/me/company/invitations', { email });
    const member = h.client({ email });
    const memberId = (await member.get('/me')).body.user.id;
    const adminId = (await admin.get('/me')).body.user.id;
    const capture = await h.captureEvents(['UserJoinedCompany']);
    const backfilled = (e: AnyEnvelope) => (e.data as { backfill: boolean }).backfill;

    const first = await backfill(h.database.urlFor('licences'));
    const second = await backfill(h.database.urlFor('licences'));

    expect(first).toEqual({ memberships: 2, written: 2, alreadyInOutbox: 0 });
    expect(second).toEqual({ memberships: 2, written: 0, alreadyInOutbox: 2 });
    await capture.waitFor((e) => backfilled(e) && (e.data as any).userId === memberId);
    const adminEvent = await capture.waitFor((e) => backfilled(e) && (e.data as any).userId === adminId);
    expect(adminEvent.data).toMatchObject({
      companyId: admin.company.id,
      email: admin.identity.email,
      role: 'admin',
      backfill: true,
    });
    expect(adminEvent.actor).toEqual({ type: 'system', id: 'licences' });
    const { rows } = await h.db.query(
      `SELECT id FROM outbox_events WHERE type = 'UserJoinedCompany' AND payload->'data'->>'backfill' = 'true'`,
    );
    expect(rows).toHaveLength(2);
    // The live event of each join and the backfilled one are distinct events about one membership.
    expect(
      capture.events
        .filter(backfilled)
        .map((e) => e.id)
        .sort(),
    ).toEqual(rows.map((r) => r.id).sort());
  });
});
