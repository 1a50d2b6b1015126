/**
 * Test helpers (not a test): the test stack with Zoom's webhooks turned on: the account's Secret
 * Token set, and subscribers (real servers the test started) configured.
 */
import type { TestContext } from 'node:test';
import { defaultWebhooks, type Config, type WebhookSubscriber } from '../../src/config/config.js';
import { stackForTest, type Stack, type StackOptions } from './start-stack.js';
import { WEBHOOK_CANARY } from './zoom-event.js';

export interface SubscriberSpec extends Partial<Omit<WebhookSubscriber, 'url'>> {
  /** A test subscriber (webhook-subscriber.ts): only its URL is configured. */
  subscriber: { url: string };
}

/** The subscribers' configuration: each named `app-{i}` with the canary secret unless given. */
export function subscribersOf(specs: readonly SubscriberSpec[]): WebhookSubscriber[] {
  return specs.map(({ subscriber, ...spec }, i) => ({
    name: `app-${i}`,
    secret: WEBHOOK_CANARY.subscriberSecret,
    events: ['*'],
    ...spec,
    url: subscriber.url,
  }));
}

/** Sets the webhook keys of a test configuration (the one-object `zoom`). */
export function configureWebhooks(config: Config, specs: readonly SubscriberSpec[]): void {
  config.zoom.webhookSecretToken = WEBHOOK_CANARY.secretToken;
  config.webhooks = { ...defaultWebhooks(), subscribers: subscribersOf(specs) };
}

/** The stack for one test with webhooks on and `specs` subscribed. */
export function webhookStackForTest(t: TestContext, specs: readonly SubscriberSpec[], options: StackOptions = {}): Promise<Stack> {
  return stackForTest(t, {
    ...options,
    configure: (config, sim) => {
      configureWebhooks(config, specs);
      options.configure?.(config, sim);
    },
  });
}

/** The stack's clock in epoch seconds, for `x-zm-request-timestamp`. */
export function nowSeconds(stack: Pick<Stack, 'clock'>): number {
  return Math.floor(stack.clock.now() / 1000);
}
