// Import rules for the whole repository, checked by `npm run check:imports` (part of `npm test`).
// dependency-cruiser resolves every import the way Node and TypeScript do, workspace package names
// included (`@lmp/licences/...` resolves through the node_modules symlink to services/licences/...),
// so the rules below are written over real file paths and a relative path cannot slip past them.
// Type-only imports count: a type from another service couples the two just the same.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cross-service',
      severity: 'error',
      comment:
        'A service never imports another service’s code (src, test or anything else), by relative path ' +
        'or by package name; what services share lives in packages/*. The one exception is the next rule.',
      from: { path: '^services/([^/]+)/' },
      to: { path: '^services/', pathNot: ['^services/$1/', '^services/eulogin-dev/src/index\\.ts$'] },
    },
    {
      name: 'eulogin-dev-from-tests-only',
      severity: 'error',
      comment:
        'eulogin-dev is not a platform service: it is the development stand-in for EU Login, an external ' +
        'OIDC issuer, and other services’ tests start it in-process as the real issuer they sign in ' +
        'against. So tests (test/ folders and *.test.ts files) may import its package entry ' +
        '(@lmp/eulogin-dev, its package main src/index.ts) and nothing deeper; production code never ' +
        'imports it and talks to EU Login only over OIDC.',
      from: {
        path: '^services/([^/]+)/',
        pathNot: ['^services/[^/]+/test/', '\\.test\\.ts$', '^services/eulogin-dev/'],
      },
      to: { path: '^services/eulogin-dev/src/index\\.ts$' },
    },
    {
      name: 'packages-not-services',
      severity: 'error',
      comment: 'packages/* are the shared libraries under every service; they never depend on a service.',
      from: { path: '^packages/' },
      to: { path: '^services/' },
    },
    {
      name: 'tools-use-service-processes',
      severity: 'error',
      comment:
        'bench/, scripts/ and k8s/ drive services as processes over HTTP; the only service code they may ' +
        'import is the eulogin-dev package entry (to start an issuer or fetch a token), as tests do.',
      from: { path: '^(bench|scripts|k8s)/' },
      to: { path: '^services/', pathNot: '^services/eulogin-dev/src/index\\.ts$' },
    },
    {
      name: 'domain-not-entry-points',
      severity: 'error',
      comment:
        'Imports go one way, entry points → domain → data access: domain code never imports entry points.',
      from: { path: '^services/([^/]+)/src/domain/' },
      to: { path: '^services/$1/src/entry-points/' },
    },
    {
      name: 'adapters-not-domain-or-entry-points',
      severity: 'error',
      comment:
        'data-access/ (storage) and infrastructure/ (file readers, SMTP and other adapters) sit under the ' +
        'domain: they never import domain rules or entry points. The one thing they may take from the ' +
        'domain is its types (`domain/**/*.types.ts`, type-only imports): the domain owns the shape of ' +
        'its records, the repositories return them.',
      from: { path: '^services/([^/]+)/src/(data-access|infrastructure)/' },
      to: {
        path: '^services/$1/src/(domain|entry-points)/',
        pathNot: '^services/[^/]+/src/domain/.+\\.types\\.ts$',
      },
    },
    {
      name: 'adapters-take-domain-types-only-as-types',
      severity: 'error',
      comment:
        'A domain *.types.ts file holds types only; import it with `import type`, so no domain code loads.',
      from: { path: '^services/([^/]+)/src/(data-access|infrastructure)/' },
      to: { path: '^services/$1/src/domain/.+\\.types\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'start-is-the-root',
      severity: 'error',
      comment:
        'src/start.ts wires the service together and may import anything in it; nothing inside the layers ' +
        'imports start.ts back (tests may, to start the service).',
      from: { path: '^services/([^/]+)/src/(entry-points|domain|data-access|infrastructure)/' },
      to: { path: '^services/$1/src/start\\.ts$' },
    },
    {
      name: 'packages-not-tools',
      severity: 'error',
      comment: 'packages/* never depend on the benchmarks or the repository scripts.',
      from: { path: '^packages/' },
      to: { path: '^(bench|scripts)/' },
    },
    {
      name: 'code-not-tests',
      severity: 'error',
      comment:
        'Production code (src/) never imports test code: builders, harnesses and fixtures stay in test/.',
      from: { path: '^(services|packages)/[^/]+/src/', pathNot: '\\.test\\.ts$' },
      to: { path: '^(services|packages)/[^/]+/test/' },
    },
    {
      name: 'use-cases-stand-alone',
      severity: 'error',
      comment:
        'One use case per file, and use cases do not import each other: what two of them share is a ' +
        'domain function of its own (e.g. domain/licence/apply-licence-patch.ts).',
      from: { path: '\\.use-case\\.ts$' },
      to: { path: '\\.use-case\\.ts$' },
    },
    {
      name: 'packages-through-their-entry',
      severity: 'error',
      comment:
        'Another package is used through its entry (src/index.ts, what `@lmp/<name>` resolves to), never ' +
        'by a deep path into its src/ or test/: a package keeps its insides to itself.',
      from: { path: '^packages/([^/]+)/' },
      to: { path: '^packages/(?!$1/)[^/]+/(src/(?!index\\.ts$)|test/)' },
    },
    {
      name: 'services-use-packages-through-their-entry',
      severity: 'error',
      comment:
        'Services, benchmarks and scripts use a package through its entry (`@lmp/<name>`), never a deep path.',
      from: { path: '^(services|bench|scripts|k8s)/' },
      to: { path: '^packages/[^/]+/(src/(?!index\\.ts$)|test/)' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules that import each other cannot be understood, tested or loaded one at a time.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment:
        'An import that resolves to no file would be invisible to every rule above; it fails here instead.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['/node_modules/', '/dist/', '/coverage/', '/\\.turbo/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
      mainFields: ['main', 'types'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
