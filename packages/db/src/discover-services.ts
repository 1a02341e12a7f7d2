import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface ServiceLocation {
  service: string;
  /** The service's folder, holding prisma/schema.prisma and prisma/migrations. */
  serviceDir: string;
}

/** The monorepo root: the nearest folder upwards whose package.json declares workspaces. */
export function findRepoRoot(start: string = process.cwd()): string {
  let dir = path.resolve(start);
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).workspaces) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json with "workspaces" found above ${start}`);
    dir = parent;
  }
}

/** Every `services/<name>/prisma/schema.prisma` under the repo root, by name. */
export function discoverServices(repoRoot: string): ServiceLocation[] {
  const servicesDir = path.join(repoRoot, 'services');
  if (!existsSync(servicesDir)) return [];
  return readdirSync(servicesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => ({ service: entry.name, serviceDir: path.join(servicesDir, entry.name) }))
    .filter(({ serviceDir }) => existsSync(path.join(serviceDir, 'prisma', 'schema.prisma')))
    .sort((a, b) => a.service.localeCompare(b.service));
}

/** One service by name; the error lists the ones that exist. */
export function locateService(repoRoot: string, service: string): ServiceLocation {
  const found = discoverServices(repoRoot).find((s) => s.service === service);
  if (found) return found;
  const known = discoverServices(repoRoot).map((s) => s.service);
  throw new Error(
    `no service "${service}" with a prisma/schema.prisma under ${path.join(repoRoot, 'services')}` +
      (known.length ? ` (found: ${known.join(', ')})` : ' (found none)'),
  );
}
