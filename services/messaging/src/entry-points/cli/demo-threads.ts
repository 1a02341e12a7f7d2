// Demo threads through the gateway's public API, as the people would write them: each operator
// asks about one of their licences and writes in their company's general thread, the
// Commission answers, and one broadcast goes to the companies with urgent pending licences.
//
//   GATEWAY_URL=http://localhost:8080 COMMISSION_TOKEN=… OPERATOR_TOKENS=tok1,tok2 \
//     npm run -s demo -w @lmp/messaging
//
// Tokens are EU Login access tokens (`npm run -s token -w @lmp/eulogin-dev -- --email …`). The
// operators need a company and licences already (the licences demo data). Mail goes to the mail
// catcher that `npm start` runs. Safe to run twice: each run adds a few more messages.

interface Reply {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- printed, not typed
}

const gateway = (process.env.GATEWAY_URL ?? 'http://localhost:8080').replace(/\/$/, '');

async function call(token: string, method: string, path: string, body?: unknown): Promise<Reply> {
  const response = await fetch(`${gateway}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** Messaging learns of a licence from events: a licence registered a moment ago may not be there yet. */
async function postWhenKnown(token: string, path: string, body: string): Promise<Reply> {
  for (let attempt = 0; ; attempt++) {
    const reply = await call(token, 'POST', path, { body });
    if (reply.status !== 404 || attempt >= 20) return reply;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const QUESTIONS = [
  'Our supplier says MOFCOM asked for an end-user certificate. Can the Commission confirm what is needed?',
  'The goods are held by customs in Hamburg although the licence was granted. Reference attached on request.',
  'Production of the motor line stops in three weeks without this delivery. Is there any news from MOFCOM?',
];

const ANSWERS = [
  'Thank you. We raised this licence with MOFCOM in the last transmission and will come back to you.',
  'Please update the customs status on the licence page so that we can follow it up with the authorities.',
];

async function main(): Promise<void> {
  const commission = process.env.COMMISSION_TOKEN;
  const operators = (process.env.OPERATOR_TOKENS ?? '').split(',').filter(Boolean);
  if (!commission || operators.length === 0) {
    process.stderr.write(
      'Set COMMISSION_TOKEN and OPERATOR_TOKENS (comma-separated), and GATEWAY_URL if not :8080\n',
    );
    process.exit(2);
  }
  let threads = 0;
  for (const [i, operator] of operators.entries()) {
    const licences = await call(operator, 'GET', '/licences?limit=3');
    const licence = licences.body?.items?.[0];
    if (licence) {
      const asked = await postWhenKnown(
        operator,
        `/licences/${licence.id}/messages`,
        QUESTIONS[i % QUESTIONS.length]!,
      );
      if (asked.status === 201) {
        threads++;
        await call(commission, 'POST', `/messages/threads/${asked.body.threadId}/messages`, {
          body: ANSWERS[i % ANSWERS.length],
        });
      } else
        process.stderr.write(
          `licence ${licence.licenceNumber}: ${asked.status} ${JSON.stringify(asked.body)}\n`,
        );
    }
    const general = await call(operator, 'POST', '/me/company/messages', {
      body: 'Could the Commission tell us when the next transmission to MOFCOM is planned?',
    });
    if (general.status === 201) threads++;
    else process.stderr.write(`general thread: ${general.status} ${JSON.stringify(general.body)}\n`);
  }
  const broadcast = await call(commission, 'POST', '/messages/broadcasts', {
    filter: { status: 'pending', urgent: true },
    subject: 'Urgent licences raised with MOFCOM',
    body: 'The Commission raised every urgent pending licence with MOFCOM this week. Please keep their status up to date.',
  });
  process.stdout.write(
    `demo threads: ${threads} written by ${operators.length} operator(s); broadcast to ${broadcast.body?.companies ?? 0} companies (${broadcast.status})\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`demo-threads: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
