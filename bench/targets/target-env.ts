/**
 * What the harness tells a competitor process, by environment: where to listen and what to forward
 * to. Read once at start; a missing variable stops the process at once with its name.
 */
export interface TargetEnv {
  port: number;
  upstream: string;
  /** Only for the rewriting target: the base of the links and the key that signs them. */
  publicUrl: string;
  linkSecret: string;
  rewrite: boolean;
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`bench target: ${name} is not set`);
  return value;
}

export function readTargetEnv(env: NodeJS.ProcessEnv = process.env): TargetEnv {
  const port = Number(required(env, 'BENCH_PORT'));
  return {
    port,
    upstream: required(env, 'BENCH_UPSTREAM'),
    publicUrl: env.BENCH_PUBLIC_URL ?? `http://127.0.0.1:${port}`,
    linkSecret: env.BENCH_LINK_SECRET ?? '',
    rewrite: env.BENCH_REWRITE === '1',
  };
}
