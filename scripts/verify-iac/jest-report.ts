/**
 * Reads jest's `--json` report for the extended tier's cdktn and Node matrix
 * steps (built to dist/ by scripts/build.js; plain Node, no dependencies):
 *
 *   jest-report.js REPORT.json [--expect-provider-source]
 *
 * Prints `suites=N tests=N passed=N failed=N expected=N` and, for each
 * failure, the suite, the test and the first lines of its message. Exit 0
 * when every failure is expected, else 1 (also when a suite failed to run).
 *
 * --expect-provider-source: a failed assertion is expected when its diff
 * changes nothing but `"source": "<name>"` to `"source": "hashicorp/<name>"`:
 * tests that pin cdktf's unqualified provider source (the documented cdktn
 * difference, cdktn-differences.txt); the move to cdktn updates them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

interface AssertionResult {
  readonly status: string;
  readonly fullName: string;
  readonly failureMessages?: readonly string[];
}
interface SuiteResult {
  readonly name: string;
  readonly status: string;
  readonly message?: string;
  readonly assertionResults: readonly AssertionResult[];
}
interface Report {
  readonly numTotalTestSuites: number;
  readonly numTotalTests: number;
  readonly numPassedTests: number;
  readonly numFailedTests: number;
  readonly numPendingTests: number;
  readonly testResults: readonly SuiteResult[];
}

// eslint-disable-next-line no-control-regex -- jest's ANSI colour codes
const stripAnsi = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '');

/** True when a failure's diff only qualifies provider sources ("aws" -> "hashicorp/aws"). */
export function onlyProviderSource(message: string): boolean {
  const text = stripAnsi(message);
  const minus: string[] = [];
  const plus: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*([-+])\s{2,}(.*?),?\s*$/.exec(line);
    if (!m) continue;
    if (/^(Expected|Received)\b/.test(m[2])) continue;
    (m[1] === '-' ? minus : plus).push(m[2]);
  }
  if (minus.length === 0 || minus.length !== plus.length) return false;
  return minus.every((line, i) => {
    const a = /^"source": "([a-z0-9-]+)"$/.exec(line);
    return a !== null && plus[i] === `"source": "hashicorp/${a[1]}"`;
  });
}

export function main(argv: readonly string[]): number {
  const file = argv[0];
  if (!file) {
    process.stderr.write('usage: jest-report.js REPORT.json [--expect-provider-source]\n');
    return 2;
  }
  const expectSource = argv.includes('--expect-provider-source');
  const report = JSON.parse(fs.readFileSync(file, 'utf8')) as Report;
  const say = (s: string) => process.stderr.write(`    ${s}\n`);
  let expected = 0;
  let unexpected = 0;
  for (const suite of report.testResults) {
    const rel = path.relative(process.cwd(), suite.name);
    const failedTests = suite.assertionResults.filter((a) => a.status === 'failed');
    if (suite.status === 'failed' && failedTests.length === 0) {
      unexpected++;
      say(
        `FAILED suite ${rel}: ${stripAnsi(suite.message ?? '')
          .split('\n')
          .filter(Boolean)
          .slice(0, 6)
          .join(' | ')}`,
      );
    }
    for (const t of failedTests) {
      const msg = (t.failureMessages ?? []).join('\n');
      if (expectSource && onlyProviderSource(msg)) {
        expected++;
        say(`expected failure ${rel} > ${t.fullName}: asserts cdktf's provider source; cdktn writes "hashicorp/<name>" (documented difference)`);
      } else {
        unexpected++;
        say(`FAILED ${rel} > ${t.fullName}: ${stripAnsi(msg).split('\n').filter(Boolean).slice(0, 8).join(' | ')}`);
      }
    }
  }
  process.stdout.write(
    `suites=${report.numTotalTestSuites} tests=${report.numTotalTests} passed=${report.numPassedTests} failed=${report.numFailedTests} pending=${report.numPendingTests} expected=${expected} unexpected=${unexpected}\n`,
  );
  return unexpected === 0 ? 0 : 1;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`jest-report: ${(e as Error).message}\n`);
    process.exitCode = 1;
  }
}
