import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { WebhookSubscriber } from '../config/config.js';
import type { Logger } from '../logging/create-logger.js';
import type { RedisLink } from '../store/redis-link.js';
import type { Deliver, Delivery } from './deliver-event.js';
import type { WebhookQueue } from './webhook-queue.js';

/** The first retry comes this long after a failed attempt, each next one twice as late, up to RETRY_MAX_MS. */
export const RETRY_FIRST_MS = 10_000;
export const RETRY_MAX_MS = 3_600_000;

/** The wait before retry `attempt` (1 for the first): 10 s, 20 s, 40 s, ... up to an hour. */
export function retryDelayMs(attempt: number): number {
  return Math.min(RETRY_FIRST_MS * 2 ** Math.max(0, attempt - 1), RETRY_MAX_MS);
}

/** The Redis keys of the queue under `store.keyPrefix` (docs/webhooks.md, "The Redis queue"). */
export function webhookQueueKeys(keyPrefix: string) {
  return {
    stream: `${keyPrefix}webhooks:queue`,
    retries: `${keyPrefix}webhooks:retries`,
    dead: `${keyPrefix}webhooks:dead`,
    seen: `${keyPrefix}webhooks:seen:`,
  };
}

const GROUP = 'relay';

/** The consumer group, made if missing: inside a script, since any error reply opens the store's breaker (BUSYGROUP when it exists). */
const CREATE_GROUP = `
redis.pcall('XGROUP', 'CREATE', KEYS[1], ARGV[1], '0', 'MKSTREAM')
return 1`;

/** Written once per (event, subscriber) unless that pair was already queued (SET NX), in one step. */
const ENQUEUE = `
if redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[1]) then
  local fields = {}
  for i = 2, #ARGV do fields[#fields + 1] = ARGV[i] end
  redis.call('XADD', KEYS[1], '*', unpack(fields))
  return 1
end
return 0`;

/** Done with a stream entry: acknowledged and removed; with ARGV[3] a retry (scored by when it is due) or with KEYS[3] a dead letter. */
const SETTLE = `
local n = redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
redis.call('XDEL', KEYS[1], ARGV[2])
if n == 0 then return 0 end
if ARGV[3] == 'retry' then redis.call('ZADD', KEYS[2], ARGV[4], ARGV[5])
elseif ARGV[3] == 'dead' then redis.call('XADD', KEYS[3], '*', unpack(cjson.decode(ARGV[5]))) end
return 1`;

/** Retries due by ARGV[1] (the proxy's clock) back into the stream. */
const PROMOTE = `
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, 100)
for _, member in ipairs(due) do
  redis.call('ZREM', KEYS[1], member)
  redis.call('XADD', KEYS[2], '*', unpack(cjson.decode(member)))
end
return #due`;

/** One queued delivery: the made-safe event for one subscriber (by name: its secret stays in the config). */
interface Entry {
  delivery: Delivery;
  subscriber: string;
  /** Attempts made before this one. */
  attempts: number;
  /** When the event was first queued (the proxy's clock). */
  first: number;
}

export interface QueueStats {
  /** Entries waiting: in the stream (new or being delivered) and scheduled for a retry. */
  depth: number;
  /** Age of the oldest of them (seconds; 0 when none). */
  oldestSeconds: number;
  deadLetters: number;
}

export interface RedisQueueOptions {
  link: RedisLink;
  keyPrefix: string;
  deliver: Deliver;
  /** The subscriber of a name, as configured now (undefined once it is removed: its entries are dropped). */
  subscriberOf(name: string): WebhookSubscriber | undefined;
  clock: Clock;
  logger: Logger;
  /** `webhooks.retryForSeconds`, in ms: past it a failed delivery becomes a dead letter. */
  retryForMs: number;
  /** How long a (webhook-id, subscriber) pair is remembered: `webhooks.toleranceSeconds`, and at least Zoom's retries. */
  rememberMs: number;
  /** Where an event goes while Redis cannot be used: the memory path (delivered while Zoom waits, else 503). */
  fallback: WebhookQueue;
  /** How often the stream is read and retries due are moved back to it (real time). */
  pollMs?: number;
  /** An entry another consumer took and has not settled for this long is taken over (Redis's idle time): above the delivery timeout. */
  claimIdleMs: number;
  /** Deliveries under way at once per replica. */
  maxInFlight?: number;
  onDeadLetter?(subscriber: string, delivery: Delivery): void;
  onStats?(stats: QueueStats): void;
}

