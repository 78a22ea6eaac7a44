# One image for every dvc-sync role (migrate, worker, scheduler, dashboard); the command picks the role.
FROM node:20-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY bin ./bin
COPY src ./src
COPY jobs ./jobs
COPY connectors ./connectors
COPY schema ./schema
COPY examples ./examples
USER node
ENTRYPOINT ["npx", "dvc-sync"]
