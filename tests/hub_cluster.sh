#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the hub tests and benchmarks, on a private port, with TLS
# (a certificate authority made here signs the server's certificate for localhost/127.0.0.1).
#
#   tests/hub_cluster.sh start DIR PORT   # prints the admin URL on its last line
#   tests/hub_cluster.sh stop DIR
#
# As root, the cluster runs as the `postgres` user (PostgreSQL refuses to run as root).
set -euo pipefail

cmd="${1:?start or stop}"
dir="${2:?a folder for the cluster}"

bindir=""
if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
  bindir="$(pg_config --bindir)"
else
  for d in /usr/lib/postgresql/*/bin; do
    if [ -x "$d/initdb" ]; then bindir="$d"; fi
  done
fi
if [ -z "$bindir" ]; then
  echo "PostgreSQL's server programs (initdb, pg_ctl) are not installed: apt-get install postgresql" >&2
  exit 2
fi

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

case "$cmd" in
  start)
    port="${3:?a port}"
    mkdir -p "$dir"
    dir="$(cd "$dir" && pwd)"
    if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir"; fi
    password="tamga-test-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
    printf '%s\n' "$password" >"$dir/pwfile"
    if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir/pwfile"; fi
    as_owner "$bindir/initdb" -D "$dir/data" -U tamga_admin --pwfile="$dir/pwfile" \
      --auth-host=scram-sha-256 --auth-local=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1
    # TLS: a CA of our own, and the server's certificate signed by it.
    (
      cd "$dir"
      openssl req -x509 -new -nodes -newkey rsa:2048 -days 2 -subj "/CN=Tamga test CA" \
        -keyout ca.key -out ca.crt >/dev/null 2>&1
      openssl req -new -nodes -newkey rsa:2048 -subj "/CN=localhost" \
        -keyout server.key -out server.csr >/dev/null 2>&1
      printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n' >ext.cnf
      openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 \
        -extfile ext.cnf -out server.crt >/dev/null 2>&1
      cp server.crt server.key data/
      chmod 600 data/server.key
      if [ "$(id -u)" -eq 0 ]; then chown postgres data/server.crt data/server.key; fi
      chmod 644 ca.crt
    )
    cat >>"$dir/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
ssl = on
ssl_cert_file = 'server.crt'
ssl_key_file = 'server.key'
max_connections = 120
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null
    echo "postgres://tamga_admin:$password@localhost:$port/postgres?sslrootcert=$dir/ca.crt"
    ;;
  stop)
    if [ -d "$dir/data" ]; then
      as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    ;;
  *)
    echo "usage: $0 start DIR PORT | stop DIR" >&2
    exit 2
    ;;
esac
