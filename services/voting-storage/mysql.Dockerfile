# voting-storage 2.0: MySQL with the vote schema.
#   docker build -f services/voting-storage/mysql.Dockerfile --build-arg SERVICE_VERSION=2.0 -t voting/voting-storage:2.0 .
# At the first start on an empty data directory, the base image's entrypoint creates the database
# MYSQL_DATABASE and the account MYSQL_USER / MYSQL_PASSWORD (all four MYSQL_* values, root's
# included, come from the environment: the secret voting-storage-secret in Kubernetes), then runs
# the schema below in that database as root, which may create triggers.

ARG MYSQL_IMAGE=mysql:9.7.2

FROM ${MYSQL_IMAGE}

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
# Names are not resolved: accounts are matched by address, and a slow DNS cannot stall a login.
# No binary log: nothing replicates from this server, and it would fill a small volume. A small
# buffer pool suits a store of two counts.
CMD ["mysqld", \
     "--skip-name-resolve", \
     "--disable-log-bin", \
     "--innodb-buffer-pool-size=64M"]
