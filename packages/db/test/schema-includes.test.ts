import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createMigration, readServiceSchema } from '../src';
import { adminUrl, fixtureServiceDir, newService } from './support';

const BUS_TABLES = '@lmp/bus/prisma/bus-tables.prisma';

describe('readServiceSchema', () => {
  it('adds each included fragment after schema.prisma, rendered for the service schema', () => {
    const files = readServiceSchema({
      serviceDir: fixtureServiceDir('transmissions'),
      service: 'transmissions',
    });

    expect(files.map((f) => path.relative(path.join(__dirname, '..', '..'), f.path))).toEqual([
      'db/test/fixtures/services/transmissions/prisma/schema.prisma',
      'bus/prisma/bus-tables.prisma',
    ]);
    expect(files[1]!.content).toContain('@@schema("transmissions")');
    expect(files[1]!.content).not.toContain('__SCHEMA__');
  });

  it('reads a schema without includes as it is', () => {
    const serviceDir = newService('plain', 'model A {\n  id Int @id\n  @@schema("plain")\n}');

    expect(readServiceSchema({ serviceDir, service: 'plain' })).toHaveLength(1);
  });

  it('takes a relative include from the folder of schema.prisma', () => {
    const serviceDir = newService('shared', '// lmp-migrate: include ./more/tables.prisma');
    mkdirSync(path.join(serviceDir, 'prisma', 'more'));
    writeFileSync(
      path.join(serviceDir, 'prisma', 'more', 'tables.prisma'),
      'model B {\n  id Int @id\n  @@schema("__SCHEMA__")\n}\n',
    );

    const [, included] = readServiceSchema({ serviceDir, service: 'shared' });

    expect(included).toEqual({
      path: path.join(serviceDir, 'prisma', 'more', 'tables.prisma'),
      content: 'model B {\n  id Int @id\n  @@schema("shared")\n}\n',
    });
  });

  it('names the line of an include it cannot find', () => {
    const serviceDir = newService('lost', '// lmp-migrate: include @lmp/no-such-package/tables.prisma');

    expect(() => readServiceSchema({ serviceDir, service: 'lost' })).toThrow(
      /schema\.prisma:11: cannot find the schema fragment "@lmp\/no-such-package\/tables\.prisma"/,
    );
  });

  it('refuses a mistyped directive instead of silently leaving the tables out', () => {
    const serviceDir = newService('typo', `// lmp-migrate: includes ${BUS_TABLES}`);

    expect(() => readServiceSchema({ serviceDir, service: 'typo' })).toThrow(
      /schema\.prisma:11: unknown lmp-migrate directive "\/\/ lmp-migrate: includes/,
    );
  });
});

describe('including the bus tables', () => {
  it('writes them into the first migration of a new service', async () => {
    const serviceDir = newService('reporting', `// lmp-migrate: include ${BUS_TABLES}`);

    const { sql } = await createMigration({ serviceDir, name: 'init', adminUrl });

    expect(sql).toContain('CREATE TABLE "reporting"."outbox_events"');
    expect(sql).toContain('CREATE TABLE "reporting"."processed_events"');
    expect(sql).toContain(
      'CREATE INDEX "outbox_events_pending_idx" ON "reporting"."outbox_events"("attempts", "created_at", "id") WHERE (published_at IS NULL);',
    );
  });

  it('says which preview feature the including schema must enable', async () => {
    const serviceDir = newService('nopreview', `// lmp-migrate: include ${BUS_TABLES}`, '[]');

    await expect(createMigration({ serviceDir, name: 'init', adminUrl })).rejects.toThrow(
      /Add "partialIndexes" to previewFeatures in your generator block[\s\S]*bus-tables\.prisma/,
    );
  });

  it('refuses a schema that also declares the models itself', async () => {
    const serviceDir = newService(
      'twice',
      `// lmp-migrate: include ${BUS_TABLES}\n\nmodel OutboxEvent {\n  id String @id\n  @@schema("twice")\n}`,
    );

    await expect(createMigration({ serviceDir, name: 'init', adminUrl })).rejects.toThrow(
      /The model "OutboxEvent" cannot be defined because a model with that name already exists/,
    );
  });
});
