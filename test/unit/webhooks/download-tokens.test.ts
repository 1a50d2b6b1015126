import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMemoryStore } from '../../../src/store/memory-store.js';
import { createDownloadTokens } from '../../../src/webhooks/download-tokens.js';
import { createManualClock } from '../../helpers/manual-clock.js';
import { downloadTokenJwt } from '../../helpers/zoom-event.js';

test("an event's download token is kept for its files, by path, until its own exp, per account", async () => {
  const clock = createManualClock(1_765_000_000_000);
  const tokens = createDownloadTokens(createMemoryStore(clock.now), clock.now);
  const token = downloadTokenJwt(1_765_000_000 + 3600);
  tokens.keep('default', ['https://zoom.us/rec/webhook_download/f1', 'https://zoom.us/rec/webhook_download/f2?x=1'], token);

  assert.equal(await tokens.tokenFor('default', 'https://zoom.us/rec/webhook_download/f1'), token);
  assert.equal(await tokens.tokenFor('default', 'https://zoom.us/rec/webhook_download/f2'), token, 'the query does not count');
  assert.equal(await tokens.tokenFor('default', 'https://zoom.us/rec/webhook_download/f3'), undefined);
  assert.equal(await tokens.tokenFor('gov', 'https://zoom.us/rec/webhook_download/f1'), undefined, 'never for another account');

  clock.advance(3600 * 1000 - 1);
  assert.equal(await tokens.tokenFor('default', 'https://zoom.us/rec/webhook_download/f1'), token);
  clock.advance(2);
  assert.equal(await tokens.tokenFor('default', 'https://zoom.us/rec/webhook_download/f1'), undefined, 'gone once past exp');
});

test('a token without a readable exp, or expired already, is not kept', async () => {
  const clock = createManualClock(1_765_000_000_000);
  const tokens = createDownloadTokens(createMemoryStore(clock.now), clock.now);
  tokens.keep('default', ['https://zoom.us/rec/webhook_download/a'], 'not-a-jwt');
  tokens.keep('default', ['https://zoom.us/rec/webhook_download/b'], downloadTokenJwt(1_765_000_000 - 1));
  assert.equal(await tokens.tokenFor('default', 'https://zoom.us/rec/webhook_download/a'), undefined);
  assert.equal(await tokens.tokenFor('default', 'https://zoom.us/rec/webhook_download/b'), undefined);
});
