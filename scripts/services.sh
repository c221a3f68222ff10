#!/usr/bin/env bash
# Make sure the real PostgreSQL and Redis the tests use answer on 127.0.0.1.
# Start them if they are installed but stopped; on a fresh Debian machine (as root)
# install them from Debian's packages first. Tests never skip these components.
set -euo pipefail

pg_up() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
redis_up() { [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = "PONG" ]; }

install_missing() {
  local packages=()
  command -v pg_ctlcluster >/dev/null 2>&1 || packages+=(postgresql)
  command -v redis-server >/dev/null 2>&1 || packages+=(redis-server)
  [ ${#packages[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "services.sh: please install ${packages[*]} (needs root and apt-get)" >&2
    exit 1
  fi
  echo "services.sh: installing ${packages[*]} from Debian's packages" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
}

trust_loopback() {
  # Test machines only: let the postgres user in over 127.0.0.1 without a password.
  local hba
  hba=$(ls /etc/postgresql/*/main/pg_hba.conf 2>/dev/null | head -n1)
  [ -n "$hba" ] || return 0
  if ! grep -q "watchkeeper-tests" "$hba"; then
    sed -i '1i host all all 127.0.0.1/32 trust # watchkeeper-tests\nhost all all ::1/128 trust # watchkeeper-tests' "$hba"
  fi
}

if ! pg_up || ! redis_up; then
  install_missing
fi

if ! pg_up; then
  trust_loopback
  version=$(ls /etc/postgresql | sort -n | tail -n1)
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  pg_ctlcluster --skip-systemctl-redirect "$version" main reload || true
fi

if ! redis_up; then
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
fi

for _ in $(seq 1 30); do
  if pg_up && redis_up; then
    echo "services.sh: PostgreSQL and Redis answer on 127.0.0.1" >&2
    exit 0
  fi
  sleep 1
done
pg_up || echo "services.sh: PostgreSQL does not answer on 127.0.0.1:5432" >&2
redis_up || echo "services.sh: Redis does not answer on 127.0.0.1:6379" >&2
exit 1
