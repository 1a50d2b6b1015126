/** Random identifiers shaped like Zoom's, and Zoom's time format. */
import { randomBytes, randomInt } from 'node:crypto';

/** A user id: 22 characters of base64url, as Zoom's. */
export function randomUserId(): string {
  return randomBytes(16).toString('base64url');
}

/** A meeting instance UUID: base64 of 16 bytes, so it may contain `/` and `+` like Zoom's. */
export function randomMeetingUuid(): string {
  return randomBytes(16).toString('base64');
}

/** An n-digit number not starting with 0 (meeting ids have 10 or 11 digits, PMIs 10). */
export function randomDigits(n: number): number {
  return randomInt(10 ** (n - 1), 10 ** n - 1);
}

/** An opaque secret-looking string (access tokens, legacy tokens, encrypted passcodes). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** The `x-zm-trackingid` of one response: Zoom support asks for it. */
export function trackingId(): string {
  return `v=2.0;clid=us05;rid=WEB_${randomBytes(16).toString('hex')}`;
}

/** The `x-zm-trackingid` of one webhook attempt: new on every attempt, so no de-duplication key. */
export function webhookTrackingId(): string {
  return `v=2.0;clid=us05;rid=WEBHOOK_${randomBytes(16).toString('hex')}`;
}

/** Zoom writes times as ISO 8601 in UTC without milliseconds. */
export function zoomTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `yyyy-mm-dd` of an instant, in UTC (the format of the recordings list's `from`/`to`). */
export function zoomDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
