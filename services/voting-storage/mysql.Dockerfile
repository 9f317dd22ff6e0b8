# voting-storage 2.0: MySQL with the vote schema.
#   docker build -f services/voting-storage/mysql.Dockerfile --build-arg SERVICE_VERSION=2.0 -t voting/voting-storage:2.0 .
# At the first start on an empty data directory, the base image's entrypoint creates the database
# MYSQL_DATABASE and the account MYSQL_USER / MYSQL_PASSWORD (all four MYSQL_* values, root's
# included, come from the environment: the secret voting-storage-secret in Kubernetes), then runs
# the schema below in that database as root, which may create triggers.

# The base image: the official MySQL image by the minor tag of its LTS series (9.7), which moves
# only with 9.7's patch releases. It is multi-arch (linux/amd64 and linux/arm64).
# For a reproducible build, pin the digest the tag pointed to when tested:
#   ARG MYSQL_IMAGE=mysql:9.7@sha256:<index digest>
# (docker buildx imagetools inspect mysql:9.7 prints it, under "Digest").
ARG MYSQL_IMAGE=mysql:9.7

FROM ${MYSQL_IMAGE}

# The server's settings, in the one place every run of this image reads them: an option file in
# /etc/mysql/conf.d, which the base image's /etc/my.cnf includes last. Kubernetes (k8s/step-3) and
# docker-compose.yml pass no arguments, so both run exactly these; a deploy check keeps them from
# overriding them again.
# - datadir: the data lives in a folder of its own on the volume mounted at /var/lib/mysql, since a
#   fresh disk holds lost+found and mysqld refuses to initialise a directory that is not empty.
# - skip-name-resolve: accounts are matched by address, and a slow DNS cannot stall a login.
# - skip-log-bin: no binary log; nothing replicates from this server, and it would fill a small volume.
# - innodb-buffer-pool-size: a small buffer pool suits a store of two counts.
RUN printf '%s\n' \
      '# voting-storage 2.0: written by services/voting-storage/mysql.Dockerfile' \
      '[mysqld]' \
      'datadir=/var/lib/mysql/data' \
      'skip-name-resolve' \
      'skip-log-bin' \
      'innodb-buffer-pool-size=64M' \
      >/etc/mysql/conf.d/voting.cnf \
    && chmod 0644 /etc/mysql/conf.d/voting.cnf

ARG SERVICE_VERSION
RUN test -n "${SERVICE_VERSION}" \
    || { echo "Build with --build-arg SERVICE_VERSION=<version>, e.g. 2.0" >&2; exit 1; }
ENV SERVICE_VERSION=${SERVICE_VERSION}
LABEL org.opencontainers.image.title="voting-storage" \
      org.opencontainers.image.description="Votes in MySQL" \
      org.opencontainers.image.version="${SERVICE_VERSION}"

COPY services/voting-storage/sql/schema.sql /docker-entrypoint-initdb.d/10-schema.sql

# The base image's "mysql" user (999:999). Its data and socket directories are writable by it; a
# volume mounted on /var/lib/mysql must be too (in Kubernetes: fsGroup 999).
USER 999:999
EXPOSE 3306
# The base image's entrypoint starts mysqld with the settings of voting.cnf above. Add no flags
# here: whoever replaces this CMD (Kubernetes args, compose command) would drop them silently.
CMD ["mysqld"]
