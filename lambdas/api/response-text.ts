/**
 * The API's JSON responses, and their body text for the Lambda adapter.
 *
 * 1. `lightResponses(build)` runs `build` (the app's `c.json`, which calls
 *    Hono's `c.newResponse` synchronously) with `new Response(...)` making
 *    a {@link LightResponse}: Hono decides the status and merges the headers
 *    exactly as ever, and nothing else can run while the global is swapped
 *    (it is restored before `build` returns). A LightResponse holds the JSON
 *    text, status and headers; the first use of anything else (body, text(),
 *    clone(), ...) builds the real Response from them, as Hono would have,
 *    and hands over to it. Node 20's Response costs ~15 us a request (a
 *    ReadableStream, made transferable, per body), most of the API's time.
 * 2. `knownBodyText(res)` gives the text `res.text()` would give, without
 *    reading a body: a LightResponse's own text, or the text recorded for a
 *    real response's body stream (a LightResponse made real, or re-wrapped by
 *    Hono around the same stream: `new Response(res.body, res)`).
 */

const RealResponse = globalThis.Response;
/** Statuses whose responses cannot have a body (the Response constructor refuses one). */
const NULL_BODY_STATUS: ReadonlySet<number> = new Set([101, 103, 204, 205, 304]);
const texts = new WeakMap<ReadableStream<Uint8Array>, string>();

/** Records that `response`'s body stream is exactly the UTF-8 encoding of `text`. */
export function recordBodyText(response: Response, text: string): void {
  if (LightResponse.isLight(response)) return; // knows its text
  if (response.body) texts.set(response.body, text);
}

/** The text `response.text()` would give, when it is known without reading the body; undefined otherwise. */
export function knownBodyText(response: Response): string | undefined {
  const light = LightResponse.textOf(response);
  if (light !== undefined) return light;
  const body = response.body;
  return body && !response.bodyUsed ? texts.get(body) : undefined;
}

/** Runs `build` with `new Response(...)` making LightResponses (see the module comment). */
export function lightResponses<T>(build: () => T): T {
  const global = globalThis as { Response: typeof Response };
  global.Response = LightResponse as unknown as typeof Response;
  try {
    return build();
  } finally {
    global.Response = RealResponse;
  }
}

type HeadersInit = ConstructorParameters<typeof Headers>[0];
type BodyInit = ConstructorParameters<typeof Response>[0];
type ResponseInit = ConstructorParameters<typeof Response>[1];

interface Init {
  status?: unknown;
  headers?: HeadersInit;
}

/**
 * A Response in waiting: a string body with a valid non-null-body status and
 * headers; anything else is made a real Response by the constructor.
 */
export class LightResponse {
  // (Assigned in the constructor unless it returns a real Response instead.)
  readonly #text!: string;
  readonly #status!: number;
  readonly #headers!: Headers;
  #real: Response | undefined;

  constructor(body?: unknown, init?: Init) {
    const status = init?.status === undefined ? 200 : init.status;
    const plainInit = init === undefined || (typeof init === 'object' && Object.keys(init).every((k) => k === 'status' || k === 'headers'));
    if (typeof body !== 'string' || !plainInit || typeof status !== 'number' || !Number.isInteger(status) || status < 200 || status > 599 || NULL_BODY_STATUS.has(status)) {
      // The real constructor decides (and throws) as ever.
      return new RealResponse(body as BodyInit, init as ResponseInit) as unknown as LightResponse;
    }
    // As the real constructor: the same header validation, and text/plain for a string body without a type.
    const headers = new Headers(init?.headers);
    if (!headers.has('content-type')) headers.set('content-type', 'text/plain;charset=UTF-8');
    this.#text = body;
    this.#status = status;
    this.#headers = headers;
  }

  static isLight(value: unknown): value is LightResponse {
    return typeof value === 'object' && value !== null && #text in value;
  }

  /** The body text of a LightResponse not yet made real; undefined otherwise. */
  static textOf(value: unknown): string | undefined {
    return LightResponse.isLight(value) && !value.#real ? value.#text : undefined;
  }

  /** The real Response (built once, from the text, status and headers as they are now). */
  real(): Response {
    if (!this.#real) {
      this.#real = new RealResponse(this.#text, { status: this.#status, headers: this.#headers });
      if (this.#real.body) texts.set(this.#real.body, this.#text);
    }
    return this.#real;
  }

  get status(): number {
    return this.#real ? this.#real.status : this.#status;
  }
  get ok(): boolean {
    return this.#real ? this.#real.ok : this.#status >= 200 && this.#status <= 299;
  }
  get statusText(): string {
    return this.#real ? this.#real.statusText : '';
  }
  get headers(): Headers {
    return this.#real ? this.#real.headers : this.#headers;
  }
  get bodyUsed(): boolean {
    return this.#real ? this.#real.bodyUsed : false;
  }
  get type(): Response['type'] {
    return this.#real ? this.#real.type : 'default';
  }
  get url(): string {
    return this.#real ? this.#real.url : '';
  }
  get redirected(): boolean {
    return this.#real ? this.#real.redirected : false;
  }

  static {
    // Every other Response member (body, text(), arrayBuffer(), clone(), ...) is the real Response's.
    const own = new Set<PropertyKey>(['constructor', 'status', 'ok', 'statusText', 'headers', 'bodyUsed', 'type', 'url', 'redirected', Symbol.toStringTag]);
    for (const key of Reflect.ownKeys(RealResponse.prototype)) {
      if (own.has(key)) continue;
      const d = Object.getOwnPropertyDescriptor(RealResponse.prototype, key) as PropertyDescriptor;
      if (typeof d.value === 'function') {
        Object.defineProperty(LightResponse.prototype, key, {
          value(this: LightResponse, ...args: unknown[]) {
            return (this.real() as unknown as Record<PropertyKey, (...a: unknown[]) => unknown>)[key as string](...args);
          },
          writable: true,
          configurable: true,
        });
      } else if (d.get) {
        Object.defineProperty(LightResponse.prototype, key, {
          get(this: LightResponse) {
            return (this.real() as unknown as Record<PropertyKey, unknown>)[key as string];
          },
          configurable: true,
        });
      }
    }
    // `instanceof Response` holds and Object.prototype.toString says Response, as for the real object;
    // Response.json() & co. stay reachable from the constructor.
    Object.setPrototypeOf(LightResponse.prototype, RealResponse.prototype);
    Object.setPrototypeOf(LightResponse, RealResponse);
  }
}
