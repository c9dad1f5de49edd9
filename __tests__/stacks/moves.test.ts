/**
 * Renames: stacks/moves.ts records them and applyMoves turns each into a
 * `moved` block on the renamed resource (cdktf moveFromId).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Testing } from 'cdktf';
import { buildApp } from '../../stacks/app';
import { applyMoves, MOVES } from '../../stacks/moves';
import { STACK_ROLES } from '../../stacks/naming';
import { parseAddressFile } from './address-file';
import { synthJson, testConfig } from './synth-helpers';

const backendOf = () => buildApp(Testing.app(), testConfig('dev')).backend;

describe('applyMoves', () => {
  it('emits a moved block from the old address to the renamed resource, which stays in the output', () => {
    const backend = backendOf();
    applyMoves(backend, [{ from: 'aws_dynamodb_table.table', to: 'aws_dynamodb_table.books_table', reason: 'construct id table -> books_table' }]);
    const json = synthJson(backend);
    expect(json.moved).toEqual([{ from: 'aws_dynamodb_table.table', to: 'aws_dynamodb_table.books_table' }]);
    expect(json.resource.aws_dynamodb_table.books_table.name).toBe('dev-books');
    expect(json.resource.aws_dynamodb_table.table).toBeUndefined();
  });

  it('emits nothing when there is no move', () => {
    const backend = backendOf();
    applyMoves(backend, []);
    expect(synthJson(backend).moved).toBeUndefined();
  });

  it.each([
    [{ from: 'aws_dynamodb_table.old', to: 'aws_dynamodb_table.nope' }, /moved to aws_dynamodb_table\.nope, which this stack does not have/],
    [{ from: 'aws_sqs_queue.worker_dlq', to: 'aws_sqs_queue.messages_dlq' }, /moved from aws_sqs_queue\.worker_dlq, which this stack still has/],
    [{ from: 'aws_s3_bucket.table', to: 'aws_dynamodb_table.books_table' }, /cannot change the resource type/],
    [{ from: 'books_table', to: 'aws_dynamodb_table.books_table' }, /not a resource address/],
  ])('refuses %j', (move, expected) => {
    expect(() => applyMoves(backendOf(), [{ ...move, reason: 'test' }])).toThrow(expected);
  });
});

describe('MOVES (the recorded renames)', () => {
  it('has an entry list for every stack', () => {
    expect(Object.keys(MOVES).sort()).toEqual([...STACK_ROLES].sort());
  });

  it.each(['dev', 'prod'])('agrees with __addresses__/%s.txt: every target listed, no source left', (env) => {
    const listed = parseAddressFile(fs.readFileSync(path.join(__dirname, '__addresses__', `${env}.txt`), 'utf8'));
    for (const role of STACK_ROLES) {
      const addresses = listed.get(`${env}-${role}`) ?? [];
      for (const m of MOVES[role]) {
        expect(addresses).toContain(m.to);
        expect(addresses).not.toContain(m.from);
      }
    }
  });
});
