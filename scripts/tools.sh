#!/usr/bin/env bash
# Installs the pinned local servers (nats-server, FerretDB) into .tools/bin when they are missing,
# and checks that PostgreSQL's server programs are there for FerretDB's backend (FERRETDB_BACKEND=sqlite
# needs none). Only the Go module proxy is contacted.
set -euo pipefail
NATS_SERVER_VERSION="${NATS_SERVER_VERSION:-v2.14.9}"
FERRETDB_VERSION="${FERRETDB_VERSION:-v1.24.2}"
# The benches' fixed-rate HTTP load (scripts/bench-http.ts), built only with --bench.
VEGETA_VERSION="${VEGETA_VERSION:-v12.13.0}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="$root/.tools/bin"
mkdir -p "$bin"

# Output captured first: a pipe into `grep -q` or `head` can end the writer with SIGPIPE, which pipefail turns into a failure.
# `npm start` against servers of your own (NATS_URL and MONGO_URL both set) needs no local tools.
if [ "${1:-}" = "--for-start" ] && [ -n "${NATS_URL:-}" ] && [ -n "${MONGO_URL:-}" ]; then
  exit 0
fi

# FerretDB's PostgreSQL backend: the machine's server programs (libs/testing/src/servers.ts finds them the same way).
check_postgres() {
  [ "${FERRETDB_BACKEND:-postgresql}" = "sqlite" ] && return 0
  local dir
  for dir in ${PG_BIN:-} $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -rn) $(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)"); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/postgres" ] && [ -x "$dir/pg_isready" ]; then
      return 0
    fi
  done
  cat >&2 <<MSG
PostgreSQL's server programs (initdb, postgres, pg_isready) are not installed; FerretDB runs on them.
Install them (Debian/Ubuntu: apt-get install postgresql; Fedora: dnf install postgresql-server;
macOS: brew install postgresql), or set PG_BIN to their directory, or use FerretDB's slower SQLite
backend: FERRETDB_BACKEND=sqlite.
MSG
  return 1
}

have() {
  [ -x "$bin/$1" ] || return 1
  local out
  out="$("$bin/$1" --version 2>/dev/null || true)"
  [[ "$out" == *"$2"* ]]
}

if [ "${1:-}" != "--for-start" ] || [ -z "${MONGO_URL:-}" ]; then
  check_postgres
fi

# vegeta prints no version of its own when built with go install: the module version Go recorded in the binary says it.
have_vegeta() {
  [ "${1:-}" != "--bench" ] && return 0
  [ -x "$bin/vegeta" ] || return 1
  local out
  out="$(go version -m "$bin/vegeta" 2>/dev/null || true)"
  [[ "$out" == *"github.com/tsenart/vegeta/v12"*"$VEGETA_VERSION"* ]]
}

if have nats-server "${NATS_SERVER_VERSION#v}" && have ferretdb "$FERRETDB_VERSION" && have_vegeta "${1:-}"; then
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  cat >&2 <<MSG
Go is not installed, so the pinned servers cannot be built here.
Get them another way, then point the platform at them:
  - package manager: install nats-server (2.10 or newer, JetStream) and FerretDB 1.24 (or MongoDB),
    then set NATS_URL and MONGO_URL to the running servers;
  - or run everything in containers: docker compose up
  - or install Go (1.22+) and run this script again.
MSG
  exit 1
fi

if ! have nats-server "${NATS_SERVER_VERSION#v}"; then
  echo "tools: building nats-server $NATS_SERVER_VERSION" >&2
  GOBIN="$bin" go install "github.com/nats-io/nats-server/v2@$NATS_SERVER_VERSION"
fi

if ! have ferretdb "$FERRETDB_VERSION"; then
  # 'go install' of FerretDB panics at start: its version.txt is generated, not in the module.
  # So build from a writable copy of the module with version.txt written.
  echo "tools: building ferretdb $FERRETDB_VERSION" >&2
  moddir="$(cd "$root" && GOFLAGS=-mod=mod go mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  [ -n "$moddir" ] || { echo "tools: could not download FerretDB $FERRETDB_VERSION" >&2; exit 1; }
  src="$root/.tools/src/ferretdb-$FERRETDB_VERSION"
  rm -rf "$src"; mkdir -p "$(dirname "$src")"
  cp -r "$moddir" "$src"; chmod -R u+w "$src"
  echo "$FERRETDB_VERSION" > "$src/build/version/version.txt"
  (cd "$src" && go build -o "$bin/ferretdb" ./cmd/ferretdb)
  rm -rf "$src"
fi
if ! have_vegeta "${1:-}"; then
  echo "tools: building vegeta $VEGETA_VERSION" >&2
  GOBIN="$bin" go install "github.com/tsenart/vegeta/v12@$VEGETA_VERSION"
fi
version_line="$("$bin/ferretdb" --version)"
echo "$("$bin/nats-server" --version); ferretdb ${version_line%%$'\n'*}" >&2
