import { z } from 'zod';
import { eventSchemas } from './catalogue';
import { eventSubscriptions } from './subscriptions';

const descriptions: Record<keyof typeof eventSchemas, string> = {
  CompanyRegistered: 'An operator registered their company (PUT /me/company, first time).',
  CompanyUpdated: "An operator changed their company's data.",
  LicenceSubmitted: 'A licence was registered (POST /licences or an import); starts pending.',
  LicenceUpdated: 'Any edit of a licence; `changes` names every changed field with its old and new value.',
  LicenceStatusChanged: 'The status moved (pending → processing → granted/refused, or back).',
  LicenceCustomsStatusChanged: 'The customs status moved (not_started → in_progress → cleared/blocked).',
  LicenceTransmitted:
    'The Commission sent the licence to MOFCOM in a dispatched batch (one per licence and batch).',
  MofcomFeedbackReceived: 'Chinese authorities reported on a licence; its company is asked to confirm.',
  TransmissionBatchDispatched:
    'A MOFCOM batch was e-mailed and recorded (once per batch, with one LicenceTransmitted per licence).',
  IndustryConfirmationRecorded: "The operator's confirmation or correction of what MOFCOM reported.",
  UserJoinedCompany:
    "A user became a member of a company (its creator as admin, an invited colleague as member; `backfill` for memberships that existed before the event did).",
  UserLeftCompany: "A member left or was removed from a company and no longer sees its licences.",
  CompanyInvitationCreated: 'A company admin invited a colleague by e-mail; messaging sends the invitation.',
  LicenceTransferred:
    "The Commission granted a claim: the licence, with its history, transmissions and messages, moved to the claimant's company.",
};

/** docs/events.md, generated from the schemas themselves so the catalogue cannot drift. */
export function renderEventCatalogue(): string {
  const lines = [
    '# Event catalogue',
    '',
    'Generated from `packages/contracts` by `npm run docs:events` (a test fails when it is stale).',
    'Every event travels in the same envelope on the topic exchange `lmp.events`, routing key = `type`:',
    '',
    '```',
    '{ id: uuid, type, version, occurredAt: ISO 8601, correlationId, causationId: uuid | null,',
    '  actor: { type: "user" | "system", id, name? }, data }',
    '```',
    '',
    '`correlationId` is the `X-Request-Id` of the request that caused the event (or of the event that',
    'caused it); `causationId` the id of the event being handled when the event was produced.',
    '',
  ];
  for (const [type, schema] of Object.entries(eventSchemas) as [
    keyof typeof eventSchemas,
    (typeof eventSchemas)[keyof typeof eventSchemas],
  ][]) {
    const queues = Object.entries(eventSubscriptions)
      .filter(([, types]) => (types as readonly string[]).includes(type))
      .map(([queue]) => `\`${queue}\``);
    const data = z.toJSONSchema(schema.shape.data, { unrepresentable: 'any' }) as {
      properties?: Record<string, { type?: unknown; enum?: unknown[]; format?: string; anyOf?: unknown[] }>;
      required?: string[];
    };
    lines.push(
      `## ${type} (v${schema.shape.version.value})`,
      '',
      descriptions[type],
      '',
      `Queues: ${queues.join(', ')}`,
      '',
    );
    lines.push('| field | type | required |', '|---|---|---|');
    for (const [field, prop] of Object.entries(data.properties ?? {})) {
      lines.push(`| ${field} | ${describe(prop)} | ${data.required?.includes(field) ? 'yes' : 'no'} |`);
    }
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

function describe(prop: {
  type?: unknown;
  enum?: unknown[];
  format?: string;
  anyOf?: unknown[];
  items?: unknown;
}): string {
  if (prop.enum) return prop.enum.map((v) => `\`${String(v)}\``).join(' \\| ');
  if (prop.anyOf) return (prop.anyOf as (typeof prop)[]).map(describe).join(' or ');
  if (prop.type === 'array' && prop.items) return `array of ${describe(prop.items as typeof prop)}`;
  if (prop.format) return `${String(prop.type)} (${prop.format})`;
  return String(prop.type ?? 'any');
}
