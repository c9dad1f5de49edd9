/**
 * The API's OpenAPI 3.1 document, generated from what the API runs:
 * - the endpoints (routes/*.ts: method, path, and the zod schemas their
 *   handlers validate with), JSON Schema from zod 4's `z.toJSONSchema`
 *   (bodies and query as the client sends them: `io: 'input'`; answers as
 *   the API writes them: `io: 'output'`);
 * - the route map (settings.routes, the same rules the edge and the API
 *   enforce): the security requirement of each operation (`public` -> none,
 *   otherwise `bearerAuth`, with the groups/scopes in `x-sfu-access`), and
 *   which operations exist at all (one that no rule allows is left out: every
 *   request to it is refused);
 * - the error answers every operation can get through the whole chain
 *   (CloudFront, the edge function, the function URL, the API), all in the
 *   envelope `{"error":{"code","message"}}`.
 *
 * HEAD is documented for every GET (authorized and answered as GET, without
 * a body), OPTIONS (the CORS preflight, 204) for every path a rule opens it on.
 * `docs/openapi.json` is this document for config/dev.json (`npm run openapi`
 * writes it; a test fails when it is stale); the API serves its own at
 * `GET <basePath>/openapi.json`.
 */
import * as z from 'zod';
import type { EdgeErrorCode } from '../../edge/responses';
import { findRule, type RouteRule } from '../../lib/route-policy';
import { bookInputSchema, bookSchema } from './books/model';
import { ERROR_CODES, type ErrorStatus } from './errors';
import { bookPageSchema, deletedBookSchema } from './routes/books';
import type { Endpoint, EndpointDoc } from './routes/endpoint';
import { greetingSchema } from './routes/hello';
import { claimsSchema, iamCallerSchema, meSchema } from './routes/me';
import { messageAcceptedSchema, messageInputSchema } from './routes/messages';

/** The version of the API contract (package.json's version; a test keeps them equal). */
export const API_VERSION = '0.1.0';

export const OPENAPI_PATH = '/openapi.json';

/** Codes of the errors the edge function answers itself (edge/responses.ts); a type test keeps the list complete. */
export const EDGE_ERROR_CODES = [
  'bad_request',
  'unauthorized',
  'invalid_token',
  'forbidden',
  'payload_too_large',
  'edge_misconfigured',
] as const satisfies readonly EdgeErrorCode[];

/** The error envelope: the API's codes and the edge's. */
export const errorBodySchema = z.strictObject({
  error: z.strictObject({
    code: z.enum([...new Set([...ERROR_CODES, ...EDGE_ERROR_CODES])] as [string, ...string[]]),
    message: z.string(),
  }),
});

/** What `GET <basePath>/openapi.json` answers (described loosely: it is this document). */
export const openApiDocumentSchema = z.looseObject({
  openapi: z.string().regex(/^3\.1\.\d+$/),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.unknown()),
});

/** Named schemas (components.schemas); answers are written as output, bodies read as input. */
const OUTPUT_SCHEMAS: ReadonlyArray<readonly [string, z.ZodType]> = [
  ['Error', errorBodySchema],
  ['Greeting', greetingSchema],
  ['Book', bookSchema],
  ['BookPage', bookPageSchema],
  ['DeletedBook', deletedBookSchema],
  ['MessageAccepted', messageAcceptedSchema],
  ['Claims', claimsSchema],
  ['IamCaller', iamCallerSchema],
  ['Me', meSchema],
  ['OpenApiDocument', openApiDocumentSchema],
];
const INPUT_SCHEMAS: ReadonlyArray<readonly [string, z.ZodType]> = [
  ['BookInput', bookInputSchema],
  ['MessageInput', messageInputSchema],
];

export interface OpenApiSettings {
  readonly basePath: string;
  readonly routes: readonly RouteRule[];
  readonly maxBodyBytes: number;
}

type Json = Record<string, unknown>;

