# API image: `docker compose up` builds it; see docker-compose.yml.
# Debian (glibc) base, not Alpine: @ladybugdb/core ships a glibc linux-x64 binary.
ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: all dependencies, TypeScript compiled to dist/ (and web assets to dist/web)
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# Browser binaries are only needed by the browser tests, never to build.
ENV PUPPETEER_SKIP_DOWNLOAD=true \
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
COPY package.json package-lock.json ./
# `npm ci` refuses this lock file (LadybugDB lists per-platform packages that were never published);
# `npm install` still installs exactly the locked versions.
RUN npm install --no-audit --no-fund
COPY . .
RUN npm run build

# ---- runtime: production dependencies only, non-root
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    KG_HOST=0.0.0.0 \
    KG_PORT=4000 \
    KG_DATA_DIR=/app/data
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY ontology ./ontology
COPY seed ./seed
COPY examples ./examples
COPY cypher ./cypher
COPY graphql ./graphql
# Code stays root-owned and read-only to the app; only the data folder is writable.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 4000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=5 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.KG_PORT || 4000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/src/cli/main.js", "serve"]
