import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { webhookQueueKeys } from '../../src/webhooks/redis-webhook-queue.js';
import { startTestRedis } from '../helpers/redis-server.js';
import { validConfig } from '../helpers/valid-config.js';

const CLI = fileURLToPath(new URL('../../src/webhooks/webhooks-cli.js', import.meta.url));

function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], (err, stdout, stderr) => resolve({ code: err === null ? 0 : Number(err.code), stdout, stderr }));
  });
}

function configFile(store: Record<string, unknown>): string {
  const file = join(mkdtempSync(join(tmpdir(), 'zlp-config-')), 'config.json');
  writeFileSync(file, JSON.stringify({ ...validConfig(), store }));
  return file;
}

test('npm run webhooks: dead-letters lists them (no body), retry queues one again once; the memory store has none', async (t) => {
  const redis = await startTestRedis(t);
  if (redis === undefined) return;
  const keys = webhookQueueKeys('zlp-cli:');
  const body = JSON.stringify({ event: 'meeting.started', payload: { object: { topic: 'BODY-MARKER' } } });
  const letterId = (await redis.command(
    'XADD', keys.dead, '*', 'id', 'msg_dead', 'account', 'zoom', 'label', '', 'event', 'meeting.started', 'subscriber', 'crm',
    'attempts', '9', 'first', '1765000000000', 'body', body, 'outcome', 'refused', 'deadAt', '1765086400000',
  )) as string;
  const file = configFile({ type: 'redis', url: redis.url, keyPrefix: 'zlp-cli:' });

  const listed = await runCli(['--config', file, 'dead-letters']);
  assert.equal(listed.code, 0, listed.stderr);
  assert.deepEqual(listed.stdout.trim().split('\n').map((line) => JSON.parse(line) as unknown), [{
    deadLetterId: letterId, webhookId: 'msg_dead', subscriber: 'crm', event: 'meeting.started', account: 'zoom', attempts: 9, outcome: 'refused',
    firstQueuedAt: '2025-12-06T05:46:40.000Z', deadAt: '2025-12-07T05:46:40.000Z',
  }]);
  assert.ok(!listed.stdout.includes('BODY-MARKER'));

  const retried = await runCli(['--config', file, 'retry', letterId]);
  assert.equal(retried.code, 0, retried.stderr);
  assert.equal(retried.stdout, `queued again: ${letterId}\n`);
  assert.equal(await redis.command('XLEN', keys.dead), 0);
  const queued = (await redis.command('XRANGE', keys.stream, '-', '+')) as [string, string[]][];
  assert.equal(queued.length, 1);
  const fields = queued[0]?.[1] ?? [];
  assert.equal(fields[fields.indexOf('attempts') + 1], '0');
  assert.equal(fields[fields.indexOf('body') + 1], body);

  const again = await runCli(['--config', file, 'retry', letterId]);
  assert.equal(again.code, 1);
  assert.equal(again.stdout, `no dead letter ${letterId}\n`);

  const memory = await runCli(['--config', configFile({ type: 'memory' }), 'dead-letters']);
  assert.equal(memory.code, 2);
  assert.match(memory.stderr, /store\.type is "memory"/);
  assert.equal((await runCli(['--config', file, 'purge'])).code, 2);
});
