import { after, before } from 'node:test';
import { startStack, type Stack, type StackOptions } from './start-stack.js';

/**
 * A stack for the whole test file: started before its tests (then `setup` runs, with it), closed
 * after them. Call it at the top level; the handle reads the running stack, so its fields are usable
 * in tests and hooks. Setup goes in `setup`, not in a before() of its own: node runs top-level
 * before() hooks as they are registered, without waiting for the previous one to finish.
 */
export function useStack(options: StackOptions = {}, setup?: (stack: Stack) => void | Promise<void>): Stack {
  let started: Stack | undefined;
  before(async () => {
    started = await startStack(options);
    await setup?.(started);
  });
  after(() => started?.close());
  const running = (): Stack => {
    if (started === undefined) throw new Error('useStack: the stack starts in before(); read it in a test, or in useStack\'s setup');
    return started;
  };
  return {
    get sim() { return running().sim; },
    get proxy() { return running().proxy; },
    get url() { return running().url; },
    get config() { return running().config; },
    get clock() { return running().clock; },
    get logs() { return running().logs; },
    close: () => running().close(),
  };
}
