/**
 * A very small client-side router: the path is the state, links push
 * history entries, the back button works. Deep links reach index.html
 * through the distribution's default behaviour (a CloudFront Function
 * rewrites paths without a file extension; the local stand-in does the same).
 */
import { useEffect, useState, type MouseEvent } from 'react';

const listeners = new Set<() => void>();

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  for (const l of listeners) l();
}

/** The current path (without query), re-rendering on navigation and back/forward. */
export function usePath(): string {
  const [path, setPath] = useState(() => window.location.pathname);
  useEffect(() => {
    const update = () => setPath(window.location.pathname);
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return path;
}

/** onClick for an <a href>: navigates in the app on a plain left click, lets the browser handle the rest (new tab...). */
export function linkHandler(path: string) {
  return (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(path);
  };
}

/** `/books/<id>` -> the id. */
export function bookIdOf(path: string): string | undefined {
  const m = /^\/books\/([^/]+)\/?$/.exec(path);
  if (!m) return undefined;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return undefined;
  }
}

export const bookPath = (id: string) => `/books/${encodeURIComponent(id)}`;
