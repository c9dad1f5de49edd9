/**
 * The app shell: the session (signed out, signing in, signed in), the
 * header with sign-out, and the pages. A 401 from the API ends the session:
 * the user is sent back to the sign-in screen with the API's message, and
 * signing in again returns to the page they were on.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { User, UserManager } from 'oidc-client-ts';
import { ApiError, createApiClient } from './api';
import { bearerToken, displayIdentity, isSigninCallback, logoutUrl, returnPathOf, signinState } from './auth';
import type { WebConfig } from './config';
import { BookPage } from './BookPage';
import { Home } from './Home';
import { Heading } from './ui';
import { bookIdOf, linkHandler, navigate, usePath } from './router';

type Session =
  | { readonly phase: 'starting' }
  | { readonly phase: 'signed-out'; readonly notice?: { readonly kind: 'expired' | 'failed'; readonly message: string } }
  | { readonly phase: 'signed-in'; readonly user: User };

let startup: Promise<User | null> | undefined;
/** Reads the session once per page load (the sign-in callback's code is single-use, even under StrictMode's double effects). */
function startSession(config: WebConfig, users: UserManager): Promise<User | null> {
  if (!startup) {
    startup = isSigninCallback(window.location.href, config)
      ? users.signinCallback().then((user) => {
          navigate(user ? returnPathOf(user) : '/', { replace: true });
          return user ?? null;
        })
      : users.getUser();
  }
  return startup;
}

export function App({ config, users }: { config: WebConfig; users: UserManager }) {
  const [session, setSession] = useState<Session>({ phase: 'starting' });
  const [redirecting, setRedirecting] = useState(false);
  const path = usePath();
  const userRef = useRef<User | null>(null);
  userRef.current = session.phase === 'signed-in' ? session.user : null;

  useEffect(() => {
    startSession(config, users).then(
      (user) => setSession(user ? { phase: 'signed-in', user } : { phase: 'signed-out' }),
      (e: unknown) => {
        navigate('/', { replace: true });
        setSession({ phase: 'signed-out', notice: { kind: 'failed', message: `Sign-in failed: ${e instanceof Error ? e.message : String(e)}` } });
      },
    );
  }, [config, users]);

  const onUnauthorized = useCallback(
    (error: ApiError) => {
      void users.removeUser();
      setSession({ phase: 'signed-out', notice: { kind: 'expired', message: error.message } });
    },
    [users],
  );

  const api = useMemo(
    () =>
      createApiClient({
        basePath: config.apiBasePath,
        fetch: (url, init) => window.fetch(url, init),
        token: () => bearerToken(userRef.current, config.tokenUse),
        onUnauthorized,
      }),
    [config, onUnauthorized],
  );

  const signIn = async () => {
    setRedirecting(true);
    try {
      await users.signinRedirect({ state: signinState(window.location.pathname + window.location.search) });
    } catch (e) {
      setRedirecting(false);
      setSession({ phase: 'signed-out', notice: { kind: 'failed', message: `Sign-in could not start: ${e instanceof Error ? e.message : String(e)}` } });
    }
  };

  const signOut = async () => {
    setRedirecting(true);
    await users.removeUser();
    window.location.assign(logoutUrl(config));
  };

  const identity = session.phase === 'signed-in' ? displayIdentity(session.user) : undefined;
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <a className="brand" href="/" onClick={linkHandler('/')}>
          Books
        </a>
        {identity && (
          <div className="account">
            <span className="who">
              Signed in as <strong>{identity.name}</strong>
              {identity.groups.length > 0 && <> ({identity.groups.join(', ')})</>}
            </span>
            <button type="button" className="secondary" onClick={() => void signOut()} disabled={redirecting}>
              Sign out
            </button>
          </div>
        )}
      </header>
      <main id="main" className="page" tabIndex={-1}>
        {session.phase === 'starting' && <p role="status">Loading…</p>}
        {session.phase === 'signed-out' && <SignedOut notice={session.notice} redirecting={redirecting} onSignIn={() => void signIn()} />}
        {session.phase === 'signed-in' && <SignedInPage path={path} api={api} username={identity?.name ?? ''} />}
      </main>
    </>
  );
}

function SignedOut({
  notice,
  redirecting,
  onSignIn,
}: {
  notice?: { kind: 'expired' | 'failed'; message: string };
  redirecting: boolean;
  onSignIn: () => void;
}) {
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    // After a session ended, the next step is to sign in again: put the focus there.
    if (notice) button.current?.focus();
  }, [notice]);
  return (
    <section aria-labelledby="signed-out-title">
      <Heading id="signed-out-title">Welcome</Heading>
      {notice?.kind === 'expired' && (
        <div role="alert" className="error">
          <p>
            Your session has ended: <strong>{notice.message}</strong>
          </p>
          <p>Sign in again to continue where you were.</p>
        </div>
      )}
      {notice?.kind === 'failed' && (
        <p role="alert" className="error">
          {notice.message}
        </p>
      )}
      <p>
        A small library of books behind CloudFront, a Lambda@Edge token check and a Lambda function URL. Sign in to see who the API thinks you are and to read
        or change the books your groups allow.
      </p>
      <button ref={button} type="button" className="primary" onClick={onSignIn} disabled={redirecting}>
        {redirecting ? 'Opening sign-in…' : 'Sign in'}
      </button>
    </section>
  );
}

function SignedInPage({ path, api, username }: { path: string; api: ReturnType<typeof createApiClient>; username: string }) {
  if (path === '/') return <Home api={api} username={username} />;
  const id = bookIdOf(path);
  if (id !== undefined) return <BookPage key={id} api={api} id={id} />;
  return (
    <section aria-labelledby="not-found-title">
      <Heading id="not-found-title">Page not found</Heading>
      <p>
        There is nothing at <code>{path}</code>.{' '}
        <a href="/" onClick={linkHandler('/')}>
          Go to the books
        </a>
        .
      </p>
    </section>
  );
}
