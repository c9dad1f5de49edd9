/**
 * One endpoint of the API: method, path pattern (relative to the base path,
 * in the route map's syntax: literal segments and `{name}`) and handler.
 * The app registers these with Hono and uses the same list to answer 405
 * with an `Allow` header; the OpenAPI document (../openapi.ts) is generated
 * from the same list, with the zod schemas the handlers validate with.
 */
import type { z } from 'zod';
import type { BookRepository } from '../books/repository';
import type { AppContext } from '../context';
import type { ErrorStatus } from '../errors';
import type { MessagePublisher } from '../messages/publisher';
import type { SecretReader } from '../secrets/secret-reader';
import type { AppLogger } from '../../shared/logger';

export type EndpointMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** What the OpenAPI document says about an endpoint (besides what every operation shares). */
export interface EndpointDoc {
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  /** The query the handler parses (each key one query parameter). */
  readonly query?: z.ZodObject;
  /** The `{name}` path segments, each with the schema of a value that can exist. */
  readonly params?: Readonly<Record<string, z.ZodType>>;
  /** The JSON body the handler reads with readJsonBody. */
  readonly body?: z.ZodType;
  /** The success answer. */
  readonly success: {
    readonly status: 200 | 201 | 202;
    readonly description: string;
    readonly schema: z.ZodType;
    readonly headers?: Readonly<Record<string, { readonly description: string; readonly required: boolean }>>;
  };
  /** This endpoint's own reasons for an error status (added to the shared ones). */
  readonly errors?: Readonly<Partial<Record<ErrorStatus, string>>>;
}

export interface Endpoint {
  readonly method: EndpointMethod;
  readonly path: string;
  readonly doc: EndpointDoc;
  readonly handle: (c: AppContext) => Promise<Response>;
}

/** What the route handlers use. */
export interface RouteDeps {
  readonly basePath: string;
  readonly maxBodyBytes: number;
  readonly books: BookRepository;
  readonly messages: MessagePublisher;
  readonly secret: SecretReader;
  readonly logger: AppLogger;
  readonly now: () => Date;
  readonly newId: () => string;
}

/** Hono's path syntax for a route-map pattern: `/books/{id}` -> `/books/:id`. */
export function honoPath(basePath: string, pattern: string): string {
  return `${basePath}${pattern.replace(/\{([A-Za-z][A-Za-z0-9]*)\}/g, ':$1')}`;
}
