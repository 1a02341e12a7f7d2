import { connectBus } from '@lmp/bus';
import { platformQueues } from '@lmp/contracts';
import { createLogger } from '@lmp/logger';
import {
  createTestDatabase,
  createTestVhost,
  waitUntil,
  type TestDatabase,
  type TestVhost,
} from '@lmp/testing';
import type { TransmissionsService } from '../src/start';
import { aLicenceRef, licenceSubmitted } from '@lmp/testing';
import { startTransmissionsForTests } from './support/start-for-tests';
import { TestClock } from './support/transmissions-harness';

const SLOT_3 = '2026-04-27T07:00:00.000Z';
const LICENCES = 300;

describe('a slot caught up after downtime', () => {
  let database: TestDatabase;
  let vhost: TestVhost;
  let service: TransmissionsService | undefined;
  beforeAll(async () => {
    database = await createTestDatabase({ services: ['transmissions'] });
    vhost = await createTestVhost();
  });
  afterAll(async () => {
    await service?.stop();
    await vhost.drop();
    await database.drop();
  });

  it('waits for the licence events that queued up meanwhile, so the batch holds those licences too', async () => {
    // Licences submitted while the service was down: their events wait in its queue.
    const bus = await connectBus({
      url: vhost.url,
      connectionName: 'licences-while-down',
      logger: createLogger({ name: 'test', level: 'silent' }),
      declareQueues: platformQueues,
    });
    await bus.publish(Array.from({ length: LICENCES }, () => licenceSubmitted(aLicenceRef())));
    await bus.close();

    // It comes back two days after slot 3; its first check runs as it starts.
    service = await startTransmissionsForTests(
      database.urlFor('transmissions'),
      vhost.url,
      new TestClock(new Date('2026-04-29T10:00:00.000Z')).now,
    );
    // node-cron's wake-ups, one after the other, until the slot's batch is built.
    const outcome = await waitUntil(() => service!.scheduler().check(), 'the slot’s batch');

    expect(outcome).toMatchObject({
      batch: { kind: 'scheduled', slot: SLOT_3, late: true, itemCount: LICENCES },
    });
  });
});
