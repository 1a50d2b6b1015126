import { after } from 'node:test';
import { Agent } from 'undici';

/** An undici agent with a short keep-alive, so nothing outlives the test (undici's advice for tests). */
export function testAgent(): Agent {
  return new Agent({ keepAliveTimeout: 100, keepAliveMaxTimeout: 100 });
}

/** A testAgent for the whole test file, closed after its tests. */
export function useAgent(): Agent {
  const agent = testAgent();
  after(() => agent.close());
  return agent;
}