/** A query value the API parses from digits is documented as the integer it is (`type: integer` in its meta). */
function override(ctx: { jsonSchema: Json }): void {
  const s = ctx.jsonSchema;
  if (s.type === 'integer' && typeof s.pattern === 'string') delete s.pattern;
}

function bare(schema: Json): Json {
  const { $schema: _s, $id: _i, ...rest } = schema;
  return rest;
}

function components(): { schemas: Record<string, Json>; names: Map<z.ZodType, string> } {
  const names = new Map<z.ZodType, string>();
  const schemas: Record<string, Json> = {};
  for (const [list, io] of [
    [OUTPUT_SCHEMAS, 'output'],
    [INPUT_SCHEMAS, 'input'],
  ] as const) {
    const registry = z.registry<{ id: string }>();
    for (const [name, schema] of list) {
      registry.add(schema, { id: name });
      names.set(schema, name);
    }
    const out = z.toJSONSchema(registry, { io, uri: (id) => `#/components/schemas/${id}`, override }) as { schemas: Record<string, Json> };
    for (const [name, schema] of Object.entries(out.schemas)) schemas[name] = bare(schema);
  }
  return { schemas, names };
}

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });

function inline(schema: z.ZodType, io: 'input' | 'output'): Json {
  return bare(z.toJSONSchema(schema, { io, override }) as Json);
}

function accessText(rule: RouteRule): string {
  const a = rule.access;
  if (a === 'public') return 'Public: no token needed (a token that is sent must be valid).';
  if (a === 'authenticated') return 'Needs a valid bearer token (any signed-in caller).';
  const oneOf = (what: string, names: readonly string[] = []): string[] =>
    names.length === 0
      ? []
      : names.length === 1
        ? [`${what} ${names[0]}`]
        : [`${what.replace(/^(in|holding) the (\w+)$/, '$1 one of the $2s')} ${names.join(', ')}`];
  const parts = [...oneOf('in the group', a.groups), ...oneOf('holding the scope', a.scopes)];
  return `Needs a valid bearer token of a caller ${parts.join(', or ')}.`;
}

function security(rule: RouteRule): Json {
  if (rule.access === 'public') return { security: [] };
  const base = { security: [{ bearerAuth: [] }] };
  if (rule.access === 'authenticated') return base;
  return { ...base, 'x-sfu-access': { groups: rule.access.groups ?? [], scopes: rule.access.scopes ?? [] } };
}

const REQUEST_ID = {
  'X-Request-Id': { description: 'The request id (in the API logs); absent on answers the edge gives itself.', schema: { type: 'string' } },
};

function errorResponse(description: string, headers: Json = {}): Json {
  return {
    description,
    headers: { ...REQUEST_ID, ...headers },
    content: { 'application/json': { schema: ref('Error') } },
  };
}

/** The error statuses of one operation and why each can happen. */
function errorReasons(e: EndpointDoc | undefined, rule: RouteRule, hasParams: boolean, maxBodyBytes: number, withBody: boolean): Map<ErrorStatus, string[]> {
  const reasons = new Map<ErrorStatus, string[]>();
  const add = (status: ErrorStatus, text: string | undefined): void => {
    if (text) reasons.set(status, [...(reasons.get(status) ?? []), text]);
  };
  add(400, e?.errors?.[400]);
  add(
    400,
    'The edge could not read the path or query (a malformed percent-encoding, a `.` or `..` segment, an `X-Amz-*` or more than 256 query parameters), or a GET or HEAD carries a body.',
  );
  add(
    401,
    rule.access === 'public'
      ? 'A bearer token was sent and is malformed, invalid or expired (the edge checks every token it gets, on public routes too).'
      : 'No bearer token, or one that is malformed, invalid or expired.',
  );
  if (rule.access !== 'public') add(403, 'The token lacks the groups or scopes the route map requires.');
  if (hasParams) add(403, 'A path parameter that makes the path one no route rule allows.');
  add(404, e?.errors?.[404]);
  if (hasParams) add(404, 'A path parameter that routes nowhere.');
  if (hasParams) add(405, "An empty path parameter makes the path another endpoint's, which does not take this method (`Allow` lists those it takes).");
  add(409, e?.errors?.[409]);
  add(
    413,
    withBody
      ? `The body is larger than ${maxBodyBytes} bytes, or than CloudFront passes to the edge (1 MB).`
      : 'A body larger than CloudFront passes to the edge (1 MB) was sent.',
  );
  add(415, e?.errors?.[415]);
  add(500, 'The API or the edge failed; the message carries a request id, never details.');
  return new Map([...reasons.entries()].sort(([a], [b]) => a - b));
}

