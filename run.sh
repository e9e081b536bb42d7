#!/usr/bin/env bash
# Runs the Progression service with demo data. Without ConnectionStrings__Progression it uses the embedded default:
# a private PostgreSQL cluster in .data/postgres (created on the first run, reused and kept afterwards).
# Extra arguments go to the service, e.g. ./run.sh --urls http://127.0.0.1:5099, or mint a development token:
# ./run.sh token --role coordinator --municipality 0101
# ./run.sh reliability [--minutes 10] runs the fault suite instead (two nodes on PostgreSQL clusters of its own).
set -euo pipefail
cd "$(dirname "$0")"
. .ci/prerequisites.sh
ensure_dotnet
if [ "${1:-}" = reliability ]; then
  shift
  ensure_postgres PROGRESSION_TEST_DB
  exec dotnet run --project tests/Progression.Reliability -c Release -- "$@"
fi
[ -n "${ConnectionStrings__Progression:-}" ] || ensure_postgres ConnectionStrings__Progression

export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
export Demo__Load="${Demo__Load:-true}"
export Database__DataDirectory="${Database__DataDirectory:-$PWD/.data/postgres}"
exec dotnet run --project src/Progression.Api -c Release -- "$@"