export interface RedisWebhookQueue extends WebhookQueue {
  /** Stops reading the stream (deliveries under way finish; what is unsettled is claimed by another replica). */
  stop(): void;
}

/**
 * `store.type` `"redis"` (docs/webhooks.md, "The Redis queue"): an event is written to a Redis stream,
 * one entry per (event, subscriber), before Zoom gets its `200`; every replica reads it as one
 * consumer group, so any replica delivers, and an entry a dead replica left is claimed by another
 * (XAUTOCLAIM). A failed delivery waits in a sorted set (10 s, doubling to an hour) until
 * `retryForMs` is spent, then is kept as a dead letter. Zoom's duplicates and re-sends are queued
 * once per subscriber across replicas (SET NX on webhook-id and subscriber). Redis unusable when an
 * event arrives: the memory path, so Zoom never gets `200` for an event neither delivered nor queued.
 */
export function createRedisWebhookQueue(options: RedisQueueOptions): RedisWebhookQueue {
  const { link, deliver, clock, logger, retryForMs, rememberMs, fallback } = options;
  const keys = webhookQueueKeys(options.keyPrefix);
  const pollMs = options.pollMs ?? 250;
  const maxInFlight = options.maxInFlight ?? 32;
  const consumer = `${process.pid}-${randomBytes(6).toString('hex')}`;
  let groupReady = false;
  let inFlight = 0;
  let stopped = false;
  let polling = false;

  const enqueue = async (delivery: Delivery, subscriber: WebhookSubscriber): Promise<boolean> => {
    const fields = fieldsOf({ delivery, subscriber: subscriber.name, attempts: 0, first: clock() });
    const added = await link.run(['EVAL', ENQUEUE, '2', keys.stream, `${keys.seen}${delivery.id}\n${subscriber.name}`, String(rememberMs), ...fields]);
    return added === 1;
  };

  const settle = (id: string, how: 'done' | 'retry' | 'dead', score = 0, member = ''): Promise<unknown> =>
    link.run(['EVAL', SETTLE, '3', keys.stream, keys.retries, keys.dead, GROUP, id, how, String(score), member]);

  const handle = async (id: string, entry: Entry): Promise<void> => {
    const subscriber = options.subscriberOf(entry.subscriber);
    const fields = { subscriber: entry.subscriber, webhookId: entry.delivery.id, event: entry.delivery.event, account: entry.delivery.label };
    if (subscriber === undefined) {
      logger.warn(fields, 'webhook dropped from the queue: its subscriber is no longer configured');
      await settle(id, 'done');
      return;
    }
    const { outcome } = await deliver(subscriber, entry.delivery);
    if (outcome === 'delivered') {
      await settle(id, 'done');
      return;
    }
    const attempts = entry.attempts + 1;
    const due = clock() + retryDelayMs(attempts);
    const next = { ...entry, attempts };
    if (due - entry.first > retryForMs) {
      await settle(id, 'dead', 0, JSON.stringify([...fieldsOf(next), 'outcome', outcome, 'deadAt', String(clock())]));
      logger.error({ ...fields, attempts, outcome }, 'webhook dead letter: not delivered within webhooks.retryForSeconds; kept in Redis ({keyPrefix}webhooks:dead)');
      options.onDeadLetter?.(entry.subscriber, entry.delivery);
      return;
    }
    await settle(id, 'retry', due, JSON.stringify(fieldsOf(next)));
  };

  const start = (id: string, raw: unknown): void => {
    const entry = entryOf(raw);
    if (entry === undefined) {
      void settle(id, 'done').catch(() => undefined);
      return;
    }
    inFlight++;
    handle(id, entry)
      .catch((err: unknown) => {
        // Redis failed while settling: the entry stays pending and is claimed again after claimIdleMs.
        logger.warn({ subscriber: entry.subscriber, webhookId: entry.delivery.id, reason: err instanceof Error ? err.name : typeof err }, 'webhook queue: settling a delivery in Redis failed; it is claimed again later');
      })
      .finally(() => {
        inFlight--;
      });
  };

  const pollOnce = async (): Promise<void> => {
    if (!link.available()) {
      groupReady = false;
      return;
    }
    if (!groupReady) {
      await link.run(['EVAL', CREATE_GROUP, '1', keys.stream, GROUP]);
      groupReady = true;
    }
    await link.run(['EVAL', PROMOTE, '2', keys.retries, keys.stream, String(clock())]);
    const room = maxInFlight - inFlight;
    if (room > 0) {
      const claimed = (await link.run(['XAUTOCLAIM', keys.stream, GROUP, consumer, String(options.claimIdleMs), '0-0', 'COUNT', String(room)])) as [string, [string, unknown][] | null];
      for (const [id, raw] of claimed[1] ?? []) if (raw !== null) start(id, raw);
    }
    const more = maxInFlight - inFlight;
    if (more > 0) {
      const read = await link.run(['XREADGROUP', 'GROUP', GROUP, consumer, 'COUNT', String(more), 'STREAMS', keys.stream, '>']);
      for (const [id, raw] of entriesOfRead(read)) start(id, raw);
    }
    if (options.onStats !== undefined) options.onStats(await statsOf());
  };

  const statsOf = async (): Promise<QueueStats> => {
    const [length, retries, dead, first, firstRetry] = (await Promise.all([
      link.run(['XLEN', keys.stream]),
      link.run(['ZCARD', keys.retries]),
      link.run(['XLEN', keys.dead]),
      link.run(['XRANGE', keys.stream, '-', '+', 'COUNT', '1']),
      link.run(['ZRANGE', keys.retries, '0', '0']),
    ])) as [number, number, number, [string, unknown][], string[]];
    const firsts = [first[0] === undefined ? undefined : entryOf(first[0][1])?.first, firstRetry[0] === undefined ? undefined : entryOf(JSON.parse(firstRetry[0]))?.first];
    const oldest = Math.min(...firsts.filter((t): t is number => t !== undefined));
    return { depth: length + retries, oldestSeconds: Number.isFinite(oldest) ? Math.max(0, (clock() - oldest) / 1000) : 0, deadLetters: dead };
  };

  let timer: NodeJS.Timeout | undefined;
  const loop = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      if (polling) return loop();
      polling = true;
      pollOnce()
        .catch(() => {
          // The link opened its breaker and logged it: the next poll tries again once Redis answers.
          groupReady = false;
        })
        .finally(() => {
          polling = false;
          loop();
        });
    }, pollMs);
    timer.unref();
  };
  loop();

  return {
    async accept(delivery, subscribers, arrivedAt) {
      if (subscribers.length === 0) return true;
      if (!link.available()) return fallback.accept(delivery, subscribers, arrivedAt);
      const results = await Promise.allSettled(subscribers.map((subscriber) => enqueue(delivery, subscriber)));
      const missed = subscribers.filter((_, i) => results[i]?.status === 'rejected');
      if (missed.length === 0) return true;
      // Redis failed mid-way: those not queued are delivered while Zoom waits, as with memory.
      return fallback.accept(delivery, missed, arrivedAt);
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

/** XREADGROUP's entries of the one stream read: a map by stream name (RESP3) or a list of [name, entries] pairs (RESP2); none: null. */
function entriesOfRead(read: unknown): [string, unknown][] {
  if (read === null || typeof read !== 'object') return [];
  const streams = Array.isArray(read) ? (read as [string, [string, unknown][]][]).map(([, entries]) => entries) : Object.values(read as Record<string, [string, unknown][]>);
  return streams[0] ?? [];
}

function fieldsOf(entry: Entry): string[] {
  const { delivery } = entry;
  return [
    'id', delivery.id,
    'account', delivery.account,
    'label', delivery.label ?? '',
    'event', delivery.event,
    'subscriber', entry.subscriber,
    'attempts', String(entry.attempts),
    'first', String(entry.first),
    'body', delivery.body.toString('utf8'),
  ];
}

/** A stream entry's field list back into an entry; undefined when it is not one of ours. */
export function entryOf(raw: unknown): Entry | undefined {
  if (!Array.isArray(raw)) return undefined;
  const f = new Map<string, string>();
  for (let i = 0; i + 1 < raw.length; i += 2) f.set(String(raw[i]), String(raw[i + 1]));
  const id = f.get('id');
  const account = f.get('account');
  const event = f.get('event');
  const subscriber = f.get('subscriber');
  const body = f.get('body');
  if (id === undefined || account === undefined || event === undefined || subscriber === undefined || body === undefined) return undefined;
  const label = f.get('label');
  return {
    delivery: { id, account, label: label === '' || label === undefined ? undefined : label, event, body: Buffer.from(body, 'utf8') },
    subscriber,
    attempts: Number(f.get('attempts') ?? 0),
    first: Number(f.get('first') ?? 0),
  };
}

/** A dead letter as operators see it: where and what, never the body. */
export interface DeadLetter {
  /** Its id in the dead-letter stream (what `retry` takes). */
  deadLetterId: string;
  webhookId: string;
  subscriber: string;
  event: string;
  account: string;
  attempts: number;
  /** The last attempt's outcome (deliver-event.ts). */
  outcome: string;
  firstQueuedAt: string;
  deadAt: string;
}

/** Every dead letter kept under `keyPrefix`, oldest first. */
export async function listDeadLetters(link: RedisLink, keyPrefix: string): Promise<DeadLetter[]> {
  const raw = (await link.run(['XRANGE', webhookQueueKeys(keyPrefix).dead, '-', '+'])) as [string, string[]][];
  return raw.flatMap(([deadLetterId, fields]) => {
    const entry = entryOf(fields);
    if (entry === undefined) return [];
    const deadAt = Number(fields[fields.indexOf('deadAt') + 1]);
    return [{
      deadLetterId,
      webhookId: entry.delivery.id,
      subscriber: entry.subscriber,
      event: entry.delivery.event,
      account: entry.delivery.account,
      attempts: entry.attempts,
      outcome: String(fields[fields.indexOf('outcome') + 1]),
      firstQueuedAt: new Date(entry.first).toISOString(),
      deadAt: new Date(deadAt).toISOString(),
    }];
  });
}

/** Moves one dead letter back into the queue, only if it is still there (two operators retrying it queue it once). */
const REQUEUE = `
if redis.call('XDEL', KEYS[1], ARGV[1]) == 0 then return 0 end
local fields = {}
for i = 2, #ARGV do fields[#fields + 1] = ARGV[i] end
redis.call('XADD', KEYS[2], '*', unpack(fields))
return 1`;

/**
 * Sends a dead letter again: back in the queue as a new event for its subscriber (attempts from 0,
 * `retryForSeconds` counted from now). False when there is no such dead letter.
 */
export async function retryDeadLetter(link: RedisLink, keyPrefix: string, deadLetterId: string, now: number): Promise<boolean> {
  const keys = webhookQueueKeys(keyPrefix);
  const raw = (await link.run(['XRANGE', keys.dead, deadLetterId, deadLetterId])) as [string, string[]][];
  const entry = raw[0] === undefined ? undefined : entryOf(raw[0][1]);
  if (entry === undefined) return false;
  const fields = fieldsOf({ ...entry, attempts: 0, first: now });
  return (await link.run(['EVAL', REQUEUE, '2', keys.dead, keys.stream, deadLetterId, ...fields])) === 1;
}
