# syntax=docker/dockerfile:1
# Node 24 is the Active LTS line; popdesk's dist needs Node 20 or later (package.json engines).
ARG NODE_IMAGE=node:24-bookworm-slim

# Build stage: compile TypeScript to dist/.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

# Runtime stage: only what runs, as a non-root user.
FROM ${NODE_IMAGE}
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY examples ./examples
# Where a file token cache lives (tokenCache: { type: file, path: /var/lib/popdesk/... }); a named
# volume mounted here takes this directory's owner, so the node user can write the cache.
RUN mkdir -p /var/lib/popdesk && chown node:node /var/lib/popdesk
USER node
EXPOSE 9464
ENTRYPOINT ["node", "dist/cli/popdesk.js"]
CMD ["start", "--config", "/etc/popdesk/popdesk.yaml"]
