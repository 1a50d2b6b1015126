import type { ClientConfig } from '../config/config.js';
import { ZoomApiError } from '../errors.js';
import type { ZoomUser } from '../zoom/zoom-client.js';
import { clientAllowsUser, type UserRef } from './client-scope.js';

/** A user Zoom does not know is out of scope (undefined); other look-up failures are Zoom's (502/504/429). */
export async function unlessNotFound<T>(fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ZoomApiError && err.status === 404) return undefined;
    throw err;
  }
}

/**
 * Whether a meeting's or recording's host is among the client's `users`. Zoom's answers name a host
 * by id (`host_id`), often without its email: when the client lists users by email, the id is
 * looked up (`user`, cached by the caller) to learn the email. Nothing is looked up when the host's
 * email is known, or the client names nobody by email.
 */
export async function hostInScope(client: ClientConfig, host: UserRef, user: (id: string) => Promise<ZoomUser>): Promise<boolean> {
  if (clientAllowsUser(client, host)) return true;
  if (host.email !== undefined && host.email !== '') return false;
  const id = host.id;
  if (id === undefined || !client.users.some((u) => u.includes('@'))) return false;
  const found = await unlessNotFound(() => user(id));
  return found !== undefined && clientAllowsUser(client, found);
}
