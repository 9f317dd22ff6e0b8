# voting-storage 1.0: Redis, holding one counter per vote option.
#   docker build -f services/voting-storage/redis.Dockerfile --build-arg SERVICE_VERSION=1.0 -t voting/voting-storage:1.0 .

# The base image: the official Redis image by its minor tag, which moves only with 8.10's patch
# releases. It is multi-arch (linux/amd64 and linux/arm64, among others).
# For a reproducible build, pin the digest the tag pointed to when tested:
#   ARG REDIS_IMAGE=redis:8.10-alpine@sha256:<index digest>
# (docker buildx imagetools inspect redis:8.10-alpine prints it, under "Digest").
ARG REDIS_IMAGE=redis:8.10-alpine

FROM ${REDIS_IMAGE}

ARG SERVICE_VERSION
RUN test -n "${SERVICE_VERSION}" \
    || { echo "Build with --build-arg SERVICE_VERSION=<version>, e.g. 1.0" >&2; exit 1; }
ENV SERVICE_VERSION=${SERVICE_VERSION}
LABEL org.opencontainers.image.title="voting-storage" \
      org.opencontainers.image.description="Vote counters in Redis" \
      org.opencontainers.image.version="${SERVICE_VERSION}"

# The base image's "redis" user (999, group 1000), which owns /data. Starting as that user, and
# redis-server directly rather than through the base image's entrypoint, means nothing runs as
# root, no privileges are dropped at start, and no optional modules are loaded.
USER 999:1000
WORKDIR /data
EXPOSE 6379
ENTRYPOINT ["redis-server"]
# The pod network is the boundary (and, under Istio, mutual TLS), so Redis listens on every
# address without protected mode. Counts survive a Redis restart through the append-only file.
# With noeviction a full store refuses writes instead of dropping someone's votes.
CMD ["--port", "6379", \
     "--bind", "*", "-::*", \
     "--protected-mode", "no", \
     "--dir", "/data", \
     "--appendonly", "yes", \
     "--appendfsync", "everysec", \
     "--maxmemory", "64mb", \
     "--maxmemory-policy", "noeviction"]
