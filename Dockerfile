# syntax=docker/dockerfile:1
# Targets: runner (web, default), worker, migrate. Build: docker build --target worker -t tminus-worker .
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS base
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 \
    PRISMA_HIDE_UPDATE_MESSAGE=1 \
    CHECKPOINT_DISABLE=1

FROM base AS deps
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM base AS prod-deps
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund \
 && mkdir -p node_modules/.cache/tminus \
 && echo "not an engine: prisma runs with engine=js" > node_modules/.cache/tminus/prisma-engine-placeholder

FROM base AS build
COPY --from=deps /app/node_modules ./node_modules
COPY . .
# lib/env.ts refuses built-in secrets in production; the build renders nothing secret, the runner gets real ones.
ENV NODE_ENV=production TMINUS_ALLOW_DEV_SECRETS=1 NEXT_OUTPUT=standalone
RUN mkdir -p public \
 && node scripts/prisma.mjs generate \
 && npx next build

# Web: Next's standalone output carries only the traced server files and modules.
FROM ${NODE_IMAGE} AS runner
WORKDIR /app
# The server listens on every interface inside the container: LISTEN_HOST says so, and lib/env.ts then refuses to start
# without real NEXTAUTH_SECRET and ENCRYPTION_KEY.
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 HOSTNAME=0.0.0.0 LISTEN_HOST=0.0.0.0
# The handoff pack (GET …/handoff-pack) draws diagrams and prints its PDF with Chromium in the web process.
ENV CHROMIUM_PATH=/usr/bin/chromium
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium fonts-liberation \
 && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 1001 nodejs \
 && useradd --system --uid 1001 --gid nodejs --no-create-home nextjs
COPY --from=build --chown=nextjs:nodejs /app/.next/standalone ./
COPY --from=build --chown=nextjs:nodejs /app/.next/static ./.next/static
COPY --from=build --chown=nextjs:nodejs /app/public ./public
USER nextjs
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "server.js"]

# Worker: its own process (STYLE.md), production modules plus the source that tsx runs. Accessibility and device QA
# runs drive Debian's Chromium (playwright-core, no browser download); fonts so screenshots show real text.
FROM base AS worker
ENV NODE_ENV=production CHROMIUM_PATH=/usr/bin/chromium
# postgresql-client: `npm run backup` / `npm run restore` (pg_dump/pg_restore 15, matching the compose file's Postgres).
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium fonts-liberation fonts-noto-color-emoji postgresql-client \
 && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 1001 nodejs \
 && useradd --system --uid 1001 --gid nodejs --create-home worker
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/node_modules/.prisma ./node_modules/.prisma
COPY . .
USER worker
CMD ["node", "--import", "tsx", "workers/index.ts"]

# Migrate: a one-shot job that compose runs before web and worker start.
FROM base AS migrate
COPY --from=prod-deps /app/node_modules ./node_modules
COPY package.json prisma.config.ts ./
COPY prisma ./prisma
COPY scripts/prisma.mjs scripts/prisma-preload.cjs ./scripts/
USER node
CMD ["node", "scripts/prisma.mjs", "migrate", "deploy"]
