/**
 * The Lambda@Edge bundle entry. `config.json` is NOT bundled: the bundler
 * leaves `require('./config.json')` as it is (see packaging/edge-bundle-options.ts) and the
 * edge stack puts the baked file beside `index.js` in the package, so a
 * change of any configured value changes the zip and publishes a new version.
 * Everything in `createHandler` runs once, at cold start.
 */
import type { EdgeConfig } from './config';
import { createHandler } from './handler';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- config.json is not bundled: it is read from beside index.js at cold start
const config = require('./config.json') as EdgeConfig;

export const handler = createHandler(config);
