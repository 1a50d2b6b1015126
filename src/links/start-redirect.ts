export interface StartRedirectOptions {
  /** `zoom.webUrl`: the redirect's base when the meeting's start URL cannot be used. */
  webUrl: string;
  /** The fresh ZAK of the meeting's host. */
  zak: string;
  /** `zoom.startHosts` (host-matcher.ts): the hosts that may receive a ZAK. */
  startHosts: (url: URL) => boolean;
  /** Told the host of a start URL that was not used because it is outside `startHosts`. */
  onRefusedHost?: (host: string) => void;
}

/**
 * Where a start link finally sends the browser: the meeting's own start URL (its host, path and other
 * parameters kept) with `zak` replaced by a fresh one — the workaround that fixed the broken
 * personal-meeting-ID links of Sept 2021 — or `{webUrl}/s/{meetingId}` when Zoom gave none, or one
 * on a host outside `zoom.startHosts`: a ZAK starts meetings as their host, so it only goes to
 * Zoom's own web hosts, whatever a stored start URL names.
 */
export function buildStartRedirect(startUrl: string | undefined, meetingId: string | number, options: StartRedirectOptions): string {
  let url: URL | undefined;
  if (startUrl) {
    try {
      url = new URL(startUrl);
    } catch {
      url = undefined;
    }
  }
  if (url && !options.startHosts(url)) {
    if (url.protocol === 'https:' || url.protocol === 'http:') options.onRefusedHost?.(url.hostname);
    url = undefined;
  }
  url ??= new URL(`${options.webUrl.replace(/\/+$/, '')}/s/${encodeURIComponent(String(meetingId))}`);
  url.searchParams.set('zak', options.zak);
  return url.toString();
}
