import { StaticSecretReader } from '../../../../lambdas/api/secrets/secret-reader';
import { harness } from '../harness';

describe('GET /hello', () => {
  it('greets by name: {"message":"Hello, <name>!"}', async () => {
    const r = await harness().invoke({ path: '/api/hello', query: { name: 'Ada' } });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ message: 'Hello, Ada!' });
  });

  it('is public: no claims and no IAM context needed', async () => {
    expect((await harness().invoke({ path: '/api/hello', query: { name: 'Ada' }, iam: false })).status).toBe(200);
  });

  it('trims the name and keeps non-ASCII names intact', async () => {
    expect((await harness().invoke({ path: '/api/hello', query: { name: '  Zoë Ōkubo  ' } })).json).toEqual({ message: 'Hello, Zoë Ōkubo!' });
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['blank', '   '],
  ])('answers 400 naming the field when the name is %s', async (_what, name) => {
    const r = await harness().invoke({ path: '/api/hello', ...(name === undefined ? {} : { query: { name } }) });
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('validation_failed');
    expect(r.json.error.message).toMatch(/^name: required/);
  });

  it('answers 400 for an overlong name', async () => {
    const r = await harness().invoke({ path: '/api/hello', query: { name: 'a'.repeat(101) } });
    expect(r.status).toBe(400);
    expect(r.json.error.message).toBe('name: at most 100 characters');
  });

  it('takes the greeting from the API secret', async () => {
    const r = await harness({ secret: new StaticSecretReader('{"greeting":"Bonjour","other":"ignored"}') }).invoke({
      path: '/api/hello',
      query: { name: 'Ada' },
    });
    expect(r.json).toEqual({ message: 'Bonjour, Ada!' });
  });

  it('fails with a 500 that does not reveal the secret when the secret is malformed', async () => {
    const h = harness({ secret: new StaticSecretReader('{"greting":"s3cr3t-value"}') });
    const r = await h.invoke({ path: '/api/hello', query: { name: 'Ada' } });
    expect(r.status).toBe(500);
    expect(r.body).not.toContain('s3cr3t');
    expect(JSON.stringify(h.logger.lines)).not.toContain('s3cr3t');
    expect(h.logger.lines.some((l) => l.level === 'error')).toBe(true);
  });
});
