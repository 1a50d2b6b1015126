/**
 * Competitor: Express with http-proxy-middleware 3 and a keep-alive agent, as its README sets it up.
 * With `BENCH_REWRITE=1`, its `responseInterceptor` rewrites `start_url` and `download_url` in JSON
 * bodies the natural way (JSON.parse, walk, JSON.stringify).
 */
import { Agent } from 'node:http';
import express from 'express';
import { createProxyMiddleware, responseInterceptor } from 'http-proxy-middleware';
import { createLinkBuilder } from '../../src/links/link-builder.js';
import { createLinkSigner } from '../../src/links/link-signer.js';
import { rewriteJsonLinks } from './rewrite-json-links.js';
import { readTargetEnv } from './target-env.js';

const env = readTargetEnv();
const agent = new Agent({ keepAlive: true, keepAliveMsecs: 60_000, maxSockets: 256, maxFreeSockets: 256 });
const links = createLinkBuilder(env.publicUrl, createLinkSigner(env.linkSecret, Date.now), { start: 86_400, download: 21_600 });

const app = express();
app.disable('x-powered-by');
app.set('etag', false);
app.use(
  createProxyMiddleware(
    env.rewrite
      ? {
          target: env.upstream,
          changeOrigin: true,
          agent,
          selfHandleResponse: true,
          on: {
            // http-proxy-middleware's documented way to rewrite a body: it handles the promise itself.
            // eslint-disable-next-line @typescript-eslint/no-misused-promises
            proxyRes: responseInterceptor(async (buffer, proxyRes) => {
              if (!String(proxyRes.headers['content-type'] ?? '').includes('application/json')) return buffer;
              const data: unknown = JSON.parse(buffer.toString('utf8'));
              rewriteJsonLinks(data, links);
              return JSON.stringify(data);
            }),
          },
        }
      : { target: env.upstream, changeOrigin: true, agent },
  ),
);
const server = app.listen(env.port, '127.0.0.1');
process.once('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
