import type { LinkSigner } from './link-signer.js';

/**
 * The links the proxy hands out: `publicUrl` followed by the route's path (the proxy serves its
 * routes at `/` whatever path publicUrl has; an outer proxy may add and strip one).
 */
export interface LinkBuilder {
  /** `{publicUrl}/start/{meetingId}?exp=..&sig=..` (`?acct=..&exp=..&sig=..` for one of several accounts) */
  startLink(meetingId: string): string;
  /** `{publicUrl}/download/{base64url(zoomUrl)}?exp=..&sig=..` */
  downloadLink(zoomUrl: string): string;
}

/**
 * `account`: the account the links are written for, with several accounts (signed with it, and named
 * in `acct`, which the routes read to know whose credential serves the link); absent with one.
 */
export function createLinkBuilder(publicUrl: string, signer: LinkSigner, ttl: { start: number; download: number }, account?: string): LinkBuilder {
  const base = publicUrl.replace(/\/+$/, '');
  const acct = account === undefined ? '' : `acct=${account}&`;
  return {
    startLink(meetingId) {
      const { exp, sig } = signer.sign('start', meetingId, ttl.start, account);
      return `${base}/start/${meetingId}?${acct}exp=${exp}&sig=${sig}`;
    },
    downloadLink(zoomUrl) {
      const { exp, sig } = signer.sign('download', zoomUrl, ttl.download, account);
      return `${base}/download/${Buffer.from(zoomUrl, 'utf8').toString('base64url')}?${acct}exp=${exp}&sig=${sig}`;
    },
  };
}
