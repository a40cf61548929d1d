#!/usr/bin/env bash
# A throwaway PostgreSQL server on 127.0.0.1 for tests and trials (never for a force's real data: trust auth).
#   bash scripts/postgres.sh start DIR [PORT] [OWNER_PID]
#                                              initialises DIR if empty, starts the server, prints the connection string;
#                                              with OWNER_PID, stops the server and removes DIR once that process is gone
#   bash scripts/postgres.sh stop DIR           stops it (fast shutdown; DIR is kept)
#   bash scripts/postgres.sh kill DIR           stops it at once (immediate shutdown: what a crash looks like)
# Run as root, the server runs as the 'postgres' user Debian's package creates (initdb refuses root).
set -euo pipefail
cmd=${1:?usage: postgres.sh start|stop|kill DIR [PORT]}
dir=${2:?usage: postgres.sh start|stop|kill DIR [PORT]}

bindir=""
if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then bindir=$(pg_config --bindir); fi
if [ -z "$bindir" ]; then bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true); fi
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "postgres.sh: PostgreSQL's server programs were not found (install Debian's 'postgresql': bash scripts/setup.sh)" >&2
  exit 2
fi

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# A port from 10000 up to the start of the kernel's ephemeral range that no socket holds at this moment.
free_port() {
  python3 - <<'PY'
import random, socket
low = 10000
try:
    high = int(open("/proc/sys/net/ipv4/ip_local_port_range").read().split()[0]) - 1
except (OSError, ValueError, IndexError):
    high = 32767
if high < low + 1000:
    # An ephemeral range starting that low leaves no room below it: any port, and the retries below for a lost race.
    high = 65535
for _ in range(200):
    port = random.randint(low, high)
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port))
    except OSError:
        continue
    finally:
        s.close()
    print(port)
    break
else:
    raise SystemExit("no free port")
PY
}

case "$cmd" in
  start)
    port=${3:-}
    mkdir -p "$dir"
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir"; fi
    chmod 700 "$dir"
    if [ ! -f "$dir/PG_VERSION" ]; then
      as_owner "$bindir/initdb" -D "$dir" -U lfr -A trust -E UTF8 --locale=C.UTF-8 >"$dir.initdb.log" 2>&1 \
        || { echo "postgres.sh: initdb failed (see $dir.initdb.log)" >&2; exit 2; }
    fi
    # Without a port given, one below the kernel's ephemeral range (where no outgoing connection's local port can
    # take it between the choice and the server's bind) that nothing holds now; if another taker still wins the
    # race, the server cannot bind, and a new port is tried.
    tries=1; chosen=""
    if [ -z "$port" ]; then tries=5; chosen=yes; fi
    started=""
    for _ in $(seq 1 "$tries"); do
      if [ -n "$chosen" ]; then port=$(free_port); fi
      # The log is appended to: only this attempt's lines say why it failed.
      logged=$(stat -c %s "$dir/server.log" 2>/dev/null || echo 0)
      # The log and the socket live in the data folder: the server can always write there. wal_recycle=off: WAL
      # segments a checkpoint no longer needs are deleted, not renamed for reuse with their old bytes (crypto-shredded
      # evidence keys must not survive in them; docs/central-store.md).
      if as_owner "$bindir/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 30 \
           -o "-c listen_addresses=127.0.0.1 -p $port -k '$dir' -c fsync=on -c max_connections=100 -c wal_recycle=off" start >/dev/null; then
        started=yes; break
      fi
      # A server that did not answer within the wait may still be starting: stopped, so nothing is left running.
      as_owner "$bindir/pg_ctl" -D "$dir" -m immediate -w stop >/dev/null 2>&1 || true
      tail -c +"$((logged + 1))" "$dir/server.log" 2>/dev/null | grep -q "could not bind\|Address already in use" || break
    done
    if [ -z "$started" ]; then
      echo "postgres.sh: the server did not start on port $port; the end of $dir/server.log:" >&2
      tail -c +"$((logged + 1))" "$dir/server.log" 2>/dev/null | tail -n 5 >&2 || true
      exit 2
    fi
    owner=${4:-}
    if [ -n "$owner" ]; then
      # A test process that dies without cleaning up must not leave servers behind.
      setsid bash -c "while kill -0 $owner 2>/dev/null; do sleep 2; done
        $(declare -f as_owner); as_owner '$bindir/pg_ctl' -D '$dir' -m immediate -w stop >/dev/null 2>&1; rm -rf '$dir' '$dir.initdb.log'" \
        </dev/null >/dev/null 2>&1 &
    fi
    echo "Host=127.0.0.1;Port=$port;Username=lfr;Database=postgres"
    ;;
  stop) as_owner "$bindir/pg_ctl" -D "$dir" -m fast -w stop >/dev/null ;;
  kill) as_owner "$bindir/pg_ctl" -D "$dir" -m immediate -w stop >/dev/null ;;
  *) echo "postgres.sh: unknown command '$cmd' (start, stop or kill)" >&2; exit 2 ;;
esac
