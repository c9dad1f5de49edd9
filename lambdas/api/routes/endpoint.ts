/**
 * One endpoint of the API: method, path pattern (relative to the base path,
 * in the route map's syntax: literal segments and `{name}`) and handler.
 * The app registers these with Hono and uses the same list to answer 405
 * with an `Allow` header.
 */
import type { BookRepository } from '../books/repository';
import type { AppContext } from '../context';
import type { MessagePublisher } from '../messages/publisher';
import type { SecretReader } from '../secrets/secret-reader';
import type { AppLogger } from '../../shared/logger';

export type EndpointMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface Endpoint {
  readonly method: EndpointMethod;
  readonly path: string;
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
