# Source this: starts a throwaway PostgreSQL on 127.0.0.1 (as root, data under /tmp),
# exports LAGEBILD_TEST_POSTGRES and stops the server on exit, whatever happens.
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PGROOT=$(mktemp -d /tmp/pgtest.XXXXXX)
PGPORT=${PGPORT:-54329}
stop_postgres() {
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGROOT/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PGROOT"
}
trap stop_postgres EXIT
mkdir -p "$PGROOT/data" "$PGROOT/sock"
chown -R postgres:postgres "$PGROOT"
chmod 700 "$PGROOT/data"
runuser -u postgres -- "$PGBIN/initdb" -D "$PGROOT/data" -U postgres -A trust -E UTF8 \
  --locale=C.UTF-8 >/dev/null
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/server.log" -w -t 30 \
  -o "-p $PGPORT -k $PGROOT/sock -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
runuser -u postgres -- "$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres lagebild
export LAGEBILD_TEST_POSTGRES="postgresql+psycopg://postgres@127.0.0.1:$PGPORT/lagebild"
