/**
 * The Lua scripts the Redis store runs: each step of the single-flight across replicas is atomic in
 * Redis. A stored value is `{fence}:{digest}:{body}` (value-sealer.ts): the fence orders producers
 * (a counter taken with the lease), the digest lets a script compare values it cannot read.
 * Messages on the store's channel are `{type}:{ttlMs}:{key bytes}:{full key}{rest}`: `r` a value was
 * produced (rest: the stored value, empty when produce failed), `d` a key was dropped and `s` a value
 * set (rest: a digest; empty: any value).
 */

/** Fence and digest of a stored value (`0`, `''` for anything not written by the store). */
const PARSE = `
local function fence(v) return tonumber(string.match(v, '^(%d+):')) or 0 end
local function digest(v) return string.match(v, '^%d+:([^:]*):') or '' end
`;

/**
 * KEYS: value, lock, fence counter. ARGV: owner, lease ms, guard digest ('' none), force ('1': ignore the value).
 * The stored value if it is there and not the guarded one: {2, value, pttl}; else the lease if free: {1, fence};
 * else {0, the lease's pttl}.
 */
export const ACQUIRE = `${PARSE}
if ARGV[4] ~= '1' then
  local cur = redis.call('GET', KEYS[1])
  if cur and (ARGV[3] == '' or digest(cur) ~= ARGV[3]) then
    return {2, cur, redis.call('PTTL', KEYS[1])}
  end
end
if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return {1, redis.call('INCR', KEYS[3])}
end
return {0, redis.call('PTTL', KEYS[2])}
`;

/**
 * KEYS: value, lock. ARGV: stored value ('' produce failed), fence, ttl ms, guard digest, owner, channel, full key.
 * Writes the value unless the stored one has a higher fence or, with a guard, unless it is no longer the
 * guarded one (the digest alone decides then: a value stored with a fence from before the counter went
 * back, a Redis restarted empty, must still be replaceable by a renewal), releases the lease if still
 * ours, tells every replica. Returns {value in force ('' none), its ttl}.
 */
export const FINISH = `${PARSE}
local out = ARGV[1]
local ttl = tonumber(ARGV[3])
if out ~= '' then
  local cur = redis.call('GET', KEYS[1])
  local guard = ARGV[4]
  if cur and ((guard == '' and fence(cur) > tonumber(ARGV[2])) or (guard ~= '' and digest(cur) ~= guard)) then
    out = cur
    ttl = redis.call('PTTL', KEYS[1])
  elseif ttl > 0 then
    redis.call('SET', KEYS[1], out, 'PX', ttl)
  end
end
if redis.call('GET', KEYS[2]) == ARGV[5] then redis.call('DEL', KEYS[2]) end
redis.call('PUBLISH', ARGV[6], 'r:' .. ttl .. ':' .. string.len(ARGV[7]) .. ':' .. ARGV[7] .. out)
return {out, ttl}
`;

/** KEYS: value. The stored value and its pttl, or an empty list. */
export const READ = `
local v = redis.call('GET', KEYS[1])
if not v then return {} end
return {v, redis.call('PTTL', KEYS[1])}
`;

/** KEYS: lock. ARGV: owner, lease ms. Extends the lease while it is still ours: 1, else 0. */
export const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`;

/** KEYS: value. ARGV: digest ('' any value), channel, message. Compare-and-delete, then tell every replica. */
export const DROP = `${PARSE}
local cur = redis.call('GET', KEYS[1])
if cur and (ARGV[1] == '' or digest(cur) == ARGV[1]) then redis.call('DEL', KEYS[1]) end
redis.call('PUBLISH', ARGV[2], ARGV[3])
return 1
`;

/** KEYS: value. ARGV: stored value, ttl ms, channel, message. A value learned elsewhere, then told to every replica. */
export const SET = `
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('PUBLISH', ARGV[3], ARGV[4])
return 1
`;

/**
 * KEYS: the probe key. A write from a script, as every step of the store is: what tells that Redis
 * is usable again, where a PING would be answered by a Redis that refuses them (out of memory,
 * scripting disabled).
 */
export const PROBE = `
return redis.call('SET', KEYS[1], '1', 'PX', '1000')
`;

/** A channel message, as the scripts and the store write it. */
export function storeMessage(type: 'r' | 'd' | 's', ttlMs: number, fullKey: string, rest: string): string {
  return `${type}:${ttlMs}:${Buffer.byteLength(fullKey)}:${fullKey}${rest}`;
}

export interface StoreMessage {
  type: string;
  ttlMs: number;
  fullKey: string;
  rest: string;
}

/** Reads a channel message; undefined if it is not one of the store's. */
export function parseStoreMessage(message: Buffer): StoreMessage | undefined {
  const first = message.indexOf(0x3a);
  const second = message.indexOf(0x3a, first + 1);
  const third = message.indexOf(0x3a, second + 1);
  if (first !== 1 || second < 0 || third < 0) return undefined;
  const ttlMs = Number(message.subarray(first + 1, second).toString('latin1'));
  const length = Number(message.subarray(second + 1, third).toString('latin1'));
  if (!Number.isInteger(ttlMs) || !Number.isInteger(length) || third + 1 + length > message.length) return undefined;
  return {
    type: message.subarray(0, 1).toString('latin1'),
    ttlMs,
    fullKey: message.subarray(third + 1, third + 1 + length).toString('utf8'),
    rest: message.subarray(third + 1 + length).toString('utf8'),
  };
}
