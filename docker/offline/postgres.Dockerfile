# syntax=docker/dockerfile:1
# PostgreSQL from Debian's packages, for the offline build: the meeting records' database. It takes
# the public postgres image's settings (POSTGRES_DB, POSTGRES_USER, POSTGRES_PASSWORD), data folder
# (/var/lib/postgresql/data) and uid (999), so a deployment may switch between the two images and
# keep its volume (bookworm packages PostgreSQL 15, as the public image's tag in deploy.sh is).
ARG BASE_IMAGE=localhost/huddle-base:bookworm
FROM ${BASE_IMAGE}
# No cluster from the package's postinst: the entrypoint makes one in the volume on first start.
RUN groupadd --system --gid 999 postgres \
 && useradd --system --uid 999 --gid postgres --home-dir /var/lib/postgresql --shell /bin/bash postgres \
 && mkdir -p /etc/postgresql-common/createcluster.d \
 && echo 'create_main_cluster = false' >/etc/postgresql-common/createcluster.d/huddle.conf \
 && apt-get update -q \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql \
 && rm -rf /var/lib/apt/lists/* \
 && ln -s "$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)" /usr/local/lib/postgresql-bin \
 && mkdir -p /var/lib/postgresql/data /var/run/postgresql \
 && chown postgres:postgres /var/lib/postgresql /var/lib/postgresql/data /var/run/postgresql \
 && chmod 700 /var/lib/postgresql/data
ENV PATH=/usr/local/lib/postgresql-bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    PGDATA=/var/lib/postgresql/data
COPY postgres-entrypoint.sh /usr/local/bin/postgres-entrypoint.sh
USER postgres
VOLUME /var/lib/postgresql/data
EXPOSE 5432
# A fast shutdown (ends sessions, checkpoints), as the public image does.
STOPSIGNAL SIGINT
ENTRYPOINT ["/usr/local/bin/postgres-entrypoint.sh"]
CMD ["postgres"]
