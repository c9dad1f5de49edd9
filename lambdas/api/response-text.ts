/**
 * The body text of responses the app built from a string it still knows
 * (its `c.json`, see app.ts), so the Lambda adapter can put that string in
 * the payload-2.0 result instead of reading it back out of the body stream
 * (lambda.ts). Keyed by the body's stream, not the Response: Hono re-wraps a
 * handler's response around the same stream when middleware touched `c.res`
 * first (`new Response(res.body, res)`, as its CORS middleware does), and the
 * text is still exactly that stream's content as long as nobody read it.
 */

const texts = new WeakMap<ReadableStream<Uint8Array>, string>();

/** Records that `response`'s body is exactly the UTF-8 encoding of `text`. */
export function recordBodyText(response: Response, text: string): void {
  if (response.body) texts.set(response.body, text);
}

/** The text `response.text()` would give, when it is known without reading the body; undefined otherwise. */
export function knownBodyText(response: Response): string | undefined {
  const body = response.body;
  return body && !response.bodyUsed ? texts.get(body) : undefined;
}
