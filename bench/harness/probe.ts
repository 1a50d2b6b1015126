/**
 * One request before the load, to tell apart a route that is not built yet (the proxy's own 404
 * `not_found`), a wrong answer, and a right one, and to see whether links were rewritten.
 */
export interface Probe {
  status: number;
  location: string | undefined;
  body: string;
  errorCode: string | undefined;
}

export async function probe(url: string, headers: Record<string, string>): Promise<Probe> {
  const res = await fetch(url, { headers, redirect: 'manual', signal: AbortSignal.timeout(10_000) });
  const body = await res.text();
  let errorCode: string | undefined;
  try {
    errorCode = (JSON.parse(body) as { error?: { code?: string } }).error?.code;
  } catch {
    errorCode = undefined;
  }
  return { status: res.status, location: res.headers.get('location') ?? undefined, body, errorCode };
}

/** The proxy answers routes it does not have with 404 `not_found`: the route is not in this tree yet. */
export function isRouteMissing(p: Probe): boolean {
  return p.status === 404 && p.errorCode === 'not_found';
}

/**
 * Whether a JSON body's links point at the target (rewritten) or still at Zoom: every `start_url`
 * of the bench upstream carries `?zak=`, every rewritten one `/start/{id}?exp=`.
 */
export function linksRewritten(body: string, targetUrl: string): 'rewritten' | 'not rewritten' | 'partly rewritten' {
  const zoomStart = (body.match(/"start_url":"[^"]*[?&]zak=/g) ?? []).length;
  const zoomDownload = (body.match(/"download_url":"[^"]*\/rec\/download\//g) ?? []).length;
  const ours = body.split(`${targetUrl}/start/`).length - 1 + body.split(`${targetUrl}/download/`).length - 1;
  if (zoomStart + zoomDownload === 0 && ours > 0) return 'rewritten';
  return ours === 0 ? 'not rewritten' : 'partly rewritten';
}
