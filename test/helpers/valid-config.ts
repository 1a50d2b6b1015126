/**
 * Test helpers (not a test): a valid configuration with every section, and a way to change one key.
 */

/** The valid configuration's `links.secret`: long and varied enough to pass the guessability rule. */
export const VALID_LINK_SECRET = 'valid-link-secret-Q7mZ2xK9pT4vR8wN';

/** A fresh, valid raw configuration (as JSON.parse would give it) with two clients and one bot. */
export function validConfig(): Record<string, unknown> {
  return {
    listen: { host: '127.0.0.1', port: 8080 },
    publicUrl: 'https://zoom-proxy.example.com',
    zoom: {
      accountId: 'acct-1234',
      clientId: 'client-id-5678',
      clientSecret: 'zoom-client-secret-value',
    },
    links: { secret: VALID_LINK_SECRET },
    clients: [
      { name: 'scheduler', key: 'k'.repeat(16), users: ['*'] },
      { name: 'crm', key: 'c'.repeat(16), users: ['alice@example.com', 'KDcuGIm1QgePTO8WbOqwIQ'] },
    ],
    bots: [{ name: 'notetaker', token: 't'.repeat(16), user: 'bot@example.com' }],
  };
}

/** Marks a key to delete in `changed`. */
export const REMOVE = Symbol('remove');

/**
 * A copy of `config` with the value at `path` replaced (or deleted with REMOVE); objects on the way
 * are created when missing.
 */
export function changed(config: Record<string, unknown>, path: readonly (string | number)[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(config);
  let node: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string | number, unknown>;
  }
  const last = path[path.length - 1];
  if (last === undefined) throw new Error('empty path');
  if (value === REMOVE) delete node[last];
  else node[last] = value;
  return copy;
}

/** The message of the error `fn` throws, failing the test when it does not throw. */
export function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  throw new Error('expected an error, none was thrown');
}
