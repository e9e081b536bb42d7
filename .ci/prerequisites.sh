# Sourced by run.sh and test.sh: makes sure what they need is on the machine, installing it where it may.
# - the .NET SDK (cannot be installed from here: say so and stop);
# - a PostgreSQL server: a configured connection string, a Docker engine (tests), or the server binaries, which are
#   installed from the distribution's packages when missing and this user may install packages;
# - Debian's chromium for the browser tests (Playwright drives it; it never downloads a browser of its own).

ensure_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "The .NET SDK (10.0) is required and was not found on PATH." >&2
    exit 1
  fi
}

have_postgres_binaries() {
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1
}

ensure_postgres() {
  have_postgres_binaries && return 0
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "PostgreSQL server binaries not found: installing Debian's postgresql package…"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    have_postgres_binaries && return 0
  fi
  echo "PostgreSQL server binaries are required (Debian: sudo apt-get install postgresql)," >&2
  echo "or set ${1} to the connection string of a PostgreSQL 15+ server." >&2
  exit 1
}

ensure_chromium() {
  [ -x /usr/bin/chromium ] && return 0
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "chromium not found: installing Debian's chromium package for the browser tests…"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    [ -x /usr/bin/chromium ] && return 0
  fi
  echo "The browser tests need Debian's chromium at /usr/bin/chromium (sudo apt-get install chromium)." >&2
  exit 1
}
