import { z } from 'zod';
import { ZProblem } from './problem.schema';
import { OPERATIONS, REQUEST_SCHEMAS, RESPONSE_SCHEMAS, type OperationSpec } from './operations';

type Json = Record<string, unknown>;

export interface OpenApiOptions {
  issuer: string;
  version: string;
}

const ERROR_TEXT: Record<number, string> = {
  400: 'Malformed JSON',
  401: 'No valid EU Login access token (see WWW-Authenticate)',
  403: 'Signed in but not allowed',
  404: 'No such resource, or one of another company',
  409: 'Conflict: the licence number (or EORI) is already registered',
  412: 'If-Match does not match the current ETag',
  413: 'Body too large',
  415: 'Wrong content type',
  422: 'Invalid fields (errors names each)',
  428: 'If-Match is required',
  429: 'Rate limited (see Retry-After)',
  503: 'A service is unavailable (see Retry-After)',
};

/** JSON Schemas of a set of zod schemas as OpenAPI components, referring to each other by name. */
function components(schemas: Record<string, z.ZodType>, io: 'input' | 'output'): Record<string, Json> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(schemas)) registry.add(schema, { id });
  const { schemas: out } = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
  });
  return Object.fromEntries(
    Object.entries(out).map(([id, { $schema: _s, $id: _i, ...schema }]) => [id, schema as Json]),
  );
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ref('Problem') } },
});

function queryParameters(query: z.ZodObject): Json[] {
  const schema = z.toJSONSchema(query, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as {
    properties: Record<string, Json>;
  };
  return Object.entries(schema.properties).map(([name, property]) => ({
    name,
    in: 'query',
    required: false,
    schema: property,
  }));
}

function operation(spec: OperationSpec): Json {
  const [status, result] = spec.ok;
  const errors = new Set([401, 429, 503, ...(spec.errors ?? [])]);
  if (spec.commissionOnly || spec.method !== 'get') errors.add(403);
  if (spec.path.includes('{id}')) errors.add(404);
  if (spec.body) [400, 413, 415, 422].forEach((s) => errors.add(s));
  const parameters: Json[] = [];
  if (spec.path.includes('{id}'))
    parameters.push({ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } });
  if (spec.query) parameters.push(...queryParameters(spec.query));
  if (spec.method === 'patch')
    parameters.push({ name: 'If-Match', in: 'header', required: true, schema: { type: 'string' } });
  if (spec.method === 'post')
    parameters.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      schema: { type: 'string', maxLength: 200 },
    });
  return {
    tags: [spec.tag],
    summary: spec.summary,
    operationId: `${spec.method}${spec.path.replace(/\{(\w+)\}/g, 'By_$1').replace(/(^|\/)(\w)/g, (_m, _s, c: string) => c.toUpperCase())}`,
    ...(spec.commissionOnly ? { description: 'Commission staff only.' } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(spec.body
      ? {
          requestBody: {
            required: true,
            content:
              typeof spec.body === 'string'
                ? { 'application/json': { schema: ref(spec.body) } }
                : Object.fromEntries(
                    Object.entries(spec.body.media).map(([media, description]) => [
                      media,
                      { schema: { description } },
                    ]),
                  ),
          },
        }
      : {}),
    responses: {
      [status]: {
        description: 'Success',
        content:
          typeof result === 'string'
            ? { 'application/json': { schema: ref(result) } }
            : { [result.media]: {} },
      },
      ...Object.fromEntries([...errors].sort().map((code) => [code, problem(ERROR_TEXT[code] ?? 'Error')])),
    },
  };
}

/** The OpenAPI 3.1 document of the public API (API.md), its schemas generated from packages/contracts. */
export function buildOpenApiDocument(options: OpenApiOptions): Json {
  const paths: Record<string, Json> = {};
  for (const spec of OPERATIONS) {
    const path = `/api/v1${spec.path}`;
    paths[path] = { ...paths[path], [spec.method]: operation(spec) };
  }
  const schemas = {
    ...components(REQUEST_SCHEMAS, 'input'),
    ...components(RESPONSE_SCHEMAS, 'output'),
    ...components({ Problem: ZProblem }, 'output'),
  };
  return {
    openapi: '3.1.1',
    info: {
      title: 'Licence monitoring platform API',
      version: options.version,
      description:
        'Export licences for rare earths and magnets, registered by EU companies and tracked by the European Commission. ' +
        `Sign in with EU Login (OpenID Connect issuer ${options.issuer}) and send the access token as \`Authorization: Bearer\`. ` +
        'Errors are application/problem+json (RFC 9457).',
    },
    servers: [{ url: '/' }],
    security: [{ euLogin: [] }],
    tags: ['Me', 'Licences', 'Confirmations', 'Messages', 'Reports', 'Transmissions'].map((name) => ({
      name,
    })),
    paths,
    components: {
      schemas,
      securitySchemes: {
        euLogin: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: `An EU Login access token (issuer ${options.issuer}).`,
        },
      },
    },
  };
}
