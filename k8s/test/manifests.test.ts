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
const SERVERS = ['licences', 'gateway'];

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
/** ConfigMaps carry a content hash in their name: find them by the name they were given. */
const configMap = (objects: K8sObject[], name: string) =>
  of(objects, 'ConfigMap').find((c) => c.metadata.name.replace(/-[a-z0-9]{10}$/, '') === name)!;

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

  it('licences and gateway: ready on /readyz, alive on /healthz, at least 2 replicas, a disruption budget', () => {
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
        const names = [...env.map((e) => e.name), ...fromConfigMaps].filter((n) => !composed.has(n));
        expect([c.name, unreadVariables(configFile, names)]).toEqual([c.name, []]);
      }
    }
  });

  it('credentials only as secret references, never in values or ConfigMaps', () => {
    const sensitive = /PASSWORD|PRIVATE|SECRET|TOKEN|RABBITMQ_URL|ADMIN_URL|IDENTITY_/;
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

  it('network: default deny; licences reachable only from the gateway, the gateway only from the ingress controller', () => {
    const policies = of(objects, 'NetworkPolicy');
    expect(policies).toContainEqual(
      expect.objectContaining({
        spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
      }),
    );
    const ingressPeers = (name: string) =>
      policies
        .filter((p) => p.spec.podSelector.matchLabels?.['app.kubernetes.io/name'] === name)
        .flatMap((p) => (p.spec.ingress ?? []).flatMap((rule: any) => rule.from));
    expect(ingressPeers('licences')).toEqual([
      { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'gateway' } } },
    ]);
    expect(ingressPeers('gateway')).toEqual([
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } },
    ]);
    const backends = of(objects, 'Ingress').flatMap((i) =>
      i.spec.rules.flatMap((r: any) => r.http.paths.map((p: any) => p.backend.service.name)),
    );
    expect(new Set(backends)).toEqual(new Set(['gateway']));
  });

  it('network: the gateway reaches every service behind it on its http port, and nothing else in the cluster', () => {
    const policies = of(objects, 'NetworkPolicy');
    const gateway = named(objects, 'NetworkPolicy', 'gateway');
    const inCluster = gateway.spec.egress.filter((rule: any) => rule.to);
    expect(inCluster).toEqual([
      {
        to: [{ podSelector: { matchLabels: { 'lmp.europa.eu/behind-gateway': 'true' } } }],
        ports: [{ protocol: 'TCP', port: 'http' }],
      },
    ]);
    for (const deployment of of(objects, 'Deployment')) {
      const name = deployment.metadata.name;
      const isPlatformService = deployment.metadata.labels?.['app.kubernetes.io/component'] === 'server';
      if (!isPlatformService || name === 'gateway' || name === 'eulogin-dev') continue;
      const labels = deployment.spec.template.metadata.labels;
      expect([name, labels['lmp.europa.eu/behind-gateway']]).toEqual([name, 'true']);
      const ports = podSpec(deployment).containers.flatMap((c: any) => c.ports ?? []);
      expect([name, ports.map((p: any) => p.name)]).toEqual([name, expect.arrayContaining(['http'])]);
      // Its own policy admits the gateway and nobody else.
      const own = policies.filter((p) => p.spec.podSelector.matchLabels?.['app.kubernetes.io/name'] === name);
      expect([name, own.flatMap((p) => (p.spec.ingress ?? []).flatMap((r: any) => r.from))]).toEqual([
        name,
        [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'gateway' } } }],
      ]);
    }
  });

  it("the ingress lets through the gateway's largest upload, so the gateway decides", () => {
    const bytes = (size: string) => {
      const [, n, unit] = /^(\d+)([kmg]?)b?$/i.exec(size)!;
      return Number(n) * 1024 ** ' kmg'.indexOf((unit || ' ').toLowerCase());
    };
    const limit =
      configMap(objects, 'gateway-config').data.UPLOAD_BODY_LIMIT ??
      /UPLOAD_BODY_LIMIT: byteSize\('(\w+)'\)/.exec(
        readFileSync(path.join(REPO_ROOT, CONFIG_FILES.gateway!), 'utf8'),
      )![1]!;
    const ingress = named(objects, 'Ingress', 'gateway');
    expect(
      bytes(ingress.metadata.annotations!['nginx.ingress.kubernetes.io/proxy-body-size']!),
    ).toBeGreaterThan(bytes(limit));
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

  it('licences connects to the database the migration job prepares', () => {
    const [container] = podSpec(named(objects, 'Deployment', 'licences')).containers;
    const url = container.env.find((e: { name: string }) => e.name === 'DATABASE_URL').value as string;
    expect(new URL(url.replace(/\$\(\w+\)/, 'x')).pathname).toBe(
      `/${configMap(objects, 'migrate-config').data.DATABASE_NAME}`,
    );
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

  it('connects to the managed database over verified TLS', () => {
    const [container] = podSpec(named(prod, 'Deployment', 'licences')).containers;
    const url = container.env.find((e: { name: string }) => e.name === 'DATABASE_URL').value;
    expect(url).toMatch(/sslmode=verify-full/);
  });
});

describeRendered(`development overlay${skipped}`, () => {
  it('runs the development identity provider and points the gateway at it', () => {
    const dev = render('overlays/dev');
    const idp = named(dev, 'Deployment', 'eulogin-dev');
    const issuer = podSpec(idp).containers[0].env.find(
      (e: { name: string }) => e.name === 'ISSUER_URL',
    ).value;
    expect(configMap(dev, 'gateway-config').data).toMatchObject({
      OIDC_ISSUER: issuer,
      NODE_ENV: 'development',
    });
  });
});
