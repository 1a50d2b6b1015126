import { toProxyError, ZoomApiError, type ErrorCode } from '../errors.js';
import type { Logger } from '../logging/create-logger.js';
import type { TokenProvider } from './token-provider.js';

export interface ZoomStartCheckOptions {
  tokens: TokenProvider;
  logger: Logger;
  /** `zoom.oauthUrl`: its origin (never its user info or query) names the place in the warning. */
  oauthUrl: string;
  timeoutSeconds: number;
  /** True once shutdown began: a failure then is the shutdown's doing, not Zoom's, and is not reported. */
  stopping?: () => boolean;
}

/** What to check for each way the first OAuth call can fail; the catalogue code says which way it was. */
function adviceFor(code: ErrorCode, where: string, timeoutSeconds: number): string {
  switch (code) {
    case 'zoom_auth_failed':
      return 'Zoom refused the OAuth credential: check zoom.accountId/clientId/clientSecret';
    case 'zoom_unreachable':
      return `Zoom could not be reached at ${where}: check zoom.oauthUrl, DNS, the network and any firewall or outbound proxy`;
    case 'zoom_timeout':
      return `Zoom did not answer the OAuth call at ${where} within zoom.timeoutSeconds (${timeoutSeconds} s): check the network and zoom.oauthUrl`;
    case 'zoom_rate_limited':
      return 'Zoom rate-limited the OAuth call: another process may be minting tokens for this app in a loop';
    default:
      return `Zoom's OAuth endpoint at ${where} answered with an error: check zoom.oauthUrl and Zoom's status page`;
  }
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'zoom.oauthUrl';
  }
}

/**
 * Gets an access token once, right after the proxy listens, so that a wrong credential or an
 * unreachable Zoom is said at start (one warning line naming what to check) rather than found by the
 * first request. It never stops the start: Zoom may come back, and /readyz reports the state. The
 * token it gets is held, so the first request does not wait for one. The line carries the catalogue
 * code and Zoom's status and OAuth error, never the credential or the error's text.
 */
export async function checkZoomAtStart(options: ZoomStartCheckOptions): Promise<void> {
  const { logger } = options;
  try {
    await options.tokens.getToken();
    logger.info('Zoom accepted the OAuth credential');
  } catch (err) {
    if (options.stopping?.()) return;
    const { code } = toProxyError(err);
    const zoom = err instanceof ZoomApiError ? { zoomStatus: err.status, zoomError: err.zoomCode } : {};
    logger.warn({ code, ...zoom }, `${adviceFor(code, originOf(options.oauthUrl), options.timeoutSeconds)} (the proxy keeps running; /readyz answers 503 until a token can be had)`);
  }
}
