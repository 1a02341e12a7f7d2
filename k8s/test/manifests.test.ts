import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  CONFIG_FILES,
  kubectlVersion,
  render,
  REPO_ROOT,
  unreadVariables,
  validateAgainstSchema,
  type K8sObject,
} from './support';

const EU_LOGIN = 'https://ecas.ec.europa.eu/cas/oauth2';
const OVERLAYS = ['base', 'overlays/dev', 'overlays/prod'] as const;
const SERVERS = ['licences', 'transmissions', 'reporting', 'messaging', 'gateway', 'web'];
/** The servers with a database of their own (a role `lmp_<name>` that the migration job prepares). */
const DATABASE_SERVICES = ['licences', 'transmissions', 'reporting', 'messaging', 'web'];
/**
 * The workloads that may send e-mail: transmissions (the MOFCOM batch files) and messaging (the
 * platform's notification e-mail: new messages, digests, reminders, confirmation requests,
 * invitations, all through its mail outbox). Any other workload on an SMTP port is a leak.
 */
const MAIL_SENDERS = ['transmissions', 'messaging'];
/** The relay's ports both senders' base policies let out. */
const RELAY_PORTS = [587, 25];
/** PostgreSQL, RabbitMQ (AMQP, AMQPS): all a service that only stores and consumes may reach. */
const STORAGE_PORTS = [5432, 5672, 5671];
/** SMTP ports: submission, relay, implicit TLS, and the development catcher's (MailDev). */
const SMTP_PORTS = new Set([25, 465, 587, 1025]);

const hasKubectl = kubectlVersion() !== undefined;
const describeRendered = hasKubectl ? describe : describe.skip;
const skipped = hasKubectl ? '' : ' (SKIPPED: kubectl, which renders the overlays, is not on the PATH)';
if (!hasKubectl) console.warn(`k8s manifests${skipped}`);

const of = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);
const named = (objects: K8sObject[], kind: string, name: string) => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found;
};
const podSpec = (workload: K8sObject) => workload.spec.template.spec;
const isOurImage = (image: string) => /(^|\/)lmp-[a-z-]+(:|$)/.test(image);
/** Generated ConfigMaps and Secrets carry a content hash in their name: the name they were given. */
const givenName = (name: string) => name.replace(/-[a-z0-9]{10}$/, '');
const configMap = (objects: K8sObject[], name: string) =>
  of(objects, 'ConfigMap').find((c) => givenName(c.metadata.name) === name)!;
/** The dev overlay generates its secrets; base and prod only reference them. */
const secret = (objects: K8sObject[], name: string) =>
  of(objects, 'Secret').find((c) => givenName(c.metadata.name) === name);
type EnvVar = { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } };
/** A secret reference, by the secret's given name. */
const secretRef = (e: EnvVar | undefined) => {
  const ref = e?.valueFrom?.secretKeyRef;
  return ref && { name: givenName(ref.name), key: ref.key };
};
const envOf = (workload: K8sObject): EnvVar[] => podSpec(workload).containers[0].env ?? [];
const ROUTE_TO = (service: string, path: string) => ({
  path,
  pathType: 'Prefix',
  backend: { service: { name: service, port: { name: 'http' } } },
});
const envVar = (workload: K8sObject, name: string) => envOf(workload).find((e) => e.name === name);
/** The egress rules of the policies that select pods of `name`. */
const egressRules = (objects: K8sObject[], name: string): { to?: unknown[]; ports?: { port: unknown }[] }[] =>
  of(objects, 'NetworkPolicy')
    .filter((p) => p.spec.podSelector.matchLabels?.['app.kubernetes.io/name'] === name)
    .flatMap((p) => p.spec.egress ?? []);
/** The batch address in the config's source: its development default. */
const MOFCOM_DEFAULT = /MOFCOM_DISPATCH_TO: z\.email\(\)\.default\('([^']+)'\)/.exec(
  readFileSync(path.join(REPO_ROOT, CONFIG_FILES.transmissions!), 'utf8'),
)![1]!;
/** Close enough to z.email() to tell an address from a placeholder. */
const EMAIL = /^[^\s@<>]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$/i;

