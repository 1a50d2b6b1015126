import type { IncomingMessage } from 'node:http';
import type { Request } from 'express';
import type { BotConfig, ClientConfig } from '../config/config.js';
import { ProxyError } from '../errors.js';
import { bearerOf, createKeyMatcher } from './key-matcher.js';

export interface Authenticator {
  /** The client one of whose keys the request carries as Bearer; undefined when it carries none. A wrong key is 401. */
  client(req: IncomingMessage): ClientConfig | undefined;
  /** The bot whose token the request carries (Bearer, or `?token=` as Recall.ai sends it); else 401. */
  bot(req: Request): BotConfig;
}

/**
 * The `?token=` of a URL as written: percent-decoded, but with `+` kept (the query parser reads `+`
 * as a space, and a base64 bot token pasted into a bot's URL unencoded has them). Undefined unless
 * given exactly once, or not decodable.
 */
function rawQueryToken(url: string): string | undefined {
  const queryAt = url.indexOf('?');
  if (queryAt < 0) return undefined;
  const values = url.slice(queryAt + 1).split('&').filter((p) => p.startsWith('token='));
  if (values.length !== 1) return undefined;
  try {
    return decodeURIComponent((values[0] as string).slice('token='.length));
  } catch {
    return undefined;
  }
}

export function createAuthenticator(clients: readonly ClientConfig[], bots: readonly BotConfig[]): Authenticator {
  const matchClient = createKeyMatcher(clients, (c) => c.keys);
  const matchBot = createKeyMatcher(bots, (b) => b.token);
  return {
    client(req) {
      const key = bearerOf(req.headers.authorization);
      if (req.headers.authorization === undefined) return undefined;
      const client = matchClient(key);
      if (!client) throw new ProxyError('unauthorized');
      return client;
    },
    bot(req) {
      const query = req.query.token;
      const token = bearerOf(req.headers.authorization) ?? (typeof query === 'string' ? query : undefined);
      // A token with `+` in the query, unencoded: also tried as written (both through the same constant-time matcher).
      const bot = matchBot(token) ?? (token === query && token?.includes(' ') ? matchBot(rawQueryToken(req.originalUrl)) : undefined);
      if (!bot) throw new ProxyError('bot_unauthorized');
      return bot;
    },
  };
}
