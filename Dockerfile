# One image for every dvc-sync role (migrate, worker, scheduler, dashboard); the command picks the role.
# Stage 1 compiles the TypeScript to dist/; the runtime image holds only production dependencies,
# the compiled code and the data files (schema/*.json, examples/), no TypeScript loader.
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY jobs ./jobs
COPY connectors ./connectors
COPY schema ./schema
RUN npm run build

FROM node:20-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund
COPY bin ./bin
COPY schema ./schema
COPY examples ./examples
COPY --from=build /app/dist ./dist
USER node
ENTRYPOINT ["node", "bin/dvc-sync.js"]
