/**
 * nginx as a competitor: one process (`master_process off`, so the PID the bench reads is the one
 * doing the work) and one worker's worth of CPU, like the Node targets; keep-alive to the upstream;
 * no access log (the Node competitors log nothing either); downloads streamed, never spooled to disk.
 */
export function nginxConfig(dir: string, port: number, upstream: string): string {
  const { host } = new URL(upstream);
  return `daemon off;
master_process off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy_temp;
  fastcgi_temp_path ${dir}/fastcgi_temp;
  uwsgi_temp_path ${dir}/uwsgi_temp;
  scgi_temp_path ${dir}/scgi_temp;
  upstream zoom { server ${host}; keepalive 128; }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://zoom;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_max_temp_file_size 0;
    }
  }
}
`;
}
