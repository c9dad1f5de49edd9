/**
 * Start-up: read config.json (the environment), build the sign-in manager
 * with session storage, render the app. A broken config shows what is wrong.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { UserManager, WebStorageStateStore } from 'oidc-client-ts';
import { App } from './App';
import { createUserManager } from './auth';
import { loadWebConfig } from './config';
import './styles.css';

async function start(): Promise<void> {
  const root = createRoot(document.getElementById('root') as HTMLElement);
  try {
    const config = await loadWebConfig((url, init) => window.fetch(url, init), window.location.origin);
    const users = createUserManager(config, { UserManager, WebStorageStateStore, sessionStorage: window.sessionStorage });
    root.render(
      <StrictMode>
        <App config={config} users={users} />
      </StrictMode>,
    );
  } catch (e) {
    root.render(
      <main id="main" className="page">
        <h1>The app cannot start</h1>
        <p role="alert" className="error">
          {e instanceof Error ? e.message : String(e)}
        </p>
      </main>,
    );
  }
}

void start();
