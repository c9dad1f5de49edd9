import * as os from 'node:os';
import * as path from 'node:path';
import { EDGE_REGION as CONFIG_EDGE_REGION } from '../../config/regions';
import { LAMBDA_EDGE_REGION } from '../../constructs/edge-function';
import { EDGE_REGION, resourceNames } from '../../lib/resource-names';
import { EDGE_REGION as STACK_EDGE_REGION } from '../../stacks/naming';
import { resource, synthApp, testConfig } from '../stacks/synth-helpers';

describe('resourceNames()', () => {
  it('is the one edge region everywhere', () => {
    expect([CONFIG_EDGE_REGION, LAMBDA_EDGE_REGION, STACK_EDGE_REGION]).toEqual([EDGE_REGION, EDGE_REGION, EDGE_REGION]);
  });

  it('names what the stacks create (the stacks and the API trust agree on the edge role)', () => {
    const names = resourceNames('dev');
    const app = synthApp(testConfig('dev'));
    expect(resource(app.backend, 'aws_dynamodb_table', 'books_table').name).toBe(names.booksTable);
    expect(resource(app.backend, 'aws_lambda_function', 'api_function').function_name).toBe(names.apiFunction);
    expect(resource(app.backend, 'aws_lambda_function', 'worker_function').function_name).toBe(names.workerFunction);
    expect(resource(app.backend, 'aws_secretsmanager_secret', 'api_secret').name).toBe(names.apiSecret);
    expect(resource(app.edge, 'aws_lambda_function', 'edge_function').function_name).toBe(names.edgeFunction);
    expect(resource(app.edge, 'aws_iam_role', 'edge_role').name).toBe(names.edgeRole);
    expect(resource(app.edge, 'aws_cloudwatch_log_group', 'edge_log_group').name).toBe(names.edgeLogGroup);
    expect(resource(app.backend, 'aws_lambda_function', 'api_function').environment.variables.SFU_EDGE_ROLE_ARN).toMatch(
      new RegExp(`:role/${names.edgeRole}$`),
    );
  });
});

describe('the local chain and the stacks agree on names', () => {
  it('signs as a session of the edge role and runs the API under its function name', async () => {
    const { startChain } = await import('../../local/chain');
    const { loadConfig } = await import('../../config/load');
    const fs = await import('node:fs');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sfu-names-'));
    const seen: string[] = [];
    const chain = await startChain({
      config: loadConfig('dev'),
      buildDir: path.join(dir, 'build'),
      keyPath: path.join(dir, 'key.pem'),
      log: (_s, line) => seen.push(line),
    });
    try {
      const token = chain.issuer.issue({ sub: 'ada', groups: [] });
      const res = await fetch(`${chain.entryUrl}/api/me`, { headers: { authorization: `Bearer ${token}` } });
      const body = (await res.json()) as { iam: { userArn: string } };
      const names = resourceNames('dev');
      expect(body.iam.userArn).toBe(`arn:aws:sts::000000000000:assumed-role/${names.edgeRole}/${EDGE_REGION}.${names.edgeFunction}`);
      expect(seen.join('\n')).toContain(`"function_name":"${names.apiFunction}"`);
    } finally {
      await chain.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
