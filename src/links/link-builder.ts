import type { LinkSigner } from './link-signer.js';

/**
 * The links the proxy hands out: `publicUrl` followed by the route's path (the proxy serves its
 * routes at `/` whatever path publicUrl has; an outer proxy may add and strip one).
 */
export interface LinkBuilder {
  /** `{publicUrl}/start/{meetingId}?exp=..&sig=..` */
  startLink(meetingId: string): string;
  /** `{publicUrl}/download/{base64url(zoomUrl)}?exp=..&sig=..` */
  downloadLink(zoomUrl: string): string;
}

export function createLinkBuilder(publicUrl: string, signer: LinkSigner, ttl: { start: number; download: number }): LinkBuilder {
  const base = publicUrl.replace(/\/+$/, '');
  return {
    startLink(meetingId) {
      const { exp, sig } = signer.sign('start', meetingId, ttl.start);
      return `${base}/start/${meetingId}?exp=${exp}&sig=${sig}`;
    },
    downloadLink(zoomUrl) {
      const { exp, sig } = signer.sign('download', zoomUrl, ttl.download);
      return `${base}/download/${Buffer.from(zoomUrl, 'utf8').toString('base64url')}?exp=${exp}&sig=${sig}`;
    },
  };
}
