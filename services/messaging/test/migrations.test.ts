import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createMigration } from '@lmp/db';

describe('prisma/migrations', () => {
  it('build exactly the schema in schema.prisma (no drift)', async () => {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'lmp-drift-msg-')), 'messaging');
    cpSync(path.join(__dirname, '..', 'prisma'), path.join(dir, 'prisma'), { recursive: true });
    try {
      const result = await createMigration({ serviceDir: dir, name: 'drift_check', log: () => undefined });
      expect(result.sql).toBeNull();
    } finally {
      rmSync(path.dirname(dir), { recursive: true, force: true });
    }
  });
});
