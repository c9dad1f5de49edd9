/**
 * `GET /openapi.json` -> the API's OpenAPI 3.1 document (../openapi.ts), made
 * from this function's own settings (base path, route map, body limit) on
 * the first request and kept. Public in the default config; like every
 * route, it is reachable only as the route map allows.
 */
import { OPENAPI_PATH, openApiDocumentSchema } from '../openapi';
import type { Endpoint } from './endpoint';

export function openApiEndpoints(document: () => unknown): Endpoint[] {
  return [
    {
      method: 'GET',
      path: OPENAPI_PATH,
      doc: {
        operationId: 'openApiDocument',
        summary: 'This OpenAPI document',
        description: 'The document for this deployment: its base path, route map and body limit.',
        tags: ['meta'],
        success: { status: 200, description: 'The OpenAPI 3.1 document.', schema: openApiDocumentSchema },
      },
      handle: async (c) => c.json(document() as object),
    },
  ];
}
