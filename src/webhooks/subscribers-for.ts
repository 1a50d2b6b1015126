import type { WebhookSubscriber } from '../config/config.js';

/** The subscribers that want an event: its name among their `events` (or `["*"]`), its account among their `accounts` (or none listed). */
export function subscribersFor(subscribers: readonly WebhookSubscriber[], account: string, event: string): WebhookSubscriber[] {
  return subscribers.filter(
    (s) => (s.events.includes('*') || s.events.includes(event)) && (s.accounts === undefined || s.accounts.includes(account)),
  );
}
