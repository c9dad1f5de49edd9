/**
 * Responses the edge generates itself (CloudFront returns them to the viewer
 * without contacting the origin). JSON bodies `{"error":{"code","message"}}`,
 * never cached. Messages are fixed strings: nothing from the request (least of
 * all the token) is echoed back.
 *
 * 401 follows RFC 6750 section 3: a request without a bearer token gets a
 * bare `WWW-Authenticate: Bearer realm="api"` challenge (no error code); a
 * token that is malformed, invalid or expired gets `error="invalid_token"`.
 */
import type { CloudFrontHeaders, CloudFrontResultResponse } from 'aws-lambda';

export const REALM = 'api';

export type EdgeErrorCode = 'bad_request' | 'unauthorized' | 'invalid_token' | 'forbidden' | 'payload_too_large' | 'edge_misconfigured';

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  413: 'Payload Too Large',
  500: 'Internal Server Error',
};

function respond(status: number, code: EdgeErrorCode, message: string, extra: CloudFrontHeaders = {}): CloudFrontResultResponse {
  return {
    status: String(status),
    statusDescription: STATUS_TEXT[status],
    headers: {
      'content-type': [{ key: 'Content-Type', value: 'application/json; charset=utf-8' }],
      'cache-control': [{ key: 'Cache-Control', value: 'no-store' }],
      'x-content-type-options': [{ key: 'X-Content-Type-Options', value: 'nosniff' }],
      ...extra,
    },
    bodyEncoding: 'text',
    body: JSON.stringify({ error: { code, message } }),
  };
}

/** 400: a request the edge cannot read (undecodable path, malformed query, reserved parameters). */
export function badRequest(message: string): CloudFrontResultResponse {
  return respond(400, 'bad_request', message);
}

/** 401 without a token: the bare Bearer challenge. */
export function missingToken(): CloudFrontResultResponse {
  return respond(401, 'unauthorized', 'This route needs a bearer token.', {
    'www-authenticate': [{ key: 'WWW-Authenticate', value: `Bearer realm="${REALM}"` }],
  });
}

/** 401 for a token that is malformed, invalid or expired. */
export function invalidToken(expired = false): CloudFrontResultResponse {
  const description = expired ? 'The token has expired.' : 'The token is invalid.';
  return respond(401, 'invalid_token', description, {
    'www-authenticate': [{ key: 'WWW-Authenticate', value: `Bearer realm="${REALM}", error="invalid_token", error_description="${description}"` }],
  });
}

/** 403: a valid caller (or an anonymous one on a denied route) that may not use this route. */
export function forbidden(): CloudFrontResultResponse {
  return respond(403, 'forbidden', 'You may not use this route.');
}

/** 413: CloudFront truncated the body (include-body passes about 1 MB), so it cannot be signed or hashed. */
export function payloadTooLarge(): CloudFrontResultResponse {
  return respond(413, 'payload_too_large', 'The request body is too large.');
}

/** 500: the edge cannot do its job (no credentials, include-body off). Details go to the log only. */
export function edgeMisconfigured(): CloudFrontResultResponse {
  return respond(500, 'edge_misconfigured', 'The edge could not forward the request.');
}
