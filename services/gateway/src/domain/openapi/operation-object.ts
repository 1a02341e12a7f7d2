import { z } from 'zod';
import type { Answer, BodySpec, OperationSpec, SuccessHeader } from './operation-spec';

type Json = Record<string, unknown>;

const ERROR_TEXT: Record<number, string> = {
  400: 'Malformed JSON or form, or a bad token',
  401: 'No valid EU Login access token (see WWW-Authenticate)',
  403: 'Signed in but not allowed',
  404: 'No such resource, or one of another company',
  409: 'Conflict with what is registered (see the summary)',
  412: 'If-Match does not match the current ETag',
  413: 'Body (or an attached file) too large',
  415: 'Wrong content type (or an attached file of a refused type)',
  422: 'Invalid fields (errors names each)',
  428: 'If-Match is required',
  429: 'Rate limited (see Retry-After)',
  503: 'A service is unavailable (see Retry-After)',
};

const SUCCESS_HEADERS: Record<SuccessHeader, Json> = {
  Location: { description: 'The URL of what was created', schema: { type: 'string' } },
  ETag: { description: 'The licence version: send it as If-Match to change it', schema: { type: 'string' } },
  'Content-Disposition': {
    description: 'attachment; filename="…"; filename*=UTF-8\'\'… (always a download)',
    schema: { type: 'string' },
  },
};

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ref('Problem') } },
});

function queryParameters(query: z.ZodObject): Json[] {
  const schema = z.toJSONSchema(query, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as {
    properties: Record<string, Json>;
    required?: string[];
  };
  return Object.entries(schema.properties).map(([name, property]) => ({
    name,
    in: 'query',
    required: schema.required?.includes(name) ?? false,
    schema: property,
  }));
}

function parametersOf(spec: OperationSpec): Json[] {
  const path = [...spec.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'string', format: 'uuid' },
  }));
  const headers: Json[] = (spec.headers ?? []).map(({ name, description, maxLength }) => ({
    name,
    in: 'header',
    required: false,
    description,
    schema: { type: 'string', ...(maxLength ? { maxLength } : {}) },
  }));
  if (spec.ifMatch)
    headers.push({
      name: 'If-Match',
      in: 'header',
      required: spec.ifMatch === 'required',
      description: 'The ETag the resource was read with',
      schema: { type: 'string' },
    });
  if (spec.idempotencyKey)
    headers.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description: 'A retry with the same key answers the first result',
      schema: { type: 'string', maxLength: 200 },
    });
  return [...path, ...(spec.query ? queryParameters(spec.query) : []), ...headers];
}

function requestBody(body: string | BodySpec): Json {
  const spec: BodySpec = typeof body === 'string' ? { json: body } : body;
  const content: Record<string, Json> = {};
  if (spec.json) content['application/json'] = { schema: ref(spec.json) };
  if (spec.multipart)
    content['multipart/form-data'] = {
      schema: ref(spec.multipart.schema),
      encoding: { files: { contentType: spec.multipart.fileTypes.join(', ') } },
    };
  if (spec.form) {
    content['application/x-www-form-urlencoded'] = { schema: ref(spec.form) };
    content['multipart/form-data'] = { schema: ref(spec.form) };
  }
  for (const [media, description] of Object.entries(spec.files ?? {}))
    content[media] = { schema: { description } };
  return { required: spec.required ?? true, content };
}

function contentOf(answer: Answer): Json | undefined {
  if (answer === null) return undefined;
  if (typeof answer === 'string') return { 'application/json': { schema: ref(answer) } };
  if ('media' in answer)
    return {
      ...(answer.json ? contentOf(answer.json) : {}),
      ...Object.fromEntries(answer.media.map((media) => [media, {}])),
    };
  return { 'application/json': { schema: { anyOf: answer.map(ref) } } };
}

function errorStatuses(spec: OperationSpec): number[] {
  const errors = new Set([429, 503, ...(spec.errors ?? [])]);
  if (!spec.public) errors.add(401);
  if (!spec.public && (spec.commissionOnly || spec.method !== 'get')) errors.add(403);
  if (spec.path.includes('{')) errors.add(404);
  // A query is checked as the body is (422 naming the field); the public unsubscribe checks its token (400).
  if (spec.query && !spec.public) errors.add(422);
  if (spec.body) {
    [400, 413, 415].forEach((s) => errors.add(s));
    const validated = typeof spec.body === 'string' || spec.body.json || spec.body.multipart;
    if (validated) errors.add(422);
  }
  if (spec.ifMatch) errors.add(412);
  if (spec.ifMatch === 'required') errors.add(428);
  return [...errors].sort((a, b) => a - b);
}

/** `get /licences/{id}/history` → `getLicencesBy_idHistory` (stable, unique per method and path). */
const operationIdOf = (spec: OperationSpec) =>
  `${spec.method}${spec.path
    .replace(/\{(\w+)\}/g, 'By_$1')
    .replace(/(^|\/)(\w)/g, (_m, _s, c: string) => c.toUpperCase())}`;

/** One OpenAPI operation object from its spec: parameters, body, answers and the errors it can give. */
export function operationObject(spec: OperationSpec): Json {
  const [status, answer] = spec.ok;
  const description = [spec.commissionOnly ? 'Commission staff only.' : '', spec.description ?? '']
    .filter(Boolean)
    .join(' ');
  const parameters = parametersOf(spec);
  const headers = spec.okHeaders?.length
    ? { headers: Object.fromEntries(spec.okHeaders.map((name) => [name, SUCCESS_HEADERS[name]])) }
    : {};
  const success = (description: string, result: Answer) => {
    const content = contentOf(result);
    return { description, ...headers, ...(content ? { content } : {}) };
  };
  return {
    tags: [spec.tag],
    summary: spec.summary,
    operationId: operationIdOf(spec),
    ...(description ? { description } : {}),
    ...(spec.public ? { security: [] } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(spec.body ? { requestBody: requestBody(spec.body) } : {}),
    responses: {
      [status]: success('Success', answer),
      ...(spec.alsoOk ? { [spec.alsoOk[0]]: success(spec.alsoOk[2], spec.alsoOk[1]) } : {}),
      ...Object.fromEntries(errorStatuses(spec).map((code) => [code, problem(ERROR_TEXT[code] ?? 'Error')])),
    },
  };
}
