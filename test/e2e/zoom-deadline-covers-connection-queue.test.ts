import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { request } from 'undici';
import { BOT_USER, CANARY, stackForTest } from '../helpers/start-stack.js';
import { testAgent } from '../helpers/test-agent.js';

/**
 * The proxy's own calls (ZAK and OBF mints, look-ups) answer 502/504 within zoom.timeoutSeconds even
 * when they wait for a connection. undici looks at a request's abort signal, and starts its headers
 * timeout, only once the request has a socket: a request queued behind a connection that cannot
 * be made (a host that takes the TCP connection and never completes the TLS handshake: a black-holing
 * firewall) waited out undici's 10 s connect timeout, and each request queued behind it waited for
 * the one before. With a pool of one connection, every call must still end near the deadline.
 */
const TIMEOUT_SECONDS = 1;
// Within the deadline plus a margin for a loaded machine; undici's connect timeout (10 s) is far beyond.
const WITHIN_MS = TIMEOUT_SECONDS * 1000 + 2_000;

/** A TCP server that accepts and never says a word: a TLS handshake with it never ends. */
async function silentHost(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

test('ZAK and OBF mints queued behind a connection that never completes answer 504 within zoom.timeoutSeconds', { timeout: 60_000 }, async (t) => {
  const silent = await silentHost();
  t.after(() => silent.close());
  const stack = await stackForTest(t, {
    simulator: { seed: 'empty' },
    configure: (c) => {
      c.zoom.timeoutSeconds = TIMEOUT_SECONDS;
      c.zoom.connections = 1;
      // OAuth stays the simulator's (its own origin, its own connection); the API host is the silent one.
      c.zoom.apiUrl = `https://127.0.0.1:${silent.port}/v2`;
    },
  });
  stack.sim.addUser({ email: BOT_USER });
  const agent = testAgent();
  t.after(() => agent.close());

  const ask = async (path: string): Promise<{ status: number; code: string | undefined; ms: number }> => {
    const started = Date.now();
    const res = await request(`${stack.url}${path}`, { headers: { authorization: `Bearer ${CANARY.botToken}` }, dispatcher: agent });
    const body = (await res.body.json()) as { error?: { code?: string } };
    return { status: res.statusCode, code: body.error?.code, ms: Date.now() - started };
  };
  // One ZAK mint and three OBF mints at once: one connection attempt at a time, the rest queued.
  const answers = await Promise.all([ask('/zak'), ask('/obf?meeting_id=1001'), ask('/obf?meeting_id=1002'), ask('/obf?meeting_id=1003')]);
  for (const a of answers) {
    assert.deepEqual([a.status, a.code], [504, 'zoom_timeout']);
    assert.ok(a.ms < WITHIN_MS, `answered after ${a.ms} ms; zoom.timeoutSeconds is ${TIMEOUT_SECONDS}`);
  }
});
