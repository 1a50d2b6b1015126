import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestContext } from 'node:test';
import type { Agent } from 'undici';
import { startStack, type Stack, type StackOptions } from './start-stack.js';
import { testAgent } from './test-agent.js';

/**
 * A stack whose `zoom.apiUrl` is a server of the test's own (OAuth stays the simulator's): for
 * answers the simulator has no fault for, written byte by byte on the wire.
 */
export async function stackWithZoomApi(
  handle: (req: IncomingMessage, res: ServerResponse) => void,
  options: StackOptions = {},
): Promise<{ stack: Stack; close(): Promise<void> }> {
  const upstream = createServer(handle);
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const stack = await startStack({
    simulator: { seed: 'empty' },
    ...options,
    configure: (c, sim) => {
      c.zoom.apiUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/v2`;
      options.configure?.(c, sim);
    },
  });
  return {
    stack,
    async close() {
      await stack.close();
      upstream.closeAllConnections();
      await new Promise((resolve) => upstream.close(resolve));
    },
  };
}

/** stackWithZoomApi for one test, with a client agent; both closed when the test ends. */
export async function zoomApiForTest(
  t: TestContext,
  handle: (req: IncomingMessage, res: ServerResponse) => void,
  options: StackOptions = {},
): Promise<{ stack: Stack; agent: Agent }> {
  const zoom = await stackWithZoomApi(handle, options);
  const agent = testAgent();
  t.after(async () => {
    await agent.close();
    await zoom.close();
  });
  return { stack: zoom.stack, agent };
}
