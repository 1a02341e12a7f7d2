/**
 * `npm run bench`: every benchmark in turn, each writing its section of docs/benchmarks.md.
 * Loopback only; every load is bounded in count and time. Takes about an hour (reporting at a million licences: 20 minutes, messaging: 20).
 */
import { runGatewayBench } from './gateway.bench';
import { runMessagingBench } from './messaging.bench';
import { runLicencesBench } from './licences.bench';
import { runReportingBench } from './reporting.bench';
import { runTransmissionsBench } from './transmissions.bench';
import { runWebBench } from './web.bench';

async function main() {
  await runLicencesBench();
  await runGatewayBench();
  await runTransmissionsBench();
  await runReportingBench();
  await runMessagingBench();
  await runWebBench();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