describeRendered.each(OVERLAYS)(`%s${skipped}`, (overlay) => {
  let objects: K8sObject[];
  beforeAll(() => {
    objects = render(overlay);
  });
  const workloads = () => [...of(objects, 'Deployment'), ...of(objects, 'Job')];

  it('every object passes the Kubernetes schema of its kind', async () => {
    expect(objects.length).toBeGreaterThan(10);
    for (const object of objects) {
      await expect(validateAgainstSchema(object)).resolves.toBeUndefined();
    }
  });

  it('every container: probes (Deployments), resources, non-root, the restricted pod security profile', () => {
    for (const workload of workloads()) {
      const pod = podSpec(workload);
      const where = `${workload.kind} ${workload.metadata.name}`;
      expect([where, pod.securityContext?.runAsNonRoot]).toEqual([where, true]);
      expect([where, pod.securityContext?.seccompProfile?.type]).toEqual([where, 'RuntimeDefault']);
      for (const c of pod.containers) {
        if (workload.kind === 'Deployment') {
          expect([where, c.readinessProbe && c.livenessProbe ? 'probes' : 'missing']).toEqual([
            where,
            'probes',
          ]);
        }
        expect([
          where,
          c.resources?.requests?.cpu,
          c.resources?.requests?.memory,
          c.resources?.limits?.memory,
        ]).toEqual([where, expect.anything(), expect.anything(), expect.anything()]);
        expect([
          where,
          c.securityContext?.allowPrivilegeEscalation,
          c.securityContext?.capabilities?.drop,
        ]).toEqual([where, false, ['ALL']]);
        if (isOurImage(c.image)) {
          // tsx writes its compile cache under /tmp: the only writable place.
          expect([where, c.securityContext.readOnlyRootFilesystem]).toEqual([where, true]);
          expect(c.volumeMounts.map((m: { mountPath: string }) => m.mountPath)).toContain('/tmp');
        }
      }
    }
  });

  it('every server: ready on /readyz, alive on /healthz, at least 2 replicas, a disruption budget', () => {
    for (const name of SERVERS) {
      const [container] = podSpec(named(objects, 'Deployment', name)).containers;
      expect(container.readinessProbe.httpGet).toMatchObject({ path: '/readyz', port: 'http' });
      expect(container.livenessProbe.httpGet).toMatchObject({ path: '/healthz', port: 'http' });
      expect(container.ports).toContainEqual(expect.objectContaining({ name: 'http' }));
      const hpa = named(objects, 'HorizontalPodAutoscaler', name);
      expect(hpa.spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name });
      expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
      expect(named(objects, 'PodDisruptionBudget', name).spec.selector.matchLabels).toEqual({
        'app.kubernetes.io/name': name,
      });
    }
  });

  it('every variable a workload gets is one its configuration reads', () => {
    for (const workload of workloads()) {
      for (const c of podSpec(workload).containers) {
        const configFile = CONFIG_FILES[c.name];
        if (!configFile) continue; // postgres, rabbitmq (dev)
        const env: { name: string; value?: string }[] = c.env ?? [];
        const fromConfigMaps = (c.envFrom ?? []).flatMap((s: any) =>
          Object.keys(of(objects, 'ConfigMap').find((m) => m.metadata.name === s.configMapRef.name)!.data),
        );
        // A variable that only feeds `$(NAME)` in another (the database password) is fine.
        const composed = new Set(
          env.flatMap((e) => [...(e.value ?? '').matchAll(/\$\(([A-Z0-9_]+)\)/g)].map((m) => m[1])),
        );
        // NODE_OPTIONS is read by Node itself, not by the service's configuration.
        const names = [...env.map((e) => e.name), ...fromConfigMaps].filter(
          (n) => !composed.has(n) && n !== 'NODE_OPTIONS',
        );
        expect([c.name, unreadVariables(configFile, names)]).toEqual([c.name, []]);
      }
    }
  });

  it("every secret (and key) a workload references is a row of the README's secrets table", () => {
    const readme = readFileSync(path.join(REPO_ROOT, 'k8s/README.md'), 'utf8');
    const rows = new Set(
      [...readme.matchAll(/^\|\s*`([a-z0-9-]+)`\s*\|\s*`([a-z0-9-]+)`\s*\|/gm)].map((m) => `${m[1]}/${m[2]}`),
    );
    const referenced = workloads().flatMap((w) =>
      envOf(w)
        .map(secretRef)
        .filter((r): r is { name: string; key: string } => r !== undefined)
        .map((r) => ({ workload: w.metadata.name, secret: `${r.name}/${r.key}` })),
    );
    const generatedHere = (secretName: string) => overlay === 'overlays/dev' && secretName.startsWith('dev-'); // dev's own stand-ins
    for (const { workload, secret: ref } of referenced) {
      if (generatedHere(ref)) continue;
      expect([workload, ref, rows.has(ref)]).toEqual([workload, ref, true]);
    }
  });

  it('credentials only as secret references, never in values or ConfigMaps', () => {
    // SMTP_URL: the relay's credentials may be in it.
    const sensitive = /PASSWORD|PRIVATE|SECRET|TOKEN|RABBITMQ_URL|ADMIN_URL|SMTP_URL|IDENTITY_/;
    for (const workload of workloads()) {
      for (const c of podSpec(workload).containers) {
        for (const e of c.env ?? []) {
          if (sensitive.test(e.name)) expect([c.name, e.name, e.value]).toEqual([c.name, e.name, undefined]);
          // A URL may carry a password only as $(VAR), filled from a secret.
          if (e.value) expect(e.value).not.toMatch(/:\/\/[^/:@]+:(?!\$\()[^@]+@/);
        }
      }
    }
    for (const map of of(objects, 'ConfigMap')) {
      expect(Object.keys(map.data ?? {}).filter((k) => sensitive.test(k))).toEqual([]);
    }
    if (overlay !== 'overlays/dev') {
      // base and prod reference secrets that the platform team creates; none are written here.
      expect(of(objects, 'Secret')).toEqual([]);
    }
  });

  /** The ingress rules of the policies that select pods of `name`. */
  const ingressRules = (name: string): { from: unknown[]; ports?: unknown[] }[] =>
    of(objects, 'NetworkPolicy')
      .filter((p) => p.spec.podSelector.matchLabels?.['app.kubernetes.io/name'] === name)
      .flatMap((p) => p.spec.ingress ?? []);
  const PROMETHEUS = {
    namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
    podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
  };
  const METRICS_ONLY = [{ protocol: 'TCP', port: 'metrics' }];
  /** The rules that are not Prometheus's: who may call the workload's API. */
  const apiRules = (name: string) =>
    ingressRules(name).filter((r) => JSON.stringify(r.from) !== JSON.stringify([PROMETHEUS]));

  it('network: default deny; the services reachable only from the gateway, the gateway only from the ingress controller and the web pages, the web pages only from the ingress controller', () => {
    const policies = of(objects, 'NetworkPolicy');
    expect(policies).toContainEqual(
      expect.objectContaining({
        spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
      }),
    );
    // ...and reporting, for the internal snapshot its read-model check|rebuild reads (key-protected).
    expect(apiRules('licences')).toEqual([
      {
        from: [
          { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'gateway' } } },
          { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'reporting' } } },
        ],
        ports: [{ protocol: 'TCP', port: 3001 }],
      },
    ]);
    expect(apiRules('transmissions')).toEqual([
      {
        from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'gateway' } } }],
        ports: [{ protocol: 'TCP', port: 3002 }],
      },
    ]);
    expect(apiRules('reporting')).toEqual([
      {
        from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'gateway' } } }],
        ports: [{ protocol: 'TCP', port: 3003 }],
      },
    ]);
    expect(apiRules('messaging')).toEqual([
      {
        from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'gateway' } } }],
        ports: [{ protocol: 'TCP', port: 3004 }],
      },
    ]);
    // The web pages call the public API in the cluster, with the user's token, on the same port.
    expect(apiRules('gateway')).toEqual([
      {
        from: [
          { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } },
          { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'web' } } },
        ],
        ports: [{ protocol: 'TCP', port: 8080 }],
      },
    ]);
    expect(apiRules('web')).toEqual([
      {
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }],
        ports: [{ protocol: 'TCP', port: 3000 }],
      },
    ]);
  });

  it('ingress: one host, TLS; `/api` to the gateway and everything else to the web pages, nothing more', () => {
    const ingresses = of(objects, 'Ingress');
    expect(ingresses.map((i) => i.metadata.name)).toEqual(['gateway']);
    const [ingress] = ingresses;
    expect(ingress!.spec.rules).toHaveLength(1);
    const [rule] = ingress!.spec.rules;
    expect(ingress!.spec.tls).toEqual([{ hosts: [rule.host], secretName: 'lmp-tls' }]);
    expect(rule.http.paths).toEqual([ROUTE_TO('gateway', '/api'), ROUTE_TO('web', '/')]);
    // Each backend's Service port leads to its pods' http port (never `metrics`), and the pods'
    // own policy admits the ingress controller on that port.
    for (const path of rule.http.paths) {
      const name = path.backend.service.name;
      const port = named(objects, 'Service', name).spec.ports.find((p: any) => p.name === 'http');
      expect([name, port?.targetPort]).toEqual([name, 'http']);
      const [container] = podSpec(named(objects, 'Deployment', name)).containers;
      const podPort = container.ports.find((p: any) => p.name === 'http').containerPort;
      expect([name, apiRules(name)[0]!.ports]).toEqual([name, [{ protocol: 'TCP', port: podPort }]]);
    }
  });

  it('network: the monitoring namespace (Prometheus) reaches each server on its metrics port and nothing else', () => {
    for (const name of SERVERS) {
      expect([name, ingressRules(name).filter((r) => JSON.stringify(r.from).includes('monitoring'))]).toEqual(
        [name, [{ from: [PROMETHEUS], ports: METRICS_ONLY }]],
      );
    }
    // No other rule anywhere admits the monitoring namespace, or opens a metrics port to anyone else.
    for (const policy of of(objects, 'NetworkPolicy')) {
      for (const rule of policy.spec.ingress ?? []) {
        if (JSON.stringify(rule.from) === JSON.stringify([PROMETHEUS])) {
          expect([policy.metadata.name, rule.ports]).toEqual([policy.metadata.name, METRICS_ONLY]);
        } else {
          expect([policy.metadata.name, JSON.stringify(rule.from)]).toEqual([
            policy.metadata.name,
            expect.not.stringContaining('monitoring'),
          ]);
          const target = policy.spec.podSelector.matchLabels?.['app.kubernetes.io/name'];
          const metricsPort = Number(configMap(objects, `${target}-config`)?.data.METRICS_PORT);
          for (const port of rule.ports ?? []) {
            expect([policy.metadata.name, String(port.port)]).toEqual([
              policy.metadata.name,
              expect.not.stringMatching(new RegExp(`^(metrics|${metricsPort})$`)),
            ]);
          }
        }
      }
    }
  });

  it('metrics: each server serves them on a container port `metrics` of its own (METRICS_PORT), which Prometheus is told', () => {
    for (const name of SERVERS) {
      const deployment = named(objects, 'Deployment', name);
      const [container] = podSpec(deployment).containers;
      const metricsPort = Number(configMap(objects, `${name}-config`).data.METRICS_PORT);
      const ports = container.ports as { name: string; containerPort: number }[];
      expect(ports).toContainEqual({ name: 'metrics', containerPort: metricsPort });
      expect(ports.find((p) => p.name === 'http')!.containerPort).not.toBe(metricsPort);
      expect(deployment.spec.template.metadata.annotations).toMatchObject({
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': String(metricsPort),
        'prometheus.io/path': '/metrics',
      });
    }
  });

  it('metrics: no Service exposes a metrics port, so the Ingress (to the gateway and web Services) cannot route to one', () => {
    const metricsPorts = new Set<unknown>(['metrics']);
    for (const name of SERVERS)
      metricsPorts.add(Number(configMap(objects, `${name}-config`).data.METRICS_PORT));
    for (const service of of(objects, 'Service')) {
      for (const port of service.spec.ports) {
        expect([service.metadata.name, metricsPorts.has(port.targetPort ?? port.port)]).toEqual([
          service.metadata.name,
          false,
        ]);
      }
    }
    for (const ingress of of(objects, 'Ingress')) {
      for (const path of ingress.spec.rules.flatMap((r: any) => r.http.paths)) {
        const service = named(objects, 'Service', path.backend.service.name);
        const port = service.spec.ports.find((p: any) => p.name === path.backend.service.port.name);
        expect([service.metadata.name, port.targetPort]).toEqual([service.metadata.name, 'http']);
      }
    }
  });

  it('network: the gateway reaches every service behind it on its http port, and nothing else in the cluster', () => {
    const gateway = named(objects, 'NetworkPolicy', 'gateway');
    const inCluster = gateway.spec.egress.filter((rule: any) => rule.to);
    expect(inCluster).toEqual([
      {
        to: [{ podSelector: { matchLabels: { 'lmp.europa.eu/behind-gateway': 'true' } } }],
        ports: [{ protocol: 'TCP', port: 'http' }],
      },
    ]);
    // The web pages are in front of the gateway, not behind it: the gateway never calls them.
    expect(named(objects, 'Deployment', 'web').spec.template.metadata.labels).not.toHaveProperty(
      'lmp.europa.eu/behind-gateway',
    );
    for (const deployment of of(objects, 'Deployment')) {
      const name = deployment.metadata.name;
      const isPlatformService = deployment.metadata.labels?.['app.kubernetes.io/component'] === 'server';
      if (!isPlatformService || ['gateway', 'web', 'eulogin-dev'].includes(name)) continue;
      const labels = deployment.spec.template.metadata.labels;
      expect([name, labels['lmp.europa.eu/behind-gateway']]).toEqual([name, 'true']);
      const ports = podSpec(deployment).containers.flatMap((c: any) => c.ports ?? []);
      expect([name, ports.map((p: any) => p.name)]).toEqual([name, expect.arrayContaining(['http'])]);
      // Its own policy admits the gateway to its API and nobody else (Prometheus to metrics only),
      // but for the licences snapshot, which reporting reads.
      expect([name, apiRules(name).flatMap((r) => r.from)]).toEqual([
        name,
        [
          { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'gateway' } } },
          ...(name === 'licences'
            ? [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'reporting' } } }]
            : []),
        ],
      ]);
    }
  });

  it('network: only transmissions and messaging may send e-mail (SMTP ports), and each may on 587 and 25', () => {
    for (const policy of of(objects, 'NetworkPolicy')) {
      const target = policy.spec.podSelector.matchLabels?.['app.kubernetes.io/name'];
      if (MAIL_SENDERS.includes(target)) continue;
      const ports = (policy.spec.egress ?? []).flatMap((r: any) => r.ports ?? []).map((p: any) => p.port);
      // No rule without ports either: that would open every port, SMTP included.
      const openAll = (policy.spec.egress ?? []).some((r: any) => !r.ports);
      expect([
        policy.metadata.name,
        openAll,
        ports.filter((p: unknown) => SMTP_PORTS.has(Number(p))),
      ]).toEqual([policy.metadata.name, false, []]);
    }
    for (const name of MAIL_SENDERS) {
      const toAnywhere = egressRules(objects, name)
        .filter((r) => !r.to)
        .flatMap((r) => r.ports!.map((p) => p.port));
      expect([name, toAnywhere]).toEqual([name, expect.arrayContaining(RELAY_PORTS)]);
    }
  });

  it('network: messaging leaves only for PostgreSQL, RabbitMQ and the relay; the web pages only for the gateway, PostgreSQL and EU Login', () => {
    // Their own policies (the dev overlay adds MailDev and eulogin-dev beside them, checked below).
    const own = (name: string) => named(objects, 'NetworkPolicy', name).spec.egress as any[];
    expect(own('messaging')).toEqual([
      { ports: STORAGE_PORTS.map((port) => ({ protocol: 'TCP', port })) },
      { ports: RELAY_PORTS.map((port) => ({ protocol: 'TCP', port })) },
    ]);
    const gatewayPort = podSpec(named(objects, 'Deployment', 'gateway')).containers[0].ports.find(
      (p: any) => p.name === 'http',
    ).containerPort;
    expect(own('web')).toEqual([
      {
        to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'gateway' } } }],
        ports: [{ protocol: 'TCP', port: gatewayPort }],
      },
      { ports: [{ protocol: 'TCP', port: 5432 }] },
      { ports: [{ protocol: 'TCP', port: 443 }] }, // EU Login: discovery, token, keys, end-session
    ]);
    // Anything more for either is an overlay's in-cluster rule to a named pod, never a port to anywhere.
    for (const name of ['messaging', 'web']) {
      const extra = egressRules(objects, name).filter((r) => !own(name).includes(r));
      expect([name, extra.filter((r) => !r.to)]).toEqual([name, []]);
    }
  });

  it('network: licences and reporting leave only for PostgreSQL and RabbitMQ (DNS aside), and reporting for the licences snapshot', () => {
    for (const name of ['licences', 'reporting']) {
      const rules = egressRules(objects, name);
      const inCluster = rules.filter((r) => r.to);
      // No rule without ports: only the storage ports towards wherever they are...
      expect([name, rules.filter((r) => !r.ports)]).toEqual([name, []]);
      const ports = rules.filter((r) => !r.to).flatMap((r) => r.ports!.map((p) => p.port));
      expect([name, [...ports].sort()]).toEqual([name, [...STORAGE_PORTS].sort()]);
      // ...and, for reporting alone, the licences pods on their http port.
      expect([name, inCluster]).toEqual([
        name,
        name === 'reporting'
          ? [
              {
                to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'licences' } } }],
                ports: [{ protocol: 'TCP', port: 3001 }],
              },
            ]
          : [],
      ]);
    }
  });

  it('the gateway calls each service it routes to at its Service, on the port the service listens on', () => {
    const urls = Object.entries(configMap(objects, 'gateway-config').data as Record<string, string>).filter(
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
      const service = named(objects, 'Service', url.hostname);
      const port = service.spec.ports.find((p: any) => p.port === Number(url.port));
      expect([name, port?.targetPort]).toEqual([name, 'http']);
      const [container] = podSpec(named(objects, 'Deployment', url.hostname)).containers;
      const listens = container.ports.find((p: any) => p.name === 'http').containerPort;
      const configured = Number(configMap(objects, `${url.hostname}-config`).data.PORT ?? listens);
      expect([name, configured]).toEqual([name, listens]);
    }
  });

  it("the web pages call the gateway at its Service, which leads to the gateway's http port", () => {
    const url = new URL(configMap(objects, 'web-config').data.GATEWAY_URL);
    const service = named(objects, 'Service', url.hostname);
    const port = service.spec.ports.find((p: any) => p.port === Number(url.port || 80));
    expect(port?.targetPort).toBe('http');
    expect(url.hostname).toBe('gateway');
  });

  it('the web pages and the gateway trust the same issuer; every public address is the Ingress host', () => {
    const web = configMap(objects, 'web-config').data as Record<string, string>;
    const messaging = configMap(objects, 'messaging-config').data as Record<string, string>;
    expect(web.OIDC_ISSUER).toBe(configMap(objects, 'gateway-config').data.OIDC_ISSUER);
    const host = named(objects, 'Ingress', 'gateway').spec.rules[0].host;
    // The sign-in's redirect URI (PUBLIC_URL/auth/callback) and the links in e-mails (pages, and
    // the unsubscribe link under /api) all lead to the one host; https wherever there is TLS.
    const scheme = overlay === 'overlays/dev' ? 'http' : 'https';
    for (const [name, value] of [
      ['PUBLIC_URL', web.PUBLIC_URL],
      ['PUBLIC_BASE_URL', messaging.PUBLIC_BASE_URL],
      ['PUBLIC_API_URL', messaging.PUBLIC_API_URL],
    ]) {
      expect([name, value]).toEqual([name, `${scheme}://${host}`]);
    }
    // One proxy hop in front of the pages, as in front of the gateway.
    expect(web.TRUST_PROXY).toBe(configMap(objects, 'gateway-config').data.TRUST_PROXY);
  });

  it('messaging: the relay set by the overlay (the base refuses to start), signed unsubscribe links from a secret', () => {
    const data = configMap(objects, 'messaging-config').data as Record<string, string>;
    const deployment = named(objects, 'Deployment', 'messaging');
    if (overlay === 'base') {
      // Not a port: env.port() refuses it, so a forgotten overlay value stops the start.
      expect(data.SMTP_PORT).not.toMatch(/^\d+$/);
    } else {
      // A port its policies let out: the relay's in prod, MailDev's in dev (its own rule).
      const allowed = egressRules(objects, 'messaging').flatMap((r) => r.ports!.map((p) => p.port));
      expect(allowed).toContain(Number(data.SMTP_PORT));
      expect(data.SMTP_HOST).not.toBe('set-by-the-overlay');
    }
    expect(secretRef(envVar(deployment, 'UNSUBSCRIBE_SECRET'))).toEqual({
      name: 'lmp-messaging',
      key: 'unsubscribe-secret',
    });
    expect(data.COMMISSION_MAILBOX).toMatch(EMAIL);
  });

  it("the ingress lets through the gateway's largest upload, so the gateway decides", () => {
    const bytes = (size: string) => {
      const [, n, unit] = /^(\d+)([kmg]?)b?$/i.exec(size)!;
      return Number(n) * 1024 ** ' kmg'.indexOf((unit || ' ').toLowerCase());
    };
    const limitOf = (name: string) =>
      configMap(objects, 'gateway-config').data[name] ??
      new RegExp(`${name}: byteSize\\('(\\w+)'\\)`).exec(
        readFileSync(path.join(REPO_ROOT, CONFIG_FILES.gateway!), 'utf8'),
      )![1]!;
    const ingress = named(objects, 'Ingress', 'gateway');
    for (const name of ['UPLOAD_BODY_LIMIT', 'MESSAGE_BODY_LIMIT']) {
      expect(
        bytes(ingress.metadata.annotations!['nginx.ingress.kubernetes.io/proxy-body-size']!),
      ).toBeGreaterThan(bytes(limitOf(name)));
    }
  });

  it('the migration step (`-l app.kubernetes.io/component!=server`) holds the job and what it needs, not the servers', () => {
    const step1 = objects.filter((o) => o.metadata.labels?.['app.kubernetes.io/component'] !== 'server');
    const job = named(step1, 'Job', 'lmp-migrate');
    const [container] = podSpec(job).containers;
    expect(container.command).toEqual(['node_modules/.bin/lmp-migrate', 'deploy', '--all']);
    for (const source of container.envFrom) {
      expect(step1.map((o) => o.metadata.name)).toContain(source.configMapRef.name);
    }
    expect(step1.filter((o) => o.kind === 'Deployment' && SERVERS.includes(o.metadata.name))).toEqual([]);
  });

  it.each(DATABASE_SERVICES)(
    '%s connects to the database the migration job prepares, as the role it gives the password to',
    (name) => {
      const deployment = named(objects, 'Deployment', name);
      const url = new URL(envVar(deployment, 'DATABASE_URL')!.value!.replace(/\$\((\w+)\)/, '$1'));
      const passwordVariable = `LMP_DB_PASSWORD_${name.toUpperCase()}`;
      expect(url.pathname).toBe(`/${configMap(objects, 'migrate-config').data.DATABASE_NAME}`);
      expect([url.username, url.password]).toEqual([`lmp_${name}`, passwordVariable]);
      // The pod and the job read the one secret: the password the job sets is the one the pod sends.
      const job = named(objects, 'Job', 'lmp-migrate');
      const fromSecret = secretRef(envVar(deployment, passwordVariable));
      expect(fromSecret).toEqual({ name: `lmp-db-${name}`, key: 'password' });
      expect(secretRef(envVar(job, passwordVariable))).toEqual(fromSecret);
    },
  );

  it('every $(VAR) in a value names a variable defined before it in the same container, or it is sent as is', () => {
    // Kubernetes expands a reference only from the entries above it: a patch that moves
    // DATABASE_URL above the password would make the service log in with "$(LMP_DB_PASSWORD_…)".
    for (const workload of workloads()) {
      for (const c of podSpec(workload).containers) {
        const env: EnvVar[] = c.env ?? [];
        env.forEach((e, index) => {
          const before = new Set(env.slice(0, index).map((d) => d.name));
          const references = [...(e.value ?? '').matchAll(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g)].map(
            (m) => m[1],
          );
          expect([c.name, e.name, references.filter((r) => !before.has(r!))]).toEqual([c.name, e.name, []]);
        });
      }
    }
  });

  it('transmissions: batches reviewed before they are sent; the MOFCOM address set by the overlay, never defaulted', () => {
    const data = configMap(objects, 'transmissions-config').data as Record<string, string>;
    expect(data.BATCH_AUTO_DISPATCH).toBe('false');
    expect(data).toHaveProperty('MOFCOM_DISPATCH_TO');
    if (overlay === 'base') {
      // Not an address: the config refuses it, so a forgotten overlay value stops the start.
      expect(data.MOFCOM_DISPATCH_TO).not.toMatch(/@/);
    } else {
      expect(data.MOFCOM_DISPATCH_TO).toMatch(EMAIL);
    }
    // The relay comes from a secret (it may hold credentials), for every replica alike.
    expect(secretRef(envVar(named(objects, 'Deployment', 'transmissions'), 'SMTP_URL'))).toEqual({
      name: 'lmp-smtp',
      key: 'url',
    });
  });
});

