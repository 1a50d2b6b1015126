/**
 * Where a start link finally sends the browser: the meeting's own start URL (its host, path and other
 * parameters kept) with `zak` replaced by a fresh one — the workaround that fixed the broken
 * personal-meeting-ID links of Sept 2021 — or `{webUrl}/s/{meetingId}` when Zoom gave none.
 */
export function buildStartRedirect(startUrl: string | undefined, meetingId: string | number, webUrl: string, zak: string): string {
  let url: URL | undefined;
  if (startUrl) {
    try {
      url = new URL(startUrl);
    } catch {
      url = undefined;
    }
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    url = new URL(`${webUrl.replace(/\/+$/, '')}/s/${encodeURIComponent(String(meetingId))}`);
  }
  url.searchParams.set('zak', zak);
  return url.toString();
}
