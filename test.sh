#!/usr/bin/env bash
# Runs every test against a real PostgreSQL: PROGRESSION_TEST_DB if set, else a Docker container if an engine answers,
# else a throwaway cluster from the local binaries (installed here if missing); the browser tests drive Debian's chromium
# (installed here if missing). Extra arguments go to `dotnet test`.
set -euo pipefail
cd "$(dirname "$0")"
. .ci/prerequisites.sh
ensure_dotnet
[ -n "${PROGRESSION_TEST_DB:-}" ] || ensure_postgres PROGRESSION_TEST_DB
ensure_chromium

rm -rf TestResults
dotnet test Progression.sln -c Release --logger "trx;LogFilePrefix=results" --results-directory TestResults "$@"
