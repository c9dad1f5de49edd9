/** A direct IAM caller's SigV4 signing (what `npm run call` or awscurl does), with @smithy/signature-v4. */
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface DirectSignOptions {
  readonly method: string;
  /** Wire path without the query. */
  readonly path: string;
  /** Decoded query parameters. */
  readonly query?: Record<string, string>;
  readonly headers?: Record<string, string>;
  readonly body?: Buffer;
  readonly credentials: Credentials;
  readonly host: string;
  readonly region: string;
  readonly signingDate?: Date;
  /** Send (and sign) x-amz-content-sha256. @default true */
  readonly contentSha256?: boolean;
}

/** Signs a request for the function URL with @smithy/signature-v4 (what a direct IAM caller does); returns the headers to send. */
export async function signDirect(o: DirectSignOptions): Promise<Array<[string, string]>> {
  const signer = new SignatureV4({
    service: 'lambda',
    region: o.region,
    sha256: Hash.bind(null, 'sha256'),
    credentials: { accessKeyId: o.credentials.accessKeyId, secretAccessKey: o.credentials.secretAccessKey, sessionToken: o.credentials.sessionToken },
    applyChecksum: o.contentSha256 ?? true,
  });
  const signed = await signer.sign(
    new HttpRequest({
      method: o.method,
      protocol: 'https:',
      hostname: o.host,
      path: o.path,
      query: o.query ?? {},
      headers: { host: o.host, ...(o.headers ?? {}) },
      body: o.body,
    }),
    { signingDate: o.signingDate ?? new Date() },
  );
  return Object.entries(signed.headers as Record<string, string>).map(([k, v]) => [k, v]);
}