describeRendered(`production overlay${skipped}`, () => {
  let prod: K8sObject[];
  let base: K8sObject[];
  beforeAll(() => {
    prod = render('overlays/prod');
    base = render('base');
  });

  it('signs in with EU Login and runs in production mode', () => {
    expect(configMap(prod, 'gateway-config').data).toMatchObject({
      OIDC_ISSUER: EU_LOGIN,
      NODE_ENV: 'production',
    });
    expect(configMap(prod, 'licences-config').data).toMatchObject({ NODE_ENV: 'production' });
    expect(configMap(prod, 'transmissions-config').data).toMatchObject({ NODE_ENV: 'production' });
    expect(configMap(prod, 'reporting-config').data).toMatchObject({ NODE_ENV: 'production' });
    expect(configMap(prod, 'messaging-config').data).toMatchObject({ NODE_ENV: 'production' });
    expect(configMap(prod, 'web-config').data).toMatchObject({
      OIDC_ISSUER: EU_LOGIN,
      NODE_ENV: 'production',
    });
  });

  it('e-mails notifications through a relay on a port its policy lets out, with the credentials (if any) from lmp-smtp', () => {
    const data = configMap(prod, 'messaging-config').data as Record<string, string>;
    expect(RELAY_PORTS).toContain(Number(data.SMTP_PORT));
    expect(data.SMTP_HOST).toMatch(/\./);
    const deployment = named(prod, 'Deployment', 'messaging');
    for (const [name, key] of [
      ['SMTP_USER', 'user'],
      ['SMTP_PASSWORD', 'password'],
    ] as const) {
      // Optional: a relay that accepts the cluster without AUTH needs no keys.
      expect(envVar(deployment, name)!.valueFrom!.secretKeyRef).toEqual({
        name: 'lmp-smtp',
        key,
        optional: true,
      });
    }
  });

  it('e-mails batches to an address of its own, not the development default', () => {
    const to = configMap(prod, 'transmissions-config').data.MOFCOM_DISPATCH_TO;
    expect(to).toMatch(EMAIL);
    expect(to).not.toBe(MOFCOM_DEFAULT);
  });

  it('contains nothing of the development identity provider', () => {
    expect(JSON.stringify(prod)).not.toMatch(/eulogin-dev/);
  });

  it('runs more replicas than the base, from tagged release images', () => {
    for (const name of SERVERS) {
      const min = (objects: K8sObject[]) => named(objects, 'HorizontalPodAutoscaler', name).spec.minReplicas;
      expect(min(prod)).toBeGreaterThan(min(base));
    }
    const images = of(prod, 'Deployment').flatMap((d) =>
      podSpec(d).containers.map((c: { image: string }) => c.image),
    );
    for (const image of images) expect(image).toMatch(/^[a-z0-9.-]+\/.+:(?!latest$)[\w.-]+$/);
  });

  it.each(DATABASE_SERVICES)('%s connects to the managed database over verified TLS', (name) => {
    const url = envVar(named(prod, 'Deployment', name), 'DATABASE_URL')!.value!;
    expect(url).toMatch(/sslmode=verify-full/);
    expect(new URL(url.replace(/\$\(\w+\)/, 'x')).hostname).not.toBe('postgres');
  });
});

