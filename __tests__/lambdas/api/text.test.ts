/**
 * Text fields mean what the OpenAPI document says (JSON Schema counts code
 * points; `pattern` needs one character `trim` keeps): lengths in characters,
 * not UTF-16 code units, measured as sent, then trimmed. Found by comparing
 * the document with the API (issue 12): a 200-emoji title was refused as
 * longer than 200 characters.
 */
import { codePoints, NOT_BLANK, textField } from '../../../lambdas/api/text';
import { ADMIN, harness } from './harness';

describe('codePoints', () => {
  it.each([
    ['', 0],
    ['abc', 3],
    ['😀', 1],
    ['a😀b', 3],
    ['\ud800', 1],
    ['\udc00\ud800', 2],
    ['é', 1],
  ])('%j has %i', (s, n) => expect(codePoints(s)).toBe(n));

  it('equals the length of the code point iteration', () => {
    for (const s of ['x'.repeat(5), '😀'.repeat(7), 'a\ud800b\udfff😀']) expect(codePoints(s)).toBe([...s].length);
  });
});

describe('NOT_BLANK', () => {
  it('accepts exactly the strings that trim does not empty', () => {
    const samples = [
      '',
      ' ',
      '\t\n\v\f\r',
      '\u00a0\u1680\u2000\u200a\u2028\u2029\u202f\u205f\u3000\ufeff',
      '\u180e',
      '\u0085',
      '\x1c',
      'a',
      ' a ',
      '\u200b',
      '\0',
    ];
    for (const s of samples) expect([s, NOT_BLANK.test(s)]).toEqual([s, s.trim() !== '']);
  });
});

describe('textField', () => {
  const f = textField(5);
  it.each([
    ['abc', 'abc'],
    [' ab ', 'ab'],
    ['😀😀😀😀😀', '😀😀😀😀😀'],
  ])('accepts %j as %j', (input, out) => expect(f.parse(input)).toBe(out));

  it.each([[''], ['   '], ['abcdef'], ['😀😀😀😀😀😀'], [' abcd '], [7]])('refuses %j', (input) => expect(f.safeParse(input).success).toBe(false));
});

describe('the limits through the API', () => {
  it('takes a title of 200 emoji (200 characters, 400 UTF-16 code units) and refuses 201 characters', async () => {
    const h = harness();
    const ok = await h.invoke({ method: 'POST', path: '/api/books', claims: ADMIN, body: { title: '😀'.repeat(200), author: 'A' } });
    expect(ok.status).toBe(201);
    const long = await h.invoke({ method: 'POST', path: '/api/books', claims: ADMIN, body: { title: `${'😀'.repeat(200)}x`, author: 'A' } });
    expect(long.status).toBe(400);
    expect(long.json.error.message).toBe('title: a string of 1-200 characters');
  });

  it('measures the value as sent: 200 characters plus surrounding spaces is too long', async () => {
    const r = await harness().invoke({ method: 'POST', path: '/api/books', claims: ADMIN, body: { title: ` ${'t'.repeat(200)} `, author: 'A' } });
    expect(r.status).toBe(400);
    expect(r.json.error.message).toBe('title: a string of 1-200 characters');
  });

  it('counts the name of /hello in characters too', async () => {
    const h = harness();
    expect((await h.invoke({ path: '/api/hello', query: { name: '😀'.repeat(100) } })).status).toBe(200);
    expect((await h.invoke({ path: '/api/hello', query: { name: '😀'.repeat(101) } })).json.error.message).toBe('name: at most 100 characters');
  });
});
