import pg from 'pg';

/**
 * Fills the licences schema with `count` realistic licences across `companies` companies, in SQL
 * (the API would take hours for a million). Distributions follow PRODUCT.md: about half of the
 * decided licences granted, automotive the largest sector, a few urgent and general licences.
 */
export async function seedLicences(adminDatabaseUrl: string, count: number, companies = 2000): Promise<void> {
  const client = new pg.Client({ connectionString: adminDatabaseUrl });
  await client.connect();
  try {
    await client.query(`SET search_path = licences, extensions`);
    await client.query(
      `INSERT INTO companies (id, name, eori, country, member_state, sme, sector)
       SELECT gen_random_uuid(), 'Bench Company ' || g, 'DE' || lpad(g::text, 12, '0'), m, m, g % 3 = 0,
              (ARRAY['automotive','automotive','automotive','electronics','energy','aerospace','industrial_machinery','medical'])[1 + g % 8]::"Sector"
         FROM generate_series(1, $1::int) g,
              LATERAL (SELECT (ARRAY['DE','FR','IT','ES','NL','PL','SE','AT','BE','CZ'])[1 + g % 10] AS m) ms`,
      [companies],
    );
    const batch = 100_000;
    for (let from = 1; from <= count; from += batch) {
      const to = Math.min(count, from + batch - 1);
      await client.query(
        `WITH c AS (SELECT array_agg(id ORDER BY name) AS ids FROM companies WHERE name LIKE 'Bench Company %')
         INSERT INTO licences (id, company_id, licence_number, number_normalised, licence_type, valid_from, valid_to,
                application_date, exporter_name, sector, elements, product_type, quantity_kg, value_eur, urgent,
                urgency_reason, status, decision_date, customs_status, customs_note, mofcom_central_level, source,
                submitted_by, submitted_at, updated_at)
         SELECT gen_random_uuid(), c.ids[1 + g % array_length(c.ids, 1)],
                'CN-' || (2025 + g % 2) || '-' || lpad(g::text, 8, '0'), 'CN' || (2025 + g % 2) || lpad(g::text, 8, '0'),
                CASE WHEN g % 25 = 0 THEN 'general' ELSE 'individual' END::"LicenceType",
                CASE WHEN g % 25 = 0 THEN date '2025-12-01' END, CASE WHEN g % 25 = 0 THEN date '2026-11-30' END,
                date '2025-04-05' + (g % 330),
                (ARRAY['JL Mag Rare-Earth Co., Ltd.','Ningbo Yunsheng Co., Ltd.','Beijing Zhong Ke San Huan High-Tech Co., Ltd.',
                       'China Northern Rare Earth Group','Baotou Tianhe Magnetics','Ganzhou Rare Earth Group'])[1 + g % 6],
                (ARRAY['automotive','automotive','automotive','automotive','electronics','energy','aerospace','defence','medical','industrial_machinery'])[1 + g % 10]::"Sector",
                CASE g % 4 WHEN 0 THEN ARRAY['dysprosium','terbium'] WHEN 1 THEN ARRAY['samarium']
                           WHEN 2 THEN ARRAY['gadolinium','yttrium'] ELSE ARRAY['terbium'] END,
                (ARRAY['magnets_ndfeb','magnets_ndfeb','magnets_smco','metals_alloys','oxides_compounds'])[1 + g % 5]::"ProductType",
                10 + (g % 5000), CASE WHEN g % 3 = 0 THEN 1000 + g % 900000 END,
                g % 20 = 0, CASE WHEN g % 20 = 0 THEN 'Production stop imminent' END,
                s.status::"LicenceStatus",
                CASE WHEN s.status IN ('granted','refused') THEN date '2025-04-05' + (g % 330) + 30 END,
                (ARRAY['not_started','not_started','in_progress','cleared'])[1 + g % 4]::"CustomsStatus", NULL,
                true, CASE WHEN g % 7 = 0 THEN 'eusurvey_migration' ELSE 'platform' END::"LicenceSource",
                gen_random_uuid(), timestamptz '2025-04-05 00:00:00+00' + g * interval '29 seconds',
                timestamptz '2025-04-05 00:00:00+00' + g * interval '29 seconds'
           FROM generate_series($1::int, $2::int) g, c,
                LATERAL (SELECT (ARRAY['pending','pending','pending','processing','processing','granted','granted','granted','refused','refused'])[1 + (g / 7) % 10] AS status) s`,
        [from, to],
      );
    }
    await client.query('VACUUM ANALYZE licences');
  } finally {
    await client.end();
  }
}