describeRendered(`development overlay${skipped}`, () => {
  let dev: K8sObject[];
  beforeAll(() => {
    dev = render('overlays/dev');
  });
  const workloads = () => [...of(dev, 'Deployment'), ...of(dev, 'Job')];

  it('generates every secret (and key) a workload references', () => {
    for (const workload of workloads()) {
      for (const e of envOf(workload)) {
        const ref = e.valueFrom?.secretKeyRef as
          { name: string; key: string; optional?: boolean } | undefined;
        if (!ref) continue;
        const generated = of(dev, 'Secret').find((s) => s.metadata.name === ref.name);
        // An optional key (messaging's SMTP credentials: MailDev wants none) may be absent, its
        // secret may not.
        expect([workload.metadata.name, e.name, Object.keys(generated?.data ?? {})]).toEqual([
          workload.metadata.name,
          e.name,
          ref.optional ? expect.any(Array) : expect.arrayContaining([ref.key]),
        ]);
        expect([workload.metadata.name, e.name, generated?.metadata.name]).toEqual([
          workload.metadata.name,
          e.name,
          ref.name,
        ]);
      }
    }
  });

  it('admits every workload that connects to the in-cluster PostgreSQL and RabbitMQ', () => {
    const admitted = (policy: string) =>
      named(dev, 'NetworkPolicy', policy).spec.ingress.flatMap((r: any) =>
        r.from.map((f: any) => f.podSelector.matchLabels['app.kubernetes.io/name']),
      );
    const using = (variables: string[]) =>
      workloads()
        .filter((w) => envOf(w).some((e) => variables.includes(e.name)))
        .map((w) => w.spec.template.metadata.labels['app.kubernetes.io/name']);
    expect(using(['DATABASE_URL', 'DATABASE_ADMIN_URL']).sort()).toEqual(
      ['licences', 'lmp-migrate', 'messaging', 'reporting', 'transmissions', 'web'].sort(),
    );
    expect(admitted('postgres').sort()).toEqual(using(['DATABASE_URL', 'DATABASE_ADMIN_URL']).sort());
    expect(admitted('rabbitmq').sort()).toEqual(using(['RABBITMQ_URL']).sort());
  });

  it('sends the batch e-mails and the notifications to MailDev, which transmissions and messaging alone may reach', () => {
    const url = new URL(Buffer.from(secret(dev, 'lmp-smtp')!.data.url, 'base64').toString('utf8'));
    const service = named(dev, 'Service', url.hostname);
    const servicePort = service.spec.ports.find((p: any) => p.port === Number(url.port));
    const maildev = named(dev, 'Deployment', url.hostname);
    const [container] = podSpec(maildev).containers;
    const podPort = container.ports.find((p: any) => p.name === servicePort.targetPort).containerPort;
    expect(container.image).toBe('maildev/maildev:2.2.1');
    // transmissions may leave on that port towards MailDev, and MailDev lets transmissions alone in.
    expect(egressRules(dev, 'transmissions')).toContainEqual({
      to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'maildev' } } }],
      ports: [{ protocol: 'TCP', port: podPort }],
    });
    expect(named(dev, 'NetworkPolicy', 'maildev').spec.ingress).toEqual([
      {
        from: MAIL_SENDERS.map((name) => ({
          podSelector: { matchLabels: { 'app.kubernetes.io/name': name } },
        })),
        ports: [{ protocol: 'TCP', port: podPort }],
      },
    ]);
    // messaging: the same MailDev, through SMTP_HOST and SMTP_PORT, on the same way out.
    const messaging = configMap(dev, 'messaging-config').data as Record<string, string>;
    expect([messaging.SMTP_HOST, messaging.SMTP_PORT]).toEqual([url.hostname, url.port]);
    expect(egressRules(dev, 'messaging')).toContainEqual({
      to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'maildev' } } }],
      ports: [{ protocol: 'TCP', port: podPort }],
    });
  });

  it('uses the development identity keys in every service (no lmp-identity secret here)', () => {
    for (const workload of workloads()) {
      expect([workload.metadata.name, envOf(workload).map((e) => e.name)]).toEqual([
        workload.metadata.name,
        expect.not.arrayContaining(['IDENTITY_PUBLIC_KEY', 'IDENTITY_PRIVATE_KEY']),
      ]);
    }
    for (const name of SERVERS) {
      expect(configMap(dev, `${name}-config`).data.NODE_ENV).toBe('development');
    }
  });

  it('runs the development identity provider and points the gateway and the web pages at it', () => {
    const idp = named(dev, 'Deployment', 'eulogin-dev');
    const idpEnv = (name: string) =>
      podSpec(idp).containers[0].env.find((e: { name: string }) => e.name === name).value as string;
    const issuer = idpEnv('ISSUER_URL');
    expect(configMap(dev, 'gateway-config').data).toMatchObject({
      OIDC_ISSUER: issuer,
      NODE_ENV: 'development',
    });
    const web = configMap(dev, 'web-config').data as Record<string, string>;
    expect(web).toMatchObject({ OIDC_ISSUER: issuer, NODE_ENV: 'development' });
    // The sign-in comes back to the pages: the issuer must list their callback.
    expect(idpEnv('REDIRECT_URIS').split(',')).toContain(`${web.PUBLIC_URL}/auth/callback`);
    // The web pages reach it from their pods (discovery, token), and it admits them.
    const idpPort = podSpec(idp).containers[0].ports.find((p: any) => p.name === 'http').containerPort;
    expect(egressRules(dev, 'web')).toContainEqual({
      to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'eulogin-dev' } } }],
      ports: [{ protocol: 'TCP', port: idpPort }],
    });
    expect(named(dev, 'NetworkPolicy', 'eulogin-dev').spec.ingress).toEqual([
      {
        from: ['gateway', 'web'].map((name) => ({
          podSelector: { matchLabels: { 'app.kubernetes.io/name': name } },
        })),
        ports: [{ protocol: 'TCP', port: idpPort }],
      },
    ]);
  });
});