function errorResponses(reasons: Map<ErrorStatus, string[]>, bodiless: boolean): Json {
  const out: Json = {};
  for (const [status, texts] of reasons) {
    const headers: Json =
      status === 401
        ? { 'WWW-Authenticate': { description: 'The Bearer challenge (RFC 6750).', required: true, schema: { type: 'string' } } }
        : status === 405
          ? { Allow: { description: 'The methods the path takes.', required: true, schema: { type: 'string' } } }
          : {};
    const response = errorResponse(texts.join(' '), headers);
    if (bodiless) delete response.content;
    out[String(status)] = response;
  }
  return out;
}

function pathParameters(names: readonly string[], params: EndpointDoc['params'], io: 'input'): Json[] {
  return names.map((name) => {
    const schema = params?.[name];
    if (!schema) throw new Error(`path parameter {${name}} has no schema in the endpoint's doc`);
    const json = inline(schema, io);
    const { description, ...rest } = json;
    return { name, in: 'path', required: true, ...(description ? { description } : {}), schema: rest };
  });
}

function queryParameters(query: z.ZodObject | undefined): Json[] {
  if (!query) return [];
  return Object.entries(query.shape).map(([name, schema]) => {
    const s = schema as z.ZodType;
    const json = inline(s, 'input');
    const { description, examples, ...rest } = json;
    const required = !s.safeParse(undefined).success;
    return {
      name,
      in: 'query',
      required,
      ...(description ? { description } : {}),
      schema: rest,
      ...(Array.isArray(examples) && examples.length > 0 ? { example: examples[0] } : {}),
    };
  });
}

const segmentNames = (path: string): string[] => [...path.matchAll(/\{([A-Za-z][A-Za-z0-9]*)\}/g)].map((m) => m[1]);

function pascal(path: string): string {
  return path
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((s) => s[0].toUpperCase() + s.slice(1))
    .join('');
}

