/**
 * Competitor: Fastify with @fastify/reply-from, a plain passthrough of every path to the upstream
 * (its default undici pool keeps connections alive). No logger, as its benchmarks run it.
 */
import Fastify from 'fastify';
import replyFrom from '@fastify/reply-from';
import { readTargetEnv } from './target-env.js';

const env = readTargetEnv();
const app = Fastify({ logger: false });
await app.register(replyFrom, { base: env.upstream });
app.all('/*', (request, reply) => reply.from(request.url));
await app.listen({ port: env.port, host: '127.0.0.1' });
process.once('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
