import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { CONFIG_FILES, REPO_ROOT, unreadVariables } from './support';

interface ComposeService {
  image?: string;
  build?: { context: string; args: { SERVICE: string } };
  command?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  ports?: string[];
}

const read = (file: string) => readFileSync(path.join(REPO_ROOT, file), 'utf8');
// `merge: true`: the file shares settings through YAML merge keys (<<), which Compose supports.
const compose = parse(read('docker-compose.yml'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const services = Object.entries(compose.services);
/** Which configuration a Compose service is checked against: the migration job, or the image's service. */
const workloadOf = (s: ComposeService) =>
  s.command?.some((part) => part.includes('lmp-migrate')) ? 'migrate' : s.build?.args.SERVICE;

describe('docker-compose.yml', () => {
  it('runs PostgreSQL 15, RabbitMQ 3 with management, MailDev, the migration, eulogin-dev, licences, transmissions, reporting, messaging, gateway and web', () => {
    expect(compose.services.postgres!.image).toMatch(/^postgres:15/);
    expect(compose.services.rabbitmq!.image).toMatch(/^rabbitmq:3\.[\d.]+-management$/);
    expect(compose.services.maildev!.image).toBe('maildev/maildev:2.2.1');
    expect(Object.keys(compose.services).sort()).toEqual(
      [
        'eulogin-dev',
        'gateway',
        'licences',
        'maildev',
        'messaging',
        'migrate',
        'postgres',
        'rabbitmq',
        'reporting',
        'transmissions',
        'web',
      ].sort(),
    );
    expect(compose.services.migrate!.command).toEqual(['node_modules/.bin/lmp-migrate', 'deploy', '--all']);
  });

  it('every variable a service gets is one its configuration reads', () => {
    for (const [name, service] of services) {
      const workload = workloadOf(service);
      if (!workload) continue; // postgres, rabbitmq
      expect([
        name,
        unreadVariables(CONFIG_FILES[workload]!, Object.keys(service.environment ?? {})),
      ]).toEqual([name, []]);
    }
  });

  it('builds images of services that exist, waits on healthchecks (/readyz where the service has one)', () => {
    for (const [name, service] of services) {
      if (service.build) {
        expect(existsSync(path.join(REPO_ROOT, 'services', service.build.args.SERVICE, 'src/start.ts'))).toBe(
          true,
        );
      }
      if (name !== 'migrate')
        expect([name, service.healthcheck?.test.length]).toEqual([name, expect.any(Number)]);
      for (const dependency of Object.keys(service.depends_on ?? {})) {
        expect(Object.keys(compose.services)).toContain(dependency);
      }
    }
    for (const name of ['licences', 'transmissions', 'reporting', 'messaging', 'gateway', 'web']) {
      expect(compose.services[name]!.healthcheck!.test.join(' ')).toContain('/readyz');
    }
    for (const name of ['licences', 'transmissions', 'reporting', 'messaging', 'web']) {
      expect([name, compose.services[name]!.depends_on!.migrate]).toEqual([
        name,
        { condition: 'service_completed_successfully' },
      ]);
    }
  });

  it('each service connects as its own role, whose password the migration job sets', () => {
    const migrate = compose.services.migrate!.environment!;
    const withDatabase = services.filter(([, s]) => s.environment?.DATABASE_URL);
    expect(withDatabase.map(([name]) => name).sort()).toEqual([
      'licences',
      'messaging',
      'reporting',
      'transmissions',
      'web',
    ]);
    for (const [name, service] of withDatabase) {
      const url = new URL(service.environment!.DATABASE_URL!);
      expect([name, url.username, url.pathname]).toEqual([name, `lmp_${name}`, `/${migrate.DATABASE_NAME}`]);
      expect([name, migrate[`LMP_DB_PASSWORD_${name.toUpperCase()}`]]).toEqual([name, url.password]);
    }
  });

  it('the gateway calls each service at its PORT, once that service is ready', () => {
    const gateway = compose.services.gateway!;
    const urls = Object.entries(gateway.environment!).filter(
      ([name]) => name.endsWith('_URL') && name !== 'OIDC_ISSUER',
    );
    expect(urls.map(([name]) => name).sort()).toEqual([
      'LICENCES_URL',
      'MESSAGING_URL',
      'REPORTING_URL',
      'TRANSMISSIONS_URL',
    ]);
    for (const [name, value] of urls) {
      const url = new URL(value);
      expect([name, url.port]).toEqual([name, compose.services[url.hostname]!.environment!.PORT]);
      expect([name, gateway.depends_on![url.hostname]]).toEqual([name, { condition: 'service_healthy' }]);
    }
  });

  it('the web pages call the gateway at its PORT once it is ready, and sign in where the gateway does', () => {
    const web = compose.services.web!.environment!;
    const gateway = compose.services.gateway!;
    const url = new URL(web.GATEWAY_URL!);
    expect([url.hostname, url.port]).toEqual(['gateway', gateway.environment!.PORT]);
    expect(compose.services.web!.depends_on!.gateway).toEqual({ condition: 'service_healthy' });
    expect(web.OIDC_ISSUER).toBe(gateway.environment!.OIDC_ISSUER);
    expect(compose.services.web!.ports).toEqual([`${web.PORT}:${web.PORT}`]);
  });

  it("eulogin-dev sends the sign-in back to the web pages' callback; messaging's e-mails link to the published pages and gateway", () => {
    const idp = compose.services['eulogin-dev']!.environment!;
    const web = compose.services.web!.environment!;
    expect(idp.ISSUER_URL).toBe(web.OIDC_ISSUER);
    expect(idp.REDIRECT_URIS!.split(',')).toContain(`${web.PUBLIC_URL}/auth/callback`);
    const messaging = compose.services.messaging!.environment!;
    const published = (service: string) =>
      `http://localhost:${compose.services[service]!.ports![0]!.split(':')[0]}`;
    expect(messaging.PUBLIC_BASE_URL).toBe(published('web'));
    expect(web.PUBLIC_URL).toBe(published('web'));
    expect(messaging.PUBLIC_API_URL).toBe(published('gateway'));
  });

  it("transmissions and messaging e-mail through MailDev's SMTP port; MailDev's web UI is published", () => {
    const maildev = compose.services.maildev!;
    const smtp = new URL(compose.services.transmissions!.environment!.SMTP_URL!);
    expect([smtp.protocol, smtp.hostname, smtp.port]).toEqual([
      'smtp:',
      'maildev',
      maildev.environment!.MAILDEV_SMTP_PORT,
    ]);
    const messaging = compose.services.messaging!.environment!;
    expect([messaging.SMTP_HOST, messaging.SMTP_PORT]).toEqual([
      'maildev',
      maildev.environment!.MAILDEV_SMTP_PORT,
    ]);
    expect(maildev.ports).toEqual([
      `${maildev.environment!.MAILDEV_WEB_PORT}:${maildev.environment!.MAILDEV_WEB_PORT}`,
    ]);
    expect(maildev.healthcheck!.test.join(' ')).toContain(
      `:${maildev.environment!.MAILDEV_WEB_PORT}/healthz`,
    );
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');

  it('runs the service from TypeScript with tsx on Node 24, as a non-root user', () => {
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:24-slim$/m);
    expect(dockerfile).toContain('exec node_modules/.bin/tsx services/${SERVICE}/src/start.ts');
    expect(dockerfile).toMatch(/^USER 1000:1000$/m);
  });

  const workspaces: string[] = JSON.parse(read('package.json')).workspaces;
  const manifests = workspaces
    .flatMap((pattern) =>
      pattern.endsWith('/*')
        ? readdirSync(path.join(REPO_ROOT, pattern.slice(0, -2))).map(
            (dir) => `${pattern.slice(0, -2)}/${dir}`,
          )
        : [pattern],
    )
    .filter((dir) => existsSync(path.join(REPO_ROOT, dir, 'package.json')))
    .map((dir) => ({ dir, manifest: JSON.parse(read(`${dir}/package.json`)) }));

  it('gets tsx from a production dependency, since the image installs with --omit=dev', () => {
    expect(dockerfile).toContain('npm ci --omit=dev');
    expect(manifests.filter(({ manifest }) => manifest.dependencies?.tsx)).not.toEqual([]);
  });

  it('keeps every workspace bin script for the install stage (npm links only scripts that exist)', () => {
    expect(dockerfile).toContain("! -path './*/bin/*' -delete");
    for (const { dir, manifest } of manifests) {
      for (const file of Object.values<string>(manifest.bin ?? {})) {
        expect(path.posix.join(dir, file)).toMatch(/(^|\/)bin\/[^/]+$/);
      }
    }
  });
});