/** The document for an API with these settings and endpoints. */
export function openApiDocument(settings: OpenApiSettings, endpoints: readonly Endpoint[]): Json {
  const { basePath, routes, maxBodyBytes } = settings;
  const { schemas, names } = components();
  const schemaOf = (schema: z.ZodType, io: 'input' | 'output'): Json => {
    const name = names.get(schema);
    return name ? ref(name) : inline(schema, io);
  };
  const paths: Record<string, Json> = {};
  const left: string[] = [];

  for (const e of endpoints) {
    const key = `${basePath}${e.path}`;
    const params = segmentNames(e.path);
    const parameters = [...pathParameters(params, e.doc.params, 'input'), ...queryParameters(e.doc.query)];
    const documented = e.method === 'GET' ? (['GET', 'HEAD'] as const) : ([e.method] as const);
    for (const method of documented) {
      const found = findRule(routes, method, e.path);
      if (!found) {
        left.push(`${method} ${basePath}${e.path}`);
        continue;
      }
      const head = method === 'HEAD';
      const d = e.doc;
      const item = (paths[key] ??= {});
      const success: Json = {
        description: head ? `As GET, without a body: ${d.success.description}` : d.success.description,
        headers: {
          ...REQUEST_ID,
          ...(d.success.headers ? Object.fromEntries(Object.entries(d.success.headers).map(([k, v]) => [k, { ...v, schema: { type: 'string' } }])) : {}),
        },
        ...(head ? {} : { content: { 'application/json': { schema: schemaOf(d.success.schema, 'output') } } }),
      };
      item[method.toLowerCase()] = {
        operationId: head ? `${d.operationId}Head` : d.operationId,
        summary: head ? `${d.summary} (headers only)` : d.summary,
        description: [d.description, head ? 'HEAD is authorized and answered as GET, without a body.' : undefined, accessText(found.rule)]
          .filter(Boolean)
          .join(' '),
        tags: [...d.tags],
        ...security(found.rule),
        ...(parameters.length > 0 ? { parameters } : {}),
        ...(d.body
          ? {
              requestBody: {
                required: true,
                description: `JSON, at most ${maxBodyBytes} bytes; unknown fields are refused.`,
                content: { 'application/json': { schema: schemaOf(d.body, 'input') } },
              },
            }
          : {}),
        responses: {
          [String(d.success.status)]: success,
          ...errorResponses(errorReasons(d, found.rule, params.length > 0, maxBodyBytes, d.body !== undefined), head),
        },
      };
    }
  }

  // The CORS preflight: answered for every path below the base path that a rule opens OPTIONS on
  // (documented on the paths above, those with an operation).
  for (const [path, item] of Object.entries(paths)) {
    const relative = path.slice(basePath.length);
    const found = findRule(routes, 'OPTIONS', relative);
    if (!found) {
      left.push(`OPTIONS ${path}`);
      continue;
    }
    const params = segmentNames(relative).map((name) => ({
      name,
      in: 'path',
      required: true,
      description: 'Any value: the preflight does not depend on it.',
      schema: { type: 'string' },
    }));
    item.options = {
      operationId: `preflight${pascal(relative)}`,
      summary: 'CORS preflight',
      description: `Answered from the CORS settings for every path below ${basePath}, before the route is checked: \`Access-Control-Allow-*\` headers when the \`Origin\` is allowed. ${accessText(found.rule)}`,
      tags: ['cors'],
      ...security(found.rule),
      ...(params.length > 0 ? { parameters: params } : {}),
      responses: {
        '204': {
          description: 'The preflight answer (no body).',
          headers: {
            ...REQUEST_ID,
            'Access-Control-Allow-Methods': { description: 'The methods browsers may use.', schema: { type: 'string' } },
            'Access-Control-Allow-Origin': { description: "The request's `Origin`, when it is an allowed one.", schema: { type: 'string' } },
          },
        },
        ...errorResponses(errorReasons(undefined, found.rule, false, maxBodyBytes, false), false),
      },
    };
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'secure-function-url API',
      version: API_VERSION,
      description: [
        'One Lambda function behind CloudFront, a Lambda@Edge JWT check and a function URL with AWS_IAM auth.',
        'Every answer is JSON with `Cache-Control: no-store`; errors are `{"error":{"code","message"}}`.',
        'Authorization follows the route map (first matching rule decides; no rule: 403), checked at the edge and again by the API.',
        left.length > 0 ? `Not offered (no route rule allows them): ${left.join(', ')}.` : undefined,
      ]
        .filter(Boolean)
        .join(' '),
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    tags: [
      { name: 'hello', description: 'A public greeting.' },
      { name: 'books', description: 'Books: list, create, read, replace, delete.' },
      { name: 'messages', description: 'Messages published to the topic.' },
      { name: 'identity', description: 'Who the API sees.' },
      { name: 'meta', description: 'This document.' },
      { name: 'cors', description: 'CORS preflight.' },
    ],
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'A Cognito access token (the edge verifies it: signature, issuer, audience/client, expiry, token use).',
        },
      },
    },
  };
}

/** The document's JSON text as committed in docs/openapi.json (2-space indent, final newline). */
export function openApiJson(document: unknown): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
