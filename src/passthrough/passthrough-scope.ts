import type { ClientConfig } from '../config/config.js';
import { ProxyError } from '../errors.js';
import { clientAllowsUser, type UserRef } from '../auth/client-scope.js';
import { hostInScope, unlessNotFound } from '../auth/host-in-scope.js';
import type { ScopeLookups } from '../auth/scope-lookups.js';

/**
 * What a `/v2` path is about, as far as a restricted client's scope goes (docs/contract.md, "Client
 * scope"): a user (`/users/{u}` and below), a meeting (`/meetings/{id}` and below, recordings
 * included) or a webinar (`/webinars/{id}` and below); anything else is `none`, which a restricted
 * client may not call. `ref` is the path segment decoded once, as Zoom reads it.
 */
export type ScopeTarget =
  | { kind: 'user'; user: string }
  | { kind: 'meeting' | 'webinar'; ref: string; byResponse: boolean }
  | { kind: 'none' };

const NONE: ScopeTarget = { kind: 'none' };

function decodeSegment(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

/**
 * Classify `path` (below `/v2`, without the query). A path with an empty, `.` or `..` segment, a
 * segment that does not decode, or a user segment that decodes to something with a slash, a
 * backslash or a `%` (an escape encoded twice), is `none`: Zoom or a gateway in front of it might
 * normalise it to another resource than the one checked.
 */
export function scopeTargetOf(method: string, path: string): ScopeTarget {
  const segments = path.split('/');
  // segments[0] is the empty string before the leading slash; a trailing slash leaves one empty segment.
  if (segments[0] !== '' || segments.length < 3) return NONE;
  if (segments[segments.length - 1] === '' && segments.length > 3) segments.pop();
  const decoded: string[] = [];
  for (const raw of segments.slice(1)) {
    const value = decodeSegment(raw);
    if (value === undefined || value === '' || value === '.' || value === '..') return NONE;
    decoded.push(value);
  }
  const [collection, id, sub] = decoded as [string, string, string | undefined];
  const depth = decoded.length;
  // A `%` left after the decode (`%252F`, `%255C`, `%252e`) would be a `/`, `\` or `.` to a gateway that decodes twice.
  if (collection === 'users') return id.includes('/') || id.includes('\\') || id.includes('%') ? NONE : { kind: 'user', user: id };
  // GET of the meeting, the webinar or the meeting's recordings carries `host_id` at its top level:
  // that response is checked before it is passed on, instead of asking Zoom first.
  const get = method === 'GET';
  if (collection === 'meetings') return { kind: 'meeting', ref: id, byResponse: get && (depth === 2 || (depth === 3 && sub === 'recordings')) };
  if (collection === 'webinars') return { kind: 'webinar', ref: id, byResponse: get && depth === 2 };
  return NONE;
}

export interface PassthroughScope {
  /**
   * Before anything is sent to Zoom: throws `forbidden` when the client may not touch the target.
   * Answers true when the check has to wait for Zoom's response (`host_id` at its top level).
   */
  before(client: ClientConfig, target: ScopeTarget): Promise<boolean>;
  /**
   * After Zoom answered a `byResponse` request: throws `forbidden` unless the host is the client's.
   * `hostId` is the response's top-level `host_id` when it could be read; else the host is looked up.
   */
  after(client: ClientConfig, target: ScopeTarget, hostId: string | undefined): Promise<void>;
}

/** True when the client lists the user directly, by id or (case-insensitively) by email. */
function listsDirectly(client: ClientConfig, user: string): boolean {
  return clientAllowsUser(client, user.includes('@') ? { email: user } : { id: user });
}

export function createPassthroughScope(lookups: ScopeLookups): PassthroughScope {
  const forbidden = (): ProxyError => new ProxyError('forbidden');

  /** The host against the list, resolving its email when the list names users by email. */
  const allowsHost = (client: ClientConfig, host: UserRef): Promise<boolean> => hostInScope(client, host, (id) => lookups.user(id));

  async function allowsTarget(client: ClientConfig, target: ScopeTarget): Promise<boolean> {
    if (target.kind === 'none') return false;
    if (target.kind === 'user') {
      if (listsDirectly(client, target.user)) return true;
      const user = await unlessNotFound(() => lookups.user(target.user));
      return user !== undefined && clientAllowsUser(client, user);
    }
    const host = await unlessNotFound(() => lookups.host(target.kind, target.ref));
    return host !== undefined && (await allowsHost(client, host));
  }

  return {
    async before(client, target) {
      if (target.kind !== 'none' && target.kind !== 'user' && target.byResponse) return true;
      if (!(await allowsTarget(client, target))) throw forbidden();
      return false;
    },
    async after(client, target, hostId) {
      if (target.kind !== 'meeting' && target.kind !== 'webinar') throw forbidden();
      let allowed: boolean;
      if (hostId !== undefined) {
        lookups.remember(target.kind, target.ref, { id: hostId });
        allowed = await allowsHost(client, { id: hostId });
      } else {
        allowed = await allowsTarget(client, target);
      }
      if (!allowed) throw forbidden();
    },
  };
}
