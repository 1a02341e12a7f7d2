import { parseArgs } from 'node:util';
import { DEFAULT_ISSUER_PATH, DEFAULT_PORT } from '../config';
import { getTokenSet } from '../token-client';

const usage = `Usage: npm run -s token -- --email someone@company.example [--name "Full Name"] [--issuer URL] [--json]

Signs in at the running development issuer (authorization code flow with PKCE, as a browser
would) and prints the access token, and nothing else, on stdout.
  --issuer  default $ISSUER_URL, else http://localhost:$PORT${DEFAULT_ISSUER_PATH} (PORT default ${DEFAULT_PORT})
  --json    print the whole token response as JSON instead
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      issuer: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || !values.email) {
    process.stderr.write(usage);
    process.exit(values.help ? 0 : 2);
  }
  const issuer =
    values.issuer ??
    process.env.ISSUER_URL ??
    `http://localhost:${process.env.PORT ?? DEFAULT_PORT}${DEFAULT_ISSUER_PATH}`;
  const tokens = await getTokenSet({ issuer, email: values.email, name: values.name });
  process.stdout.write(values.json ? `${JSON.stringify(tokens, null, 2)}\n` : `${tokens.accessToken}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`token: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
