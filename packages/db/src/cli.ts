// lmp-migrate: the project's `prisma migrate` for machines without Prisma's native engine.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { redact } from './admin-client';
import { adminUrlFromEnv, databaseNameFromEnv, servicePasswordFromEnv } from './config';
import { createMigration } from './create-migration';
import { discoverServices, findRepoRoot, locateService, type ServiceLocation } from './discover-services';
import { migrateService } from './migrate';
import { migrationStatus } from './migration-status';
import { inlineServiceSchema } from './schema-includes';

const USAGE = `Usage:
  lmp-migrate deploy [--service <name> | --all]      apply pending migrations (creates database, role, schema)
  lmp-migrate create [--service <name>] --name <x>   write prisma/migrations/<timestamp>_<x>/migration.sql
  lmp-migrate status [--service <name> | --all]      list applied and pending migrations (exit 1 if not up to date)
  lmp-migrate schema [--service <name>]              print schema.prisma with its includes rendered (one file)

  Without --service or --all, the service is the one whose folder you are in (services/<name>).
  --repo-root <dir>   where services/*/prisma are looked for (default: the workspace root)

Environment:
  DATABASE_ADMIN_URL         admin connection (default postgres://postgres@127.0.0.1:5432/postgres)
  DATABASE_NAME              database holding every service's schema (default lmp)
  LMP_DB_PASSWORD_<SERVICE>  password of role lmp_<service> (production; none with local trust auth)
`;

type Out = (line: string) => void;

export interface CliIo {
  out: Out;
  err: Out;
  env: Record<string, string | undefined>;
  cwd: string;
}

/** Runs one command; resolves to the exit code (0 ok, 1 failure or not up to date, 2 usage error). */
export async function main(argv: string[], io: Partial<CliIo> = {}): Promise<number> {
  const {
    out = print(process.stdout),
    err = print(process.stderr),
    env = process.env,
    cwd = process.cwd(),
  } = io;
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        service: { type: 'string', short: 's' },
        all: { type: 'boolean' },
        name: { type: 'string', short: 'n' },
        'repo-root': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    err(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = args;
  const command = positionals[0];
  if (values.help || !command) {
    (values.help ? out : err)(USAGE);
    return values.help ? 0 : 2;
  }

  const adminUrl = adminUrlFromEnv(env);
  const database = databaseNameFromEnv(env);
  try {
    const repoRoot = values['repo-root'] ? path.resolve(cwd, values['repo-root']) : findRepoRoot(cwd);
    const targets = (): ServiceLocation[] =>
      selectServices(repoRoot, cwd, values.service, values.all === true);
    switch (command) {
      case 'deploy': {
        const services = targets();
        out(`Deploying to database "${database}" at ${redact(adminUrl)}`);
        for (const { service, serviceDir } of services) {
          const { appliedMigrationNames } = await migrateService({
            adminUrl,
            database,
            service,
            serviceDir,
            password: servicePasswordFromEnv(service, env),
          });
          out(
            appliedMigrationNames.length
              ? `${service}: applied ${appliedMigrationNames.length} migration(s):\n${list(appliedMigrationNames)}`
              : `${service}: up to date, nothing to apply`,
          );
        }
        return 0;
      }
      case 'create': {
        if (values.all) throw new UsageError('create works on one service: use --service <name>');
        if (!values.name)
          throw new UsageError('create needs --name <migration_name>, e.g. --name add_customs_note');
        const [{ service, serviceDir }] = targets() as [ServiceLocation];
        const result = await createMigration({ serviceDir, service, name: values.name, adminUrl });
        out(
          result.file
            ? `${service}: wrote ${path.relative(cwd, result.file)}\nReview it, then run: lmp-migrate deploy --service ${service}`
            : `${service}: schema.prisma matches the migrations; no migration written`,
        );
        return 0;
      }
      case 'status': {
        let upToDate = true;
        for (const { service, serviceDir } of targets()) {
          const s = await migrationStatus({ adminUrl, database, service, serviceDir });
          upToDate &&= s.upToDate;
          out(
            `${service} (database "${database}", schema "${service}"): ${s.upToDate ? 'up to date' : 'NOT up to date'}`,
          );
          out(`  applied: ${s.applied.length}/${s.local.length}`);
          if (s.pending.length) out(`  pending:\n${list(s.pending, 4)}`);
          if (s.failed.length) out(`  failed (fix, then mark rolled back):\n${list(s.failed, 4)}`);
          if (s.edited.length) out(`  edited after being applied:\n${list(s.edited, 4)}`);
          if (s.missingLocally.length)
            out(`  applied but missing from the folder:\n${list(s.missingLocally, 4)}`);
        }
        return upToDate ? 0 : 1;
      }
      case 'schema': {
        if (values.all) throw new UsageError('schema works on one service: use --service <name>');
        const [{ service, serviceDir }] = targets() as [ServiceLocation];
        out(inlineServiceSchema({ serviceDir, service }));
        return 0;
      }
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      err(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    err(`lmp-migrate ${command} failed: ${(error as Error).message}`);
    return 1;
  }
}

class UsageError extends Error {}

function selectServices(
  repoRoot: string,
  cwd: string,
  service: string | undefined,
  all: boolean,
): ServiceLocation[] {
  if (service && all) throw new UsageError('use either --service <name> or --all');
  if (all) {
    const services = discoverServices(repoRoot);
    if (!services.length) throw new Error(`no services/*/prisma/schema.prisma under ${repoRoot}`);
    return services;
  }
  if (service) return [locateService(repoRoot, service)];
  const here = serviceOfCwd(repoRoot, cwd);
  if (here) return [here];
  throw new UsageError('which service? Use --service <name> or --all, or run inside services/<name>');
}

/** Inside services/<name>/…: that service, so `npm run … -w services/<name>` needs no --service. */
function serviceOfCwd(repoRoot: string, cwd: string): ServiceLocation | undefined {
  const relative = path.relative(path.join(repoRoot, 'services'), cwd);
  const name = relative.split(path.sep)[0];
  if (!name || name.startsWith('..') || path.isAbsolute(relative)) return undefined;
  return discoverServices(repoRoot).find((s) => s.service === name);
}

function list(names: string[], indent = 2): string {
  return names.map((n) => `${' '.repeat(indent)}${n}`).join('\n');
}

function print(stream: NodeJS.WriteStream): Out {
  return (line) => stream.write(`${line}\n`);
}
