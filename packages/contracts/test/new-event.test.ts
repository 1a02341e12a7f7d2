import { newEvent } from '../src';

const meta = { correlationId: 'c-1', actor: { type: 'system' as const, id: 'test' } };

describe('newEvent', () => {
  it('builds a versioned envelope with id, time, correlation and causation', () => {
    const event = newEvent(
      'LicenceTransmitted',
      {
        licenceId: '0b6c1a8e-4a8e-4c4b-9f57-3f0e7f8e2a11',
        licenceNumber: 'CN-1',
        batchId: '1b6c1a8e-4a8e-4c4b-9f57-3f0e7f8e2a11',
        transmittedAt: '2025-11-03T08:00:00.000Z',
      },
      meta,
    );
    expect(event).toMatchObject({
      type: 'LicenceTransmitted',
      version: 1,
      correlationId: 'c-1',
      causationId: null,
    });
    expect(event.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses data its consumers would reject', () => {
    expect(() => newEvent('LicenceTransmitted', { licenceId: 'x' } as never, meta)).toThrow();
  });
});
