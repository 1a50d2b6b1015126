import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Agent, type Dispatcher } from 'undici';
import type { UpstreamResponse } from '../../../src/passthrough/upstream-response.js';
import { createForwarder } from '../../../src/passthrough/forwarder.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** An undici Agent that keeps every handler it was given, as undici itself still does for a while after an exchange. */
class HoldingAgent extends Agent {
  readonly held: Dispatcher.DispatchHandler[] = [];
  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    this.held.push(handler);
    return super.dispatch(options, handler);
  }
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

test('a handler undici still holds after the exchange does not keep Zoom\'s answer (nor what it holds) alive', async () => {
  const zoom = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ id: 1, topic: 'x'.repeat(2000) }));
  });
  const dispatcher = new HoldingAgent();
  const proxy = createForwarder({ apiUrl: `${await listen(zoom)}/v2`, timeoutMs: 5000, dispatcher });
  const answers: Array<WeakRef<UpstreamResponse>> = [];
  const front = createServer((req, res) => {
    void (async () => {
      const answer = await proxy.forward(req, res, { path: '/v2/meetings/1', token: 'canary-token' });
      answers.push(new WeakRef(answer));
      const read = await answer.readUpTo(64 * 1024);
      res.end(Buffer.concat(read.chunks));
    })();
  });
  const frontUrl = await listen(front);
  try {
    for (let i = 0; i < 20; i++) {
      const answer = await fetch(frontUrl);
      assert.equal(((await answer.json()) as { id: number }).id, 1);
    }
    assert.equal(dispatcher.held.length, 20);
    for (let i = 0; i < 5 && answers.some((ref) => ref.deref() !== undefined); i++) {
      await new Promise((resolve) => setImmediate(resolve));
      gc();
    }
    assert.equal(answers.filter((ref) => ref.deref() !== undefined).length, 0, 'answers kept alive by their handlers');
  } finally {
    await dispatcher.close();
    await new Promise((resolve) => front.close(resolve));
    await new Promise((resolve) => zoom.close(resolve));
  }
});
