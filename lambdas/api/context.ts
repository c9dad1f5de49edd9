/**
 * The Hono environment of the API: what the aws-lambda adapter passes in
 * (`c.env`: the payload-2.0 event and the Lambda context; absent when the app
 * is called with `app.fetch` directly) and what the app's middleware sets per
 * request (`c.var`).
 */
import type { Context as LambdaContext, LambdaFunctionURLEvent } from 'aws-lambda';
import type { Context } from 'hono';
import type { RequestIdentity } from './identity';

export interface Bindings {
  readonly event?: LambdaFunctionURLEvent;
  readonly lambdaContext?: LambdaContext;
}

export interface Variables {
  requestId: string;
  identity: RequestIdentity;
}

export interface AppEnv {
  Bindings: Bindings;
  Variables: Variables;
}

export type AppContext = Context<AppEnv>;

/** The function URL event, when the request came through the Lambda adapter. */
export function eventOf(c: AppContext): LambdaFunctionURLEvent | undefined {
  return (c.env as Bindings | undefined)?.event;
}

/** The Lambda context, when the request came through the Lambda adapter. */
export function lambdaContextOf(c: AppContext): LambdaContext | undefined {
  return (c.env as Bindings | undefined)?.lambdaContext;
}
