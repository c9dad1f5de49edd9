/**
 * The edge bundle aliases `https` to edge/lazy-builtins/https.ts (see
 * packaging/edge-bundle-options.ts): it must be node:https's `request`, called the same
 * way, with node:https loaded only when it is first called.
 */
import { ClientRequest } from 'node:http';
import https from 'node:https';
import { request } from '../../edge/lazy-builtins/https';

describe('lazy https.request', () => {
  afterEach(() => jest.restoreAllMocks());

  it('calls node:https request with the same arguments and returns what it returns', () => {
    const sentinel = { sentinel: true } as unknown as ReturnType<typeof https.request>;
    const spy = jest.spyOn(https, 'request').mockReturnValue(sentinel);
    const callback = (): void => undefined;
    const options = { method: 'GET', timeout: 1500 };
    expect(request('https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_x/.well-known/jwks.json', options, callback)).toBe(sentinel);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(spy).toHaveBeenCalledWith('https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_x/.well-known/jwks.json', options, callback);
  });

  it('makes a real request object (node:https underneath)', () => {
    const req = request('https://127.0.0.1:9/never', { method: 'GET' });
    req.on('error', () => undefined);
    expect(req).toBeInstanceOf(ClientRequest);
    req.destroy();
  });
});
