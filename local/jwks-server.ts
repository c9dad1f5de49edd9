/**
 * Serves the local issuer's JWKS on loopback at the path Cognito uses,
 * `/<userPoolId>/.well-known/jwks.json`, so an edge configured without a baked
 * JWKS (`edge.bakeJwks: false`) fetches it exactly as it would from Cognito;
 * given a discovery document, also `/<userPoolId>/.well-known/openid-configuration`
 * (the web app's sign-in reads it). Both with CORS, as Cognito's.
 */
import * as http from 'node:http';
import { closeServer, listen, sendJson } from './http-util';
import type { LocalIssuer } from './token-issuer';

export interface RunningJwksServer {
  /** Base URL that replaces `https://cognito-idp.<region>.amazonaws.com`. */
  readonly baseUrl: string;
  /** How many JWKS requests it answered. */
  fetches(): number;
  close(): Promise<void>;
}

export async function startJwksServer(issuer: LocalIssuer, port = 0, discovery?: (baseUrl: string) => Record<string, unknown>): Promise<RunningJwksServer> {
  let count = 0;
  const path = `/${issuer.userPoolId}/.well-known/jwks.json`;
  const discoveryPath = `/${issuer.userPoolId}/.well-known/openid-configuration`;
  const cors = { 'access-control-allow-origin': '*' };
  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === path) {
      count++;
      sendJson(res, 200, issuer.jwks, cors);
    } else if (discovery && req.method === 'GET' && req.url === discoveryPath) {
      sendJson(res, 200, discovery(baseUrl), cors);
    } else {
      sendJson(res, 404, { message: 'not found' });
    }
  });
  let baseUrl = '';
  const bound = await listen(server, port);
  baseUrl = `http://127.0.0.1:${bound}`;
  return { baseUrl, fetches: () => count, close: () => closeServer(server) };
}
