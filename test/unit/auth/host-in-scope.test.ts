import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hostInScope } from '../../../src/auth/host-in-scope.js';
import type { ClientConfig } from '../../../src/config/config.js';
import { ZoomApiError } from '../../../src/errors.js';
import type { ZoomUser } from '../../../src/zoom/zoom-client.js';

const client = (users: string[]): ClientConfig => ({ name: 'app', keys: ['k'.repeat(16)], users });
const USERS: Record<string, ZoomUser> = { A1: { id: 'A1', email: 'alice@example.com' }, D1: { id: 'D1', email: 'dave@example.com' } };

function directory() {
  const asked: string[] = [];
  const user = async (id: string): Promise<ZoomUser> => {
    asked.push(id);
    const found = USERS[id];
    if (!found) throw new ZoomApiError(404, 1001, 'User does not exist');
    return found;
  };
  return { asked, user };
}

test('a host named by id is matched by id, or by its email once looked up when the client lists emails', async () => {
  const d = directory();
  assert.equal(await hostInScope(client(['A1']), { id: 'A1' }, d.user), true);
  assert.equal(await hostInScope(client(['D1']), { id: 'A1' }, d.user), false);
  assert.deepEqual(d.asked, [], 'a client that lists ids only: nothing to look up');
  assert.equal(await hostInScope(client(['Alice@Example.com']), { id: 'A1' }, d.user), true);
  assert.equal(await hostInScope(client(['alice@example.com']), { id: 'D1' }, d.user), false);
  assert.deepEqual(d.asked, ['A1', 'D1']);
});

test('a host whose email is known is judged without a look-up; a host Zoom does not know is out of scope', async () => {
  const d = directory();
  assert.equal(await hostInScope(client(['alice@example.com']), { id: 'A1', email: 'ALICE@example.com' }, d.user), true);
  assert.equal(await hostInScope(client(['alice@example.com']), { id: 'D1', email: 'dave@example.com' }, d.user), false);
  assert.deepEqual(d.asked, []);
  assert.equal(await hostInScope(client(['alice@example.com']), { id: 'GONE' }, d.user), false);
  assert.equal(await hostInScope(client(['alice@example.com']), {}, d.user), false);
});

test("Zoom failing on the look-up is Zoom's failure, not a refusal", async () => {
  const failing = async (): Promise<ZoomUser> => {
    throw new ZoomApiError(429, undefined, 'rate limited');
  };
  await assert.rejects(hostInScope(client(['alice@example.com']), { id: 'A1' }, failing), (err: unknown) => err instanceof ZoomApiError && err.status === 429);
});
