import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WebhookSubscriber } from '../../../src/config/config.js';
import { subscribersFor } from '../../../src/webhooks/subscribers-for.js';

const subscriber = (name: string, events: string[], accounts?: string[]): WebhookSubscriber => ({
  name,
  url: `https://${name}.example.com/`,
  secret: 'whsec_x',
  events,
  ...(accounts === undefined ? {} : { accounts }),
});

const all = [
  subscriber('everything', ['*']),
  subscriber('recordings', ['recording.completed', 'recording.deleted']),
  subscriber('gov-recordings', ['recording.completed'], ['gov']),
  subscriber('gov-anything', ['*'], ['gov', 'other']),
];

test('a subscriber gets the events it names (or every one with "*"), of the accounts it names (or every account)', () => {
  const names = (account: string, event: string): string[] => subscribersFor(all, account, event).map((s) => s.name);
  assert.deepEqual(names('default', 'recording.completed'), ['everything', 'recordings']);
  assert.deepEqual(names('gov', 'recording.completed'), ['everything', 'recordings', 'gov-recordings', 'gov-anything']);
  assert.deepEqual(names('gov', 'meeting.started'), ['everything', 'gov-anything']);
  assert.deepEqual(names('commercial', 'meeting.started'), ['everything']);
  assert.deepEqual(names('commercial', 'recording.completed.extra'), ['everything'], 'names are matched whole');
});
