# zoom-link-proxy: a multi-stage image (docs/deploy.md).
#
#   docker build -t zoom-link-proxy .
#   docker run -p 8080:8080 --env-file /etc/zoom-link-proxy/env \
#     -v /etc/zoom-link-proxy/config.json:/etc/zoom-link-proxy/config.json:ro zoom-link-proxy
#
# No base image can be pulled where this project is developed and tested, so this file is never built
# there. It is kept true by running the same build script that test/e2e/deploy-recipe.test.ts runs
# (scripts/build-release.sh: npm ci, npm run build, npm prune --omit=dev): keep the build steps there.

FROM node:20-bookworm-slim AS build
WORKDIR /app
# .dockerignore leaves out node_modules, dist and .git: the build starts from the tracked files.
COPY . .
RUN bash scripts/build-release.sh .

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
# Only what runs: package.json ("type": "module"), the production dependencies and the build.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Root owns the files; the process runs as the image's unprivileged user and cannot change them.
USER node
# The configuration must set "listen": {"host": "0.0.0.0", "port": 8080} and, because of that
# host, "publicUrl": the proxy refuses to start on 0.0.0.0 without one.
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# The exec form: node is PID 1 and gets docker stop's SIGTERM itself (src/main.ts drains on it).
CMD ["node", "dist/src/main.js", "--config", "/etc/zoom-link-proxy/config.json"]
