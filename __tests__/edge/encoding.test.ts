import fc from 'fast-check';
import { canonicalizePath, parseQueryString, rfc3986Encode, serializeQuery, strictDecode, toQueryBag } from '../../edge/encoding';

describe('rfc3986Encode', () => {
  it('leaves only unreserved characters literal', () => {
    expect(rfc3986Encode("AZaz09-._~ !*'()+/%?#[]@&=$,;:é✓")).toBe('AZaz09-._~%20%21%2A%27%28%29%2B%2F%25%3F%23%5B%5D%40%26%3D%24%2C%3B%3A%C3%A9%E2%9C%93');
  });

  it('round-trips through decodeURIComponent (property)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => decodeURIComponent(rfc3986Encode(s)) === s));
  });
});

describe('strictDecode', () => {
  it.each(['%', '%2', '%zz', '%C3', '%E2%9C', '%FF'])('refuses %s', (v) => expect(strictDecode(v)).toBeUndefined());
  it('decodes valid escapes and passes raw characters', () => expect(strictDecode('a%20b+ü')).toBe('a b+ü'));
});

describe('canonicalizePath', () => {
  it.each([
    ['/', '/'],
    ['//', '/'],
    ['/api', '/api'],
    ['/api/', '/api/'],
    ['/api//books///1//', '/api/books/1/'],
    ['/api/%7e%41', '/api/~A'],
    ['/api/a%2fb', '/api/a%2Fb'],
    ['/api/a b', '/api/a%20b'],
    ['/api/(x)', '/api/%28x%29'],
    ['/api/%25', '/api/%25'],
    ['/api/...', '/api/...'],
  ])('%s -> %s', (uri, expected) => {
    expect(canonicalizePath(uri)).toEqual({ ok: true, value: expected });
  });

  it.each(['', 'api', '/api/.', '/api/..', '/api/%2E/x', '/api/%2e%2E/x', '/api/%', '/api/%g0', '/api/%C3%28'])('refuses %j', (uri) => {
    expect(canonicalizePath(uri).ok).toBe(false);
  });

  it('is idempotent (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', minLength: 1 }), { maxLength: 5 }), (segments) => {
        fc.pre(segments.every((s) => s !== '.' && s !== '..'));
        const once = canonicalizePath(`/${segments.map(encodeURIComponent).join('/')}`);
        if (!once.ok) return false;
        const twice = canonicalizePath(once.value);
        return twice.ok && twice.value === once.value;
      }),
    );
  });
});

describe('parseQueryString / serializeQuery / toQueryBag', () => {
  it('reads + as a space, keeps order, repeated keys and empty values', () => {
    expect(parseQueryString('a=1+2&b=%2B&a=&flag&&=v')).toEqual({
      ok: true,
      value: [
        ['a', '1 2'],
        ['b', '+'],
        ['a', ''],
        ['flag', ''],
        ['', 'v'],
      ],
    });
  });

  it('can read + literally', () => {
    expect(parseQueryString('a=1+2', false)).toEqual({ ok: true, value: [['a', '1+2']] });
  });

  it('splits at the first = only', () => {
    expect(parseQueryString('a=b=c')).toEqual({ ok: true, value: [['a', 'b=c']] });
  });

  it('refuses malformed escapes', () => {
    expect(parseQueryString('a=%')).toMatchObject({ ok: false });
    expect(parseQueryString('%zz=1')).toMatchObject({ ok: false });
  });

  it('serialises in the strict form, in order', () => {
    expect(
      serializeQuery([
        ['b', 'x y'],
        ['a', '+'],
        ['a', ''],
      ]),
    ).toBe('b=x%20y&a=%2B&a=');
  });

  it('builds a bag with arrays for repeated keys and an ordinary __proto__ key', () => {
    const bag = toQueryBag([
      ['a', '1'],
      ['b', ''],
      ['a', '2'],
      ['a', '3'],
      ['__proto__', 'x'],
    ]);
    expect(Object.keys(bag)).toEqual(['a', 'b', '__proto__']);
    expect(bag.a).toEqual(['1', '2', '3']);
    expect(bag.b).toBe('');
    expect(bag.__proto__).toBe('x');
    expect(Object.getPrototypeOf(bag)).toBeNull();
  });

  it('serialise -> parse gives the same pairs (property)', () => {
    const pair = fc.tuple(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' })).filter(([k, v]) => k !== '' || v !== '');
    fc.assert(
      fc.property(fc.array(pair, { maxLength: 8 }), (pairs) => {
        const parsed = parseQueryString(serializeQuery(pairs));
        return parsed.ok && JSON.stringify(parsed.value) === JSON.stringify(pairs);
      }),
    );
  });
});
