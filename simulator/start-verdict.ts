/** What Zoom's web start page does with a ZAK: start the meeting as host, or ask to sign in. */
import type { SimState } from './state.js';
import type { TokenStore } from './tokens.js';

export type StartVerdict = 'host' | 'sign_in_required' | 'invalid_meeting';

/**
 * `host` when the ZAK still works (ours, unexpired, not revoked or invalidated) and belongs to the
 * meeting's host or one of its alternative hosts; an unexpired ZAK is not enough.
 */
export function startVerdict(state: SimState, tokens: TokenStore, meetingId: number | string, zak: string): StartVerdict {
  const meeting = state.meeting(meetingId);
  if (!meeting) return 'invalid_meeting';
  const claims = tokens.validZak(zak);
  if (!claims) return 'sign_in_required';
  if (claims.uid === meeting.hostId) return 'host';
  const alternative = meeting.alternativeHosts.some((h) => state.user(h)?.id === claims.uid);
  return alternative ? 'host' : 'sign_in_required';
}
