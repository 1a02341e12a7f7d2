import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

export const K8S_DIR = path.resolve(__dirname, '..');
export const REPO_ROOT = path.resolve(K8S_DIR, '..');

/** A rendered Kubernetes object, read loosely: the schema check is what types it. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: any;
}

export function kubectlVersion(): string | undefined {
  try {
    return execFileSync('kubectl', ['version', '--client'], { encoding: 'utf8', stdio: 'pipe' });
  } catch {
    return undefined;
  }
}

/** `kubectl kustomize <dir>`: offline, the same renderer `kubectl apply -k` uses. */
export function render(dir: string): K8sObject[] {
  const out = execFileSync('kubectl', ['kustomize', path.join(K8S_DIR, dir)], { encoding: 'utf8' });
  return parseAllDocuments(out)
    .map((doc) => doc.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => o !== null);
}

/**
 * Validates an object with kubernetes-models: each kind is a class whose `validate()` checks the
 * object against the Kubernetes OpenAPI schema (types, formats, required fields) and throws.
 */
export async function validateAgainstSchema(object: K8sObject): Promise<void> {
  const models = (await import(`kubernetes-models/${object.apiVersion}`)) as Record<string, unknown>;
  const Model = Object.values(models).find(
    (m): m is new (data: object) => { validate(): void } =>
      typeof m === 'function' && (m as { kind?: string }).kind === object.kind,
  );
  if (!Model) throw new Error(`no schema for ${object.apiVersion} ${object.kind}`);
  new Model(object.kind === 'Secret' ? unwrapBase64(object) : object).validate();
}

/**
 * kustomize folds long base64 values over several lines; the API server's decoder skips the line
 * breaks, the schema's "byte" format does not.
 */
function unwrapBase64(secret: K8sObject): K8sObject {
  const data = Object.fromEntries(
    Object.entries(secret.data ?? {}).map(([k, v]) => [k, String(v).replace(/\s/g, '')]),
  );
  return { ...secret, data };
}

/**
 * The environment variables a workload reads, from its source: keys of the zod schema and
 * `env.NAME` reads in the config file; template literals such as `LMP_DB_PASSWORD_${…}` give
 * prefixes.
 */
export function variablesReadBy(configFile: string): { names: Set<string>; prefixes: string[] } {
  const own = readFileSync(path.join(REPO_ROOT, configFile), 'utf8');
  // A service's schema spreads the kit's shared settings (serviceSettings(), storageSettings()).
  const source = /\b(serviceSettings|storageSettings)\(/.test(own)
    ? own + readFileSync(path.join(REPO_ROOT, SERVICE_KIT_CONFIG), 'utf8')
    : own;
  const names = new Set<string>();
  for (const m of source.matchAll(/^\s*([A-Z][A-Z0-9_]*)\s*:/gm)) names.add(m[1]!);
  for (const m of source.matchAll(/\benv\.([A-Z][A-Z0-9_]*)/g)) names.add(m[1]!);
  const prefixes = [...source.matchAll(/`([A-Z][A-Z0-9_]*_)\$\{/g)].map((m) => m[1]!);
  return { names, prefixes };
}

/** The settings every service shares, spread into each service's own schema. */
export const SERVICE_KIT_CONFIG = 'packages/service/src/service-config.ts';

/** Where each workload's configuration is read: services by name, the migration job by lmp-migrate. */
export const CONFIG_FILES: Record<string, string> = {
  licences: 'services/licences/src/config.ts',
  transmissions: 'services/transmissions/src/config.ts',
  reporting: 'services/reporting/src/config.ts',
  messaging: 'services/messaging/src/config.ts',
  gateway: 'services/gateway/src/config.ts',
  web: 'services/web/src/config.ts',
  'eulogin-dev': 'services/eulogin-dev/src/config.ts',
  migrate: 'packages/db/src/config.ts',
};

/** Names in `names` that `configFile` does not read. */
export function unreadVariables(configFile: string, names: Iterable<string>): string[] {
  const read = variablesReadBy(configFile);
  return [...names].filter((n) => !read.names.has(n) && !read.prefixes.some((p) => n.startsWith(p)));
}
