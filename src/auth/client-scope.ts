import type { ClientConfig } from '../config/config.js';

/** A Zoom user as far as scope checks go: an id and, when known, an email. */
export interface UserRef {
  id?: string | undefined;
  email?: string | undefined;
}

/** Whether the client may act for this user: `["*"]`, or its list names the user's id or email. */
export function clientAllowsUser(client: ClientConfig, user: UserRef): boolean {
  if (client.users.includes('*')) return true;
  const email = user.email?.toLowerCase();
  return client.users.some((u) => u === user.id || (email !== undefined && u.toLowerCase() === email));
}
