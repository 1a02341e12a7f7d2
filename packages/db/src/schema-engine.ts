// Loads Prisma's schema engine compiled to WebAssembly (the native engine cannot be downloaded
// here). The package's entry point imports the .wasm file as an ES module, which Jest's module
// loader cannot do, so we load the JS glue ourselves, instantiate the .wasm and hand it over
// through `__wbg_set_wasm`: the same path under tsx, plain Node 24 and Jest.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ErrorCapturingSqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';

import type { MigrationList, SchemaEngine, SchemaFilter } from '@prisma/schema-engine-wasm' with {
  'resolution-mode': 'import',
};

export type { MigrationList, SchemaEngine };
type SchemaEngineModule = typeof import('@prisma/schema-engine-wasm', {
  with: { 'resolution-mode': 'import' },
});

/** No table or enum is managed outside the migrations. */
export const NO_FILTERS: SchemaFilter = { externalTables: [], externalEnums: [] };

// The project's TypeScript lib has no DOM/WebAssembly typings; this is the part we use.
type WasmModule = object;
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { exports: Record<string, unknown> };
};

const GLUE = '@prisma/schema-engine-wasm/schema_engine_bg';
let loaded: SchemaEngineModule | undefined;

function loadModule(): SchemaEngineModule {
  if (loaded) return loaded;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const glue = require(GLUE) as SchemaEngineModule & { __wbg_set_wasm(exports: unknown): void };
  const wasmFile = path.join(path.dirname(require.resolve(GLUE)), 'schema_engine_bg.wasm');
  // Compiling takes about 50 ms, once per process (once per test file under Jest).
  const instance = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(wasmFile)), {
    './schema_engine_bg.js': withTrackedTimers(glue),
  });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  loaded = glue;
  return glue;
}

export interface SchemaFile {
  path: string;
  content: string;
}

/**
 * Runs `work` with a schema engine on the given Prisma schema files, talking to Postgres through
 * `adapterFactory`, and frees the engine afterwards. The caller closes the adapter's pools.
 */
export async function withSchemaEngine<T>(
  schemaFiles: SchemaFile[],
  adapterFactory: ErrorCapturingSqlMigrationAwareDriverAdapterFactory,
  work: (engine: SchemaEngine) => Promise<T>,
  log: (line: string) => void = () => {},
): Promise<T> {
  const { SchemaEngine } = loadModule();
  running += 1;
  try {
    const engine = await SchemaEngine.new(
      { datamodels: schemaFiles.map((f) => [f.path, f.content]) },
      log,
      adapterFactory,
    );
    try {
      return await work(engine);
    } finally {
      engine.free();
    }
  } finally {
    running -= 1;
    if (running === 0) clearEngineTimers();
  }
}

// The engine sets timers (timeouts around its own work) and never clears them, which kept
// processes alive for ten seconds after a migration. They are cleared once no engine runs.
let running = 0;
const timers = new Set<ReturnType<typeof setTimeout>>();

function withTrackedTimers(glue: object): object {
  const imports: Record<string, unknown> = { ...glue };
  for (const [name, fn] of Object.entries(glue)) {
    if (!name.startsWith('__wbg_setTimeout_') || typeof fn !== 'function') continue;
    imports[name] = (callback: () => void, ms: number) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        callback();
      }, ms >>> 0);
      timers.add(timer);
      return timer;
    };
  }
  return imports;
}

function clearEngineTimers(): void {
  for (const timer of timers) clearTimeout(timer);
  timers.clear();
}

export function schemaEngineVersion(): string {
  return loadModule().version();
}
