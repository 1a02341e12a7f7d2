import { assertNotProduction, loadConfig } from './config';
import { jsonLogger } from './logger';
import { startDevIdentityProvider } from './server';

async function main(): Promise<void> {
  assertNotProduction();
  const logger = jsonLogger();
  const idp = await startDevIdentityProvider({ ...loadConfig(), logger });
  // Read by scripts and tests that start this with PORT=0: one line, the issuer.
  process.stdout.write(`eulogin-dev issuer ${idp.issuer}\n`);
  const shutdown = (signal: string) => {
    logger.info('stopping', { signal });
    idp.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
