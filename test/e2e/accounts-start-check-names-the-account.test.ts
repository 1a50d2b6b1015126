import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkZoomAtStart } from '../../src/zoom/check-zoom-at-start.js';
import { twoAccountStackForTest } from '../helpers/two-account-stack.js';

test("the check at start runs for every account, and with several each line names its account", async (t) => {
  const stack = await twoAccountStackForTest(t);
  stack.gov.faults.rejectCredentials(true);
  const { services } = stack.proxy;
  // What main.ts does once the proxy listens.
  await Promise.all(
    [...services.accounts.values()].map((side) =>
      checkZoomAtStart({ tokens: side.tokens, logger: services.logger, oauthUrl: side.account.oauthUrl, timeoutSeconds: side.account.timeoutSeconds, account: side.label }),
    ),
  );
  const lines = stack.logs.lines().filter((l) => l.msg === 'Zoom accepted the OAuth credential' || l.code === 'zoom_auth_failed');
  assert.deepEqual(lines.map((l) => [l.account, l.level]).sort(), [['commercial', 30], ['gov', 40]]);
});
