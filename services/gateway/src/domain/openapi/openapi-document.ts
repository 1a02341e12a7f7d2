import { z } from 'zod';
import { REQUEST_SCHEMAS, RESPONSE_SCHEMAS } from './component-schemas';
import { operationObject } from './operation-object';
import { TAGS } from './operation-spec';
import { OPERATIONS } from './operations';
import { ZProblem } from './problem.schema';

type Json = Record<string, unknown>;

export interface OpenApiOptions {
  issuer: string;
  version: string;
}

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

/** The OpenAPI 3.1 document of the public API (API.md), its schemas generated from packages/contracts. */
export function buildOpenApiDocument(options: OpenApiOptions): Json {
  const paths: Record<string, Json> = {};
  for (const spec of OPERATIONS) {
    const path = `/api/v1${spec.path}`;
    paths[path] = { ...paths[path], [spec.method]: operationObject(spec) };
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
    tags: TAGS.map((name) => ({ name })),
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
