import pg from 'pg';
import type { ReportSummary } from '@lmp/contracts';
import { aLicenceRef, companyRegistered, licenceSubmitted } from '@lmp/testing';
import { startHarness, type ApiClient, type Harness } from './support/reporting-harness';

/**
 * Each replica's report index follows the read model: a report is never staler than the database
 * when it is asked, whatever the order in which concurrent writers commit.
 */
describe('the report index behind summary, breakdown and timeline', () => {
  let h: Harness;
  let commission: ApiClient;
  beforeAll(async () => {
    h = await startHarness();
    commission = h.commission();
  });
  afterAll(async () => {
    await h.stop();
  });
  beforeEach(async () => {
    await h.reset();
  });

  const summary = async () => (await commission.get<ReportSummary>('/reports/summary')).body;

  /** A writer of the read model with its transaction left open (as a consumer's batch in flight). */
  async function openWriter(sql: string, params: unknown[]) {
    const client = new pg.Client({ connectionString: h.database.urlFor('reporting') });
    await client.connect();
    await client.query('BEGIN');
    await client.query(sql, params);
    return {
      commit: async () => {
        await client.query('COMMIT');
        await client.end();
      },
    };
  }

  it('counts a change committed after a later transaction’s, once it is committed', async () => {
    const [early, late] = [aLicenceRef(), aLicenceRef()];
    await h.publishAndApply([companyRegistered(early.companyId), companyRegistered(late.companyId)]);
    await h.publishAndApply([licenceSubmitted(early), licenceSubmitted(late)]);
    expect((await summary()).byStatus).toMatchObject({ pending: 2, granted: 0 });

    // The first writer starts (and takes its transaction id) first but commits last.
    const first = await openWriter("UPDATE licences SET status = 'granted' WHERE id = $1", [early.id]);
    expect((await summary()).byStatus).toMatchObject({ pending: 2, granted: 0 });
    const second = await openWriter("UPDATE licences SET status = 'refused' WHERE id = $1", [late.id]);
    await second.commit();
    expect((await summary()).byStatus).toMatchObject({ pending: 1, refused: 1, granted: 0 });

    await first.commit();
    expect((await summary()).byStatus).toMatchObject({ pending: 0, refused: 1, granted: 1 });
  });

  it('starts again from the read model when its rows were removed (a rebuild empties the tables)', async () => {
    const licence = aLicenceRef();
    await h.publishAndApply([companyRegistered(licence.companyId), licenceSubmitted(licence)]);
    expect((await summary()).total).toBe(1);

    await h.reset();

    expect((await summary()).total).toBe(0);
  });

  it('answers requests made at the same time with the same current figures', async () => {
    const licences = Array.from({ length: 5 }, () => aLicenceRef());
    await h.publishAndApply(licences.flatMap((l) => [companyRegistered(l.companyId), licenceSubmitted(l)]));

    const answers = await Promise.all(Array.from({ length: 8 }, () => summary()));

    expect(answers.map((a) => a.total)).toEqual(Array(8).fill(5));
  });
});
