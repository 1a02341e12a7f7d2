# One recipe for every service's image:
#   docker build --build-arg SERVICE=licences      -t lmp-licences      .
#   docker build --build-arg SERVICE=transmissions -t lmp-transmissions .
#   docker build --build-arg SERVICE=reporting     -t lmp-reporting     .
#   docker build --build-arg SERVICE=messaging     -t lmp-messaging     .
#   docker build --build-arg SERVICE=gateway       -t lmp-gateway       .
#   docker build --build-arg SERVICE=web           -t lmp-web           .
#   docker build --build-arg SERVICE=eulogin-dev   -t lmp-eulogin-dev   .
# Why one file: the workspaces share one lockfile and the packages/ sources, the services run
# their TypeScript with tsx (no build step), and `lmp-migrate deploy --all` needs every
# services/*/prisma folder. So the images differ only in the command; the layers are shared.
ARG NODE_IMAGE=node:24-slim

# Just the package manifests (and the workspaces' bin scripts: npm links only those that exist,
# e.g. lmp-migrate), so the install layer below is rebuilt only when they change. COPY with a glob
# would flatten the workspace folders.
FROM ${NODE_IMAGE} AS manifests
WORKDIR /app
COPY . .
RUN find . -type f ! -name package.json ! -name package-lock.json ! -name .npmrc ! -path './*/bin/*' -delete

# Production dependencies of every workspace, exactly as locked: `npm ci` refuses a lockfile that
# does not match the package.json files rather than resolving versions anew inside the build.
# tsx comes with them: it is a runtime dependency of @lmp/db. No install scripts, as on the
# development machines (.npmrc).
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY --from=manifests /app ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm cache clean --force

FROM ${NODE_IMAGE}
ARG SERVICE
# Fail the build, not the first start, when SERVICE is missing.
RUN test -n "${SERVICE}" || { echo "build with --build-arg SERVICE=<name>" >&2; exit 1; }
ENV SERVICE=${SERVICE}
# Services listen on loopback unless told otherwise; in a container they must answer on its address.
ENV HOST=0.0.0.0
WORKDIR /app
COPY --from=deps /app ./
COPY . .
RUN test -f "services/${SERVICE}/src/start.ts"
# The node user of the base image, by number so Kubernetes can verify runAsNonRoot. The files
# stay owned by root: the process cannot change its own code. tsx caches compiled files in /tmp.
USER 1000:1000
# exec: tsx is PID 1 (not sh) and relays SIGTERM to the service, which then shuts down cleanly.
CMD ["sh", "-c", "exec node_modules/.bin/tsx services/${SERVICE}/src/start.ts"]
