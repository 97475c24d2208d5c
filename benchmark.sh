#!/usr/bin/env bash
# The benchmark (issue 13; docs/performance.md): a Kafka broker and the four services as separate
# processes, GreenMail as the SMTP server, accounts of its own made through account events (the demo
# data is not touched). It prints a table of figures, each the median and worst of several runs,
# beside the limits measured in the same run:
#   1. a 1,000-row import, every column filled: upload -> COMPLETED, upload -> last email accepted
#   2. validate-only of the same file: warm, and the first import after the services start
#   4a. the same number of records through a pass-through Kafka Streams chain (same hops,
#       exactly_once_v2, the pipeline's commit interval) on the same broker
#   4b. the same emails sent straight to the same SMTP server over the notification service's
#       number of connections (the notification service's connections)
# and the ratios of 1 to them.
#
#   3. 50 accounts importing 1,000 rows each at once: users created/s, emails/s, each import's
#      upload -> COMPLETED; users/s as a share of 4a carrying as many records (50,000)
#   5. (--scale only) 250,000 rows created on one account (limits raised for the run, every service
#      at -Xmx512m, no emails): upload -> COMPLETED, its ratio to 250 x scenario 1's median, and
#      every service's peak heap (from its GC log)
#
#   ./benchmark.sh                    1,000 rows, 3 counted runs, 1 warm-up import, 50 accounts at
#                                     once (about 20 minutes on 2 cores: scenario 3's 100,000 emails)
#   ./benchmark.sh --scale            the same and scenario 5 (about 15 minutes more)
#   ./benchmark.sh -Dbench.runs=5     any setting, and any Maven option (e.g. -o -Dmaven.repo.local=...)
#
# Settings (Maven -D properties): bench.rows (1000), bench.runs (3), bench.warmups (1),
# bench.accounts (50), bench.scaleRows (0; --scale sets 250000).
# A tiny run (20 rows, one run) is BenchmarkTest in end-to-end-tests, part of the tests.
# Needs no free fixed port (every port is chosen free) and does not touch ./run.sh's .data/.
# Work folder and process logs: end-to-end-tests/target/benchmark/; the table: figures.txt there.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [[ "${1:-}" == -h || "${1:-}" == --help ]]; then
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'
  exit 0
fi
command -v mvn >/dev/null || { echo "benchmark.sh: Maven (mvn) is needed" >&2; exit 1; }
scale=0
if [[ "${1:-}" == --scale ]]; then
  scale=250000
  shift
fi
cd "$ROOT"
figures="$ROOT/end-to-end-tests/target/benchmark/figures.txt"
rm -f "$figures"
status=0
mvn -B -Dstyle.color=never -pl end-to-end-tests -am verify \
  -Dtest=BenchmarkTest -Dsurefire.failIfNoSpecifiedTests=false -DskipITs \
  -Dbench.rows=1000 -Dbench.runs=3 -Dbench.warmups=1 -Dbench.accounts=50 -Dbench.scaleRows="$scale" \
  "$@" || status=$?
echo
if [[ -s "$figures" ]]; then
  cat "$figures"
else
  echo "benchmark.sh: the run ended without figures; see end-to-end-tests/target/surefire-reports/" >&2
fi
exit "$status"
