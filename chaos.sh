#!/usr/bin/env bash
# The chaos run, long (issue 12; docs/reliability.md, "Faults"): a Kafka broker and the four services
# as separate processes, a GreenMail mail catcher, concurrent imports on the two demo accounts and on
# two accounts created through account events; meanwhile 24 SIGKILLs spread over the four services
# (each started again on its own state folder, one on an empty one) and 2 broker restarts (SIGTERM,
# then SIGKILL). Then it checks every promise from the topics (read_committed) and the API, prints
# one line of figures and exits non-zero on any breach.
#
#   ./chaos.sh                  the long run (about 7 minutes on 2 cores)
#   ./chaos.sh -Dchaos.kills=8  any setting of ChaosRun.Settings, and any Maven option
#                               (e.g. -o -Dmaven.repo.local=...)
#
# Settings (Maven -D properties): chaos.kills (24), chaos.broker-restarts (2), chaos.imports (24),
# chaos.min-rows (30), chaos.max-rows (80), chaos.min-gap-seconds (6), chaos.max-gap-seconds (16),
# chaos.settle-seconds (300), chaos.seed (the clock).
# The short version (4 kills, 1 broker restart) runs with the tests (ChaosRunTest in end-to-end-tests).
# Needs no free fixed port (every port is chosen free) and does not touch ./run.sh's .data/.
# Work folder and process logs: end-to-end-tests/target/chaos/ (figures.txt holds the last figures).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [[ "${1:-}" == -h || "${1:-}" == --help ]]; then
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'
  exit 0
fi
command -v mvn >/dev/null || { echo "chaos.sh: Maven (mvn) is needed" >&2; exit 1; }
cd "$ROOT"
status=0
mvn -B -Dstyle.color=never -pl end-to-end-tests -am verify \
  -Dtest=ChaosRunTest -Dsurefire.failIfNoSpecifiedTests=false -DskipITs \
  -Dchaos.kills=24 -Dchaos.broker-restarts=2 -Dchaos.imports=24 -Dchaos.min-rows=30 -Dchaos.max-rows=80 \
  -Dchaos.min-gap-seconds=6 -Dchaos.max-gap-seconds=16 -Dchaos.settle-seconds=300 -Dchaos.seed="$(date +%s)" \
  "$@" || status=$?
figures="$ROOT/end-to-end-tests/target/chaos/figures.txt"
echo
if [[ -s "$figures" ]]; then
  cat "$figures"
else
  echo "chaos.sh: the run ended without figures; see end-to-end-tests/target/surefire-reports/" >&2
fi
exit "$status"
