#!/usr/bin/env bash
# Runs bulk user import on this machine, with no Docker:
#   a single-node Apache Kafka broker (KRaft) from Kafka's own jars, the GreenMail mail catcher,
#   the demo fixture (first start only), and the four services as separate processes.
# Stops everything it started on Ctrl-C. Data is kept in .data/ between runs.
#
#   ./run.sh                 start (builds what is missing or older than its sources)
#   ./run.sh --fresh         delete .data/ first: empty broker, fixture loaded again
#   ./run.sh --instances N   N processes of each service (default 1), each in its service's consumer
#                            group with its own port, state folder and log (see "Instances" below)
#   ./run.sh --help
#
# Debug switches (environment):
#   RUN_SH_ONLY_INFRA=1   start Kafka, GreenMail and the fixture only, not the services
#   RUN_SH_NO_BUILD=1     never run Maven, even when sources are newer than the jars
#   RUN_SH_TIMEOUT=180    seconds the services may take to be ready, all together (180 per instance
#                         of each with --instances)
#   RUN_SH_JAVA_OPTS=...  JVM options of the four services
#   RUN_SH_CDS=0          no class-data sharing: the services, Kafka and GreenMail start without archives
#
# Faster starts: each service starts from its jar extracted under .data/cds/<service>/ with a
# class-data sharing archive of the classes its start loads, made once per build (a training run
# that builds the service's application context and exits) and made again when the jar changes;
# --fresh keeps them. Without an archive (or with a stale one) a service starts as before. On a warm
# start (the fixture loaded before) the services start once Kafka listens, not once it is usable.
#
# Supervision: a process that stops by itself (a service, Kafka or GreenMail) is started again, on
# the same data, with a message; more than RUN_SH_MAX_RESTARTS restarts of one process within
# RUN_SH_RESTART_WINDOW seconds stops everything.
#   RUN_SH_MAX_RESTARTS=5        restarts of one process allowed in the window (0: stop at once)
#   RUN_SH_RESTART_WINDOW=600    the window, in seconds
#
# Instances (--instances N): instance 1 of each service is the one of a plain ./run.sh (ports
# 8080-8083, state in .data/state/<service>, log .data/logs/<service>-service.log); instance i >= 2
# has ports 8080+10*(i-1) onwards in the same order (instance 2: ingest 8090, validation 8091,
# provisioning 8092, notification 8093), state in .data/state/<service>-<i> and log
# .data/logs/<service>-service-<i>.log. Each serves its health and metrics on its own port. Every
# instance is supervised on its own; run.sh is ready when every instance is. The topics' partitions
# are chosen once, when .data's Kafka storage is made: 3, or N when N is larger (kept in
# .data/kafka/partitions). A later --instances above that number is refused: adding partitions to
# the keyed topics moves accounts between partitions (docs/operations.md, "Partitions and
# instances"); start with --fresh to have more.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DATA="$ROOT/.data"
LOGS="$DATA/logs"
LOCK="$DATA/run.pid"
# Inside the Kafka folder: Kafka data deleted by hand means the fixture is loaded again.
FIXTURE_MARKER="$DATA/kafka/fixture-loaded"
PASSWORD_KEY_FILE="$DATA/password.key"
# Class-data sharing: per service, its extracted jar and archive (build output, kept by --fresh).
CDS_DIR="$DATA/cds"

LIB="$ROOT/local-run/target/lib"
TOOLS_CLASSPATH="$ROOT/local-run/target/classes:$LIB/*"
GREENMAIL_JAR="$ROOT/local-run/target/greenmail/greenmail-standalone.jar"
BROKER_PROPERTIES="$ROOT/local-run/src/main/config/server.properties"
BROKER_LOG4J="$ROOT/local-run/src/main/config/broker-log4j2.properties"
TOOLS_LOG4J="$ROOT/local-run/src/main/config/tools-log4j2.properties"

HOST=127.0.0.1
KAFKA_PORT=9092
CONTROLLER_PORT=9093
SMTP_PORT=3025
IMAP_PORT=3143
MAIL_API_PORT=8025
# The topics' partitions when .data's Kafka storage is new (decide_partitions): at least INSTANCES.
DEFAULT_PARTITIONS=3
PARTITIONS="$DEFAULT_PARTITIONS"
# Inside the Kafka folder, as the topics: the partitions they were made with.
PARTITIONS_FILE="$DATA/kafka/partitions"
BOOTSTRAP="$HOST:$KAFKA_PORT"

# The four services: name, HTTP port. Started in this order, stopped together.
SERVICES=(ingest-service validation-service provisioning-service notification-service)
declare -A SERVICE_PORT=(
  [ingest-service]=8080 [validation-service]=8081
  [provisioning-service]=8082 [notification-service]=8083
)
# Instance i (from 1) of a service listens on its SERVICE_PORT + INSTANCE_PORT_STEP * (i - 1).
INSTANCE_PORT_STEP=10
INSTANCES=1
# Every service instance (set_instances): its process name (the service's for instance 1,
# <service>-<i> after), in start order; its service and its HTTP port.
MEMBERS=()
declare -A MEMBER_SERVICE=()
declare -A MEMBER_PORT=()

ONLY_INFRA="${RUN_SH_ONLY_INFRA:-0}"
NO_BUILD="${RUN_SH_NO_BUILD:-0}"
SERVICES_TIMEOUT="${RUN_SH_TIMEOUT:-}"
USE_CDS="${RUN_SH_CDS:-1}"
# -XX:MetaspaceSize: the class metadata a service loads at start (about 21 MB beside its archive,
# 60-70 MB without) stays under the first metadata collection's threshold: at its default (21 MB)
# every service made a full collection while starting (0.2-0.6 s each, docs/performance.md).
SERVICE_JAVA_OPTS="${RUN_SH_JAVA_OPTS:--Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:MetaspaceSize=96m -XX:+ExitOnOutOfMemoryError}"
# The notification service runs at a lower CPU priority once it is ready (lower_priority): sending
# emails takes the CPU that creating users leaves, so an import reaches COMPLETED sooner and its
# emails follow (docs/performance.md).
NOTIFICATION_NICENESS="${RUN_SH_NOTIFICATION_NICENESS:-10}"
MAX_RESTARTS="${RUN_SH_MAX_RESTARTS:-5}"
RESTART_WINDOW="${RUN_SH_RESTART_WINDOW:-600}"
KAFKA_TIMEOUT=90
GREENMAIL_TIMEOUT=30
KAFKA_STARTED=0
GREENMAIL_STARTED=0
BUILD_SECONDS=0
VERSION=""

# Processes this script started, in start order: "name pid" pairs.
STARTED_NAMES=()
STARTED_PIDS=()
LOCK_HELD=0
STOPPING=0
# Supervision: per process, the times (SECONDS) of its restarts; the services not yet ready again.
declare -A RESTART_TIMES=()
declare -A NOT_READY_AGAIN=()

# ---------------------------------------------------------------------------------------------
# Messages
# ---------------------------------------------------------------------------------------------
# Messages never fail the script: when its output is gone (a closed terminal, a pipe whose reader
# was stopped by the same Ctrl-C), it must still stop everything it started.
info() { printf '%s\n' "$*" 2>/dev/null || true; }
step() { printf '==> %s\n' "$*" 2>/dev/null || true; }
fail() { printf 'run.sh: %s\n' "$*" >&2; exit 1; }

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'
}

# Prints the last lines of a log, to say why something did not start.
show_log_tail() {
  local log="$1"
  if [[ -s "$log" ]]; then
    printf -- '----- last lines of %s -----\n' "$log" >&2
    tail -n 40 "$log" >&2
    printf -- '----- end of %s -----\n' "$log" >&2
  fi
}

# ---------------------------------------------------------------------------------------------
# Processes
# ---------------------------------------------------------------------------------------------

# True while the process runs (a child that exited but is not yet reaped does not count).
is_running() {
  local pid="$1" stat state
  kill -0 "$pid" 2>/dev/null || return 1
  if [[ -r "/proc/$pid/stat" ]]; then
    stat="$(cat "/proc/$pid/stat" 2>/dev/null)" || return 1
    state="${stat##*) }"
    [[ "${state:0:1}" != "Z" ]]
  else
    state="$(ps -o stat= -p "$pid" 2>/dev/null)" || return 1
    [[ -n "$state" && "${state:0:1}" != "Z" ]]
  fi
}

# Starts a background process whose output goes to .data/logs/<name>.log (the previous run's log
# becomes <name>.log.1) and remembers it. A process restarted by the supervisor (RESTARTING=1)
# keeps its pid slot, and its log goes on in the same file, after the lines of its death.
# Background processes of a script ignore the terminal's Ctrl-C: this script stops them itself,
# in order.
RESTARTING=0
start_process() {
  local name="$1"; shift
  local log="$LOGS/$name.log" i
  if ((RESTARTING)); then
    printf '===== %s: started again by run.sh at %s =====\n' "$name" "$(date '+%F %T')" >>"$log"
  else
    if [[ -f "$log" ]]; then mv -f "$log" "$log.1"; fi
    printf '===== %s: started by run.sh at %s =====\n' "$name" "$(date '+%F %T')" >"$log"
  fi
  "$@" >>"$log" 2>&1 </dev/null &
  for i in "${!STARTED_NAMES[@]}"; do
    if [[ "${STARTED_NAMES[$i]}" == "$name" ]]; then
      STARTED_PIDS[$i]="$!"
      return 0
    fi
  done
  STARTED_NAMES+=("$name")
  STARTED_PIDS+=("$!")
}

pid_of() {
  local name="$1" i
  for i in "${!STARTED_NAMES[@]}"; do
    if [[ "${STARTED_NAMES[$i]}" == "$name" ]]; then
      printf '%s' "${STARTED_PIDS[$i]}"
      return 0
    fi
  done
  return 1
}

# Sends TERM to the named processes, waits up to <grace> seconds, then KILLs what is left (their
# names in KILLED), and reaps them all.
KILLED=()
stop_processes() {
  local grace="$1"; shift
  local name pid pids=() names=()
  for name in "$@"; do
    pid="$(pid_of "$name")" || continue
    if is_running "$pid"; then
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$pid"); names+=("$name")
    fi
  done
  ((${#pids[@]})) || return 0
  info "    stopping ${names[*]}"
  local deadline=$((SECONDS + grace)) alive
  while :; do
    alive=0
    for pid in "${pids[@]}"; do
      if is_running "$pid"; then alive=1; fi
    done
    ((alive)) || break
    if ((SECONDS >= deadline)); then
      local i
      for i in "${!pids[@]}"; do
        if is_running "${pids[$i]}"; then
          info "    ${names[$i]} (pid ${pids[$i]}) did not stop in ${grace} s: killing it"
          kill -KILL "${pids[$i]}" 2>/dev/null || true
          KILLED+=("${names[$i]}")
        fi
      done
      break
    fi
    sleep 0.2
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
}

# Stops everything this script started: the services first, then GreenMail, then Kafka.
stop_all() {
  ((STOPPING)) && return 0
  STOPPING=1
  trap '' INT TERM HUP PIPE
  local pid
  for pid in "${TRAINING_PIDS[@]}"; do
    pkill -TERM -P "$pid" 2>/dev/null || true
    kill -TERM "$pid" 2>/dev/null || true
  done
  if ((${#STARTED_PIDS[@]})); then
    step "Stopping bulk user import"
    stop_processes 30 "${MEMBERS[@]}"
    stop_processes 10 greenmail
    stop_processes 45 kafka
    keep_infra_archive greenmail
    keep_infra_archive kafka
    info "    everything is stopped"
  fi
  release_lock
}

on_signal() {
  printf '\n' 2>/dev/null || true
  exit 130
}

# ---------------------------------------------------------------------------------------------
# Lock: one run.sh at a time
# ---------------------------------------------------------------------------------------------

is_run_sh() {
  local pid="$1"
  is_running "$pid" || return 1
  if [[ -r "/proc/$pid/cmdline" ]]; then
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'run\.sh'
  else
    ps -o command= -p "$pid" 2>/dev/null | grep -q 'run\.sh'
  fi
}

acquire_lock() {
  mkdir -p "$DATA"
  local other
  for _ in 1 2; do
    if (set -o noclobber; printf '%s\n' "$$" >"$LOCK") 2>/dev/null; then
      LOCK_HELD=1
      return 0
    fi
    other="$(cat "$LOCK" 2>/dev/null || true)"
    if [[ "$other" =~ ^[0-9]+$ ]] && is_run_sh "$other"; then
      fail "bulk user import is already running (pid $other); stop it with Ctrl-C in its terminal"
    fi
    # A lock left by a run that was killed: take it over.
    rm -f "$LOCK"
  done
  fail "cannot take the lock $LOCK"
}

release_lock() {
  if ((LOCK_HELD)) && [[ "$(cat "$LOCK" 2>/dev/null || true)" == "$$" ]]; then
    rm -f "$LOCK"
  fi
  LOCK_HELD=0
}

# ---------------------------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------------------------

check_java() {
  command -v java >/dev/null || fail "java is not on the PATH; install a Java 17 (or newer) runtime"
  local version
  version="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')"
  if [[ -z "$version" || "${version%%.*}" -lt 17 ]]; then
    fail "Java 17 or newer is needed; 'java' is version ${version:-unknown}"
  fi
}

# True when something listens on the port.
port_busy() {
  local port="$1"
  if command -v ss >/dev/null; then
    [[ -n "$(ss -Hltn "sport = :$port" 2>/dev/null)" ]]
  else
    (exec 3<>"/dev/tcp/$HOST/$port") 2>/dev/null
  fi
}

# "(by java, pid 123)" when ss can tell who listens on the port.
port_user() {
  local port="$1" users
  command -v ss >/dev/null || return 0
  users="$(ss -Hltnp "sport = :$port" 2>/dev/null | grep -o 'users:(("[^"]*",pid=[0-9]*' | head -n 1)" || true
  [[ -n "$users" ]] && printf '(by %s, pid %s)' "$(cut -d'"' -f2 <<<"$users")" "${users##*pid=}"
  return 0
}

check_ports() {
  local port ports=("$KAFKA_PORT" "$CONTROLLER_PORT" "$SMTP_PORT" "$IMAP_PORT" "$MAIL_API_PORT")
  if [[ "$ONLY_INFRA" != 1 ]]; then
    local s
    for s in "${MEMBERS[@]}"; do ports+=("${MEMBER_PORT[$s]}"); done
  fi
  for port in "${ports[@]}"; do
    if port_busy "$port"; then
      fail "port $port is already in use $(port_user "$port"); bulk user import needs ports ${ports[*]}" \
        "(a run.sh that was killed with kill -9 leaves its java processes behind: stop them by their pid)"
    fi
  done
}

# ---------------------------------------------------------------------------------------------
# Build
# ---------------------------------------------------------------------------------------------

# The project's version, from the root pom (the <version> after <artifactId>bulk-user-import</artifactId>).
project_version() {
  local version
  version="$(sed -n '/<artifactId>bulk-user-import<\/artifactId>/{n;s|.*<version>\(.*\)</version>.*|\1|p;q;}' "$ROOT/pom.xml")"
  [[ -n "$version" ]] || fail "cannot read the project's version from $ROOT/pom.xml"
  printf '%s' "$version"
}

service_jar() {
  printf '%s/%s/target/%s-%s-exec.jar' "$ROOT" "$1" "$1" "$VERSION"
}

# Builds with Maven when an artifact is missing, or a source or pom is newer than the last build
# (the newer of run.sh's build stamp and the oldest service jar, which every Maven package rewrites).
build_if_needed() {
  local stamp="$ROOT/local-run/target/run-sh-build.stamp"
  local artifacts=("$GREENMAIL_JAR" "$LIB/user-import-events-$VERSION.jar"
    "$ROOT/local-run/target/classes/com/bulkimport/localrun/BrokerProbe.class")
  local mvn_args=(-B -q install -DskipTests)
  local reference="$stamp" oldest_jar="" s jar
  if [[ "$ONLY_INFRA" == 1 ]]; then
    mvn_args=(-B -q -pl local-run -am install -DskipTests)
  else
    for s in "${SERVICES[@]}"; do
      jar="$(service_jar "$s")"
      artifacts+=("$jar")
      if [[ -f "$jar" && ( -z "$oldest_jar" || "$jar" -ot "$oldest_jar" ) ]]; then oldest_jar="$jar"; fi
    done
    if [[ -n "$oldest_jar" && ( ! -f "$stamp" || "$stamp" -ot "$oldest_jar" ) ]]; then reference="$oldest_jar"; fi
  fi

  local why="" a
  for a in "${artifacts[@]}"; do
    if [[ ! -f "$a" ]]; then why="${a#"$ROOT/"} is missing"; break; fi
  done
  if [[ -z "$why" && ! -f "$reference" ]]; then why="no build by run.sh yet"; fi
  if [[ -z "$why" ]]; then
    local newer
    local where=("$ROOT")
    # Without the services, only the broker's side of the build matters.
    [[ "$ONLY_INFRA" == 1 ]] && where=("$ROOT/pom.xml" "$ROOT/local-run" "$ROOT/user-import-events")
    newer="$(find "${where[@]}" \( -name target -o -name .data -o -name .git -o -name node_modules \) -prune -o \
      -type f \( -path '*/src/main/*' -o -name pom.xml \) -newer "$reference" -print -quit)"
    if [[ -n "$newer" ]]; then why="${newer#"$ROOT/"} changed since the last build"; fi
  fi
  [[ -z "$why" ]] && return 0

  if [[ "$NO_BUILD" == 1 ]]; then
    info "    ($why, but RUN_SH_NO_BUILD=1: not building)"
    return 0
  fi
  command -v mvn >/dev/null || fail "Maven (mvn) is needed to build: $why"
  step "Building with Maven ($why); a first build downloads dependencies and takes a few minutes"
  # Stamped before the build, so that a file edited during the build counts as changed next time.
  mkdir -p "$(dirname "$stamp")"
  local stamp_new="$stamp.new"
  : >"$stamp_new"
  local build_started=$SECONDS
  (cd "$ROOT" && mvn -Dstyle.color=never "${mvn_args[@]}") || fail "the build failed (mvn ${mvn_args[*]}); see the output above"
  for a in "${artifacts[@]}"; do
    [[ -f "$a" ]] || fail "the build did not produce ${a#"$ROOT/"}"
  done
  mv -f "$stamp_new" "$stamp"
  BUILD_SECONDS=$((SECONDS - build_started))
}

# ---------------------------------------------------------------------------------------------
# Kafka
# ---------------------------------------------------------------------------------------------

# Kafka's settings are local-run/src/main/config/server.properties; this fills in its @NAME@s.
write_server_properties() {
  mkdir -p "$DATA/kafka/logs"
  if [[ "$DATA" == *[\\\|\&]* ]]; then
    fail "cannot write Kafka's settings: the data folder $DATA has a \\, | or & in its path"
  fi
  sed -e "s|@HOST@|$HOST|g" -e "s|@KAFKA_PORT@|$KAFKA_PORT|g" -e "s|@CONTROLLER_PORT@|$CONTROLLER_PORT|g" \
    -e "s|@LOG_DIRS@|$DATA/kafka/logs|g" -e "s|@PARTITIONS@|$PARTITIONS|g" \
    "$BROKER_PROPERTIES" >"$DATA/kafka/server.properties"
  if grep -q '@[A-Z_]*@' "$DATA/kafka/server.properties"; then
    fail "$BROKER_PROPERTIES has a @NAME@ that run.sh does not fill in"
  fi
}

format_kafka_storage_once() {
  [[ -f "$DATA/kafka/logs/meta.properties" ]] && return 0
  local cluster_id
  cluster_id="$(java -Dlog4j2.configurationFile="$TOOLS_LOG4J" -cp "$LIB/*" kafka.tools.StorageTool random-uuid 2>>"$LOGS/kafka-format.log")" \
    || { show_log_tail "$LOGS/kafka-format.log"; fail "cannot make a Kafka cluster id"; }
  java -Dlog4j2.configurationFile="$TOOLS_LOG4J" -cp "$LIB/*" kafka.tools.StorageTool format \
    -t "$cluster_id" -c "$DATA/kafka/server.properties" --standalone >>"$LOGS/kafka-format.log" 2>&1 \
    || { show_log_tail "$LOGS/kafka-format.log"; fail "cannot format the Kafka storage in $DATA/kafka/logs"; }
  info "    formatted new Kafka storage (cluster id $cluster_id)"
}

# Waits until the port accepts connections, while the process lives.
wait_for_port() {
  local name="$1" port="$2" timeout="$3" pid
  pid="$(pid_of "$name")"
  local deadline=$((SECONDS + timeout))
  until (exec 3<>"/dev/tcp/$HOST/$port") 2>/dev/null; do
    if ! is_running "$pid"; then
      show_log_tail "$LOGS/$name.log"
      fail "$name stopped while starting; its log is $LOGS/$name.log"
    fi
    if ((SECONDS >= deadline)); then
      show_log_tail "$LOGS/$name.log"
      fail "$name did not open port $port in $timeout s; its log is $LOGS/$name.log"
    fi
    sleep 0.2
  done
}

start_kafka() {
  step "Starting Kafka (KRaft, single node) on $BOOTSTRAP"
  KAFKA_STARTED=$SECONDS
  write_server_properties
  format_kafka_storage_once
  # java itself, not a function or a subshell, so that its pid is the one stopped later.
  infra_cds_option kafka "$LIB"
  # C1 only, as the services: the broker's C2 compilations took about half its CPU through the
  # first imports (1.5 against 3.5 CPU s for the first 1,000-row import, 1.2 against 2.1 for the
  # next; docs/performance.md), on the 2 cores the services need.
  start_process kafka java "${INFRA_CDS[@]}" -Xms512m -Xmx512m -XX:+UseG1GC -XX:TieredStopAtLevel=1 \
    -Dlog4j2.configurationFile="$BROKER_LOG4J" \
    -cp "$LIB/*" kafka.Kafka "$DATA/kafka/server.properties"
}

wait_for_kafka() {
  wait_for_port kafka "$KAFKA_PORT" "$KAFKA_TIMEOUT"
  if ((SERVICES_STARTED)); then
    # A warm start: the services, launched as Kafka began to listen, check its topics (and make
    # those missing) and start their transactions themselves, and are ready only once they have.
    # A probe JVM beside them would only take CPU from their start.
    info "    Kafka is listening in $((SECONDS - KAFKA_STARTED)) s (the services check its topics and transactions)"
    return 0
  fi
  # Usable, not just listening: topics created, transactions accepted (the fixture needs both).
  java -Dlog4j2.configurationFile="$TOOLS_LOG4J" -cp "$TOOLS_CLASSPATH" \
    com.bulkimport.localrun.BrokerProbe "$BOOTSTRAP" 60 "$PARTITIONS" >>"$LOGS/broker-probe.log" 2>&1 \
    || { show_log_tail "$LOGS/broker-probe.log"; show_log_tail "$LOGS/kafka.log"; \
         fail "Kafka is not usable; see $LOGS/kafka.log"; }
  info "    Kafka is ready in $((SECONDS - KAFKA_STARTED)) s (topics with $PARTITIONS partitions, transactions accepted)"
}

# ---------------------------------------------------------------------------------------------
# GreenMail
# ---------------------------------------------------------------------------------------------

# The HTTP status code of a GET, or nothing when there is no answer.
http_status() {
  local url="$1"
  if command -v curl >/dev/null; then
    curl -sS -o /dev/null --max-time 3 -w '%{http_code}' "$url" 2>/dev/null || true
  else
    local hostport="${url#http://}"; hostport="${hostport%%/*}"
    local path="/${url#http://*/}"
    # shellcheck disable=SC2016 # expanded by the inner bash
    timeout 3 bash -c 'exec 3<>"/dev/tcp/${1%:*}/${1#*:}" && printf "GET %s HTTP/1.0\r\nHost: %s\r\n\r\n" "$2" "$1" >&3 && head -n 1 <&3' \
      _ "$hostport" "$path" 2>/dev/null | sed -n 's|^HTTP/[0-9.]* \([0-9]*\).*|\1|p'
  fi
}

start_greenmail() {
  step "Starting GreenMail (SMTP $HOST:$SMTP_PORT, IMAP $HOST:$IMAP_PORT, web $HOST:$MAIL_API_PORT)"
  GREENMAIL_STARTED=$SECONDS
  infra_cds_option greenmail "$GREENMAIL_JAR"
  # C1 only and the serial collector, as the services: with C2, GreenMail spent 2.4-4.8 CPU s of
  # each of the first 1,000-row imports compiling, against 0.7-1.4 s in all with C1, on the 2 cores
  # the services need; the import's last email came 0.3-1.7 s sooner (docs/performance.md).
  start_process greenmail java "${INFRA_CDS[@]}" -Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
    -Dgreenmail.setup.test.smtp -Dgreenmail.setup.test.imap \
    -Dgreenmail.hostname="$HOST" -Dgreenmail.auth.disabled \
    -Dgreenmail.api.hostname="$HOST" -Dgreenmail.api.port="$MAIL_API_PORT" \
    -jar "$GREENMAIL_JAR"
}

wait_for_greenmail() {
  wait_for_port greenmail "$SMTP_PORT" "$GREENMAIL_TIMEOUT"
  wait_for_port greenmail "$IMAP_PORT" "$GREENMAIL_TIMEOUT"
  wait_for_port greenmail "$MAIL_API_PORT" "$GREENMAIL_TIMEOUT"
  info "    GreenMail is ready in $((SECONDS - GREENMAIL_STARTED)) s"
}

# ---------------------------------------------------------------------------------------------
# Fixture and secrets
# ---------------------------------------------------------------------------------------------

load_fixture_once() {
  if [[ -f "$FIXTURE_MARKER" ]]; then
    info "    demo fixture already loaded ($(cat "$FIXTURE_MARKER"))"
    return 0
  fi
  step "Loading the demo fixture (first start)"
  local out
  out="$(java -Dlog4j2.configurationFile="$TOOLS_LOG4J" -cp "$TOOLS_CLASSPATH" \
    com.bulkimport.events.FixtureLoader "$BOOTSTRAP" "$PARTITIONS" 2>>"$LOGS/fixture-loader.log")" \
    || { show_log_tail "$LOGS/fixture-loader.log"; fail "cannot load the demo fixture; see $LOGS/fixture-loader.log"; }
  printf '%s\n' "$out" >>"$LOGS/fixture-loader.log"
  info "    $out"
  printf '%s\n' "$(date '+%F %T')" >"$FIXTURE_MARKER"
}

# The key that seals temporary passwords from provisioning to notification; made once, kept.
ensure_password_key() {
  if [[ ! -s "$PASSWORD_KEY_FILE" ]]; then
    (umask 077; head -c 32 /dev/urandom | base64 | tr -d '\n' >"$PASSWORD_KEY_FILE")
    info "    made a new password-sealing key in $PASSWORD_KEY_FILE"
  fi
  chmod 600 "$PASSWORD_KEY_FILE"
}

# ---------------------------------------------------------------------------------------------
# Services
# ---------------------------------------------------------------------------------------------

# The service's arguments and environment, in SERVICE_ARGS and SERVICE_ENV; with a second argument,
# those of its class-data sharing training (train_cds): that state folder, any free port.
service_settings() {
  local member="$1" name="${MEMBER_SERVICE[$1]:-$1}" port="${MEMBER_PORT[$1]:-${SERVICE_PORT[$1]}}"
  # instance 1: .data/state/ingest (as ever); instance i: .data/state/ingest-<i>
  local state="$DATA/state/${name%-service}${member#"$name"}"
  if [[ -n "${2:-}" ]]; then port=0; state="$2"; fi
  SERVICE_ARGS=(
    "--spring.kafka.bootstrap-servers=$BOOTSTRAP"
    "--server.port=$port"
    "--bulkimport.kafka.partitions=$PARTITIONS"
    # on a warm start the services start while Kafka becomes usable: their topic check waits for it (default 30 s)
    "--spring.kafka.admin.operation-timeout=${KAFKA_TIMEOUT}s"
  )
  SERVICE_ENV=()
  local -n args=SERVICE_ARGS env=SERVICE_ENV
  case "$name" in
    ingest-service|validation-service|provisioning-service|notification-service)
      args+=("--bulkimport.kafka.state-dir=$state") ;;
  esac
  case "$name" in
    ingest-service)
      # the Spring profile of the demo administrators (production signs in with an identity provider)
      args+=("--spring.profiles.active=local") ;;
    provisioning-service|notification-service)
      # The key goes through the environment, not the command line, which every local user can read.
      env+=("SPRING_APPLICATION_JSON={\"bulkimport.password-key\":\"$(cat "$PASSWORD_KEY_FILE")\"}") ;;
  esac
  if [[ "$name" == notification-service ]]; then
    args+=("--spring.mail.host=$HOST" "--spring.mail.port=$SMTP_PORT"
           "--bulkimport.mail.from=no-reply@bulkimport.local")
  fi
}

# Starts a service instance (a MEMBERS name); every instance of a service runs from the service's
# jar and class-data sharing archive.
start_service() {
  local member="$1" name="${MEMBER_SERVICE[$1]:-$1}" jar cds=()
  service_settings "$member"
  jar="$(service_jar "$name")"
  if cds_ready "$name"; then
    jar="$CDS_DIR/$name/app/$(basename "$jar")"
    cds=("-XX:SharedArchiveFile=$CDS_DIR/$name/app.jsa")
    if compgen -G "$CDS_DIR/$name/native/*.so" >/dev/null; then
      cds+=("-Djava.library.path=$CDS_DIR/$name/native")
    fi
  fi
  mkdir -p "$DATA/state"
  # env execs java: the pid stays the JVM's.
  # shellcheck disable=SC2086 # the JVM options are a list of words
  start_process "$member" env "${SERVICE_ENV[@]}" java "${cds[@]}" $SERVICE_JAVA_OPTS -jar "$jar" "${SERVICE_ARGS[@]}"
}

# Once a notification instance is ready, it runs at a lower CPU priority (NOTIFICATION_NICENESS):
# every thread it has (Linux sets the priority per thread), and those it starts later inherit it.
# Not before: it starts as fast as the others.
lower_priority() {
  local member="$1" pid
  [[ "${MEMBER_SERVICE[$member]:-$member}" == notification-service && "$NOTIFICATION_NICENESS" != 0 ]] || return 0
  pid="$(pid_of "$member")" || return 0
  if [[ -d "/proc/$pid/task" ]]; then
    # shellcheck disable=SC2046 # one thread id per word
    renice -n "$NOTIFICATION_NICENESS" -p $(ls "/proc/$pid/task") >/dev/null 2>&1 || true
  else
    renice -n "$NOTIFICATION_NICENESS" -p "$pid" >/dev/null 2>&1 || true
  fi
}

# ---------------------------------------------------------------------------------------------
# Class-data sharing
# ---------------------------------------------------------------------------------------------

# The broker and GreenMail archive their own classes when they stop: a start without a usable
# archive (none yet, or older than the jars it was made from) runs with -XX:ArchiveClassesAtExit,
# which writes <name>.jsa.new as the JVM exits; a clean stop keeps it (keep_infra_archive) and the
# next start maps it. A JVM that refuses an archive (another JDK, say) starts without one, as before.
# Sets INFRA_CDS to the JVM option for <name>, whose classes come from <jar or folder>.
INFRA_CDS=()
infra_cds_option() {
  local from="$2" archive="$CDS_DIR/$1.jsa"
  INFRA_CDS=()
  [[ "$USE_CDS" == 1 ]] || return 0
  mkdir -p "$CDS_DIR"
  if [[ -s "$archive" && -z "$(find "$from" -newer "$archive" -print -quit 2>/dev/null)" ]]; then
    INFRA_CDS=("-XX:SharedArchiveFile=$archive")
  else
    rm -f "$archive" "$archive.new"
    INFRA_CDS=("-XX:ArchiveClassesAtExit=$archive.new")
  fi
}

# After <name> stopped: its archive, written as it exited, is kept unless it was killed mid-way.
keep_infra_archive() {
  local archive="$CDS_DIR/$1.jsa" k
  [[ -f "$archive.new" ]] || return 0
  for k in "${KILLED[@]}"; do
    if [[ "$k" == "$1" ]]; then rm -f "$archive.new"; return 0; fi
  done
  if [[ -s "$archive.new" ]]; then mv -f "$archive.new" "$archive"; else rm -f "$archive.new"; fi
}

# True when the service has an archive made from its current jar.
cds_ready() {
  local dir="$CDS_DIR/$1"
  [[ "$USE_CDS" == 1 && -s "$dir/app.jsa" && "$dir/app.jsa" -nt "$(service_jar "$1")" \
     && -f "$dir/app/$(basename "$(service_jar "$1")")" \
     && "$(cat "$dir/java-opts" 2>/dev/null)" == "$SERVICE_JAVA_OPTS" ]]
}

# Extracts the service's jar (Spring Boot's jarmode tools: a plain jar beside its libraries, which
# class-data sharing can map, unlike a jar inside a jar) and makes its archive with a training run:
# the application context built, then the JVM exits before anything starts (spring.context.exit),
# writing the classes it loaded (-XX:ArchiveClassesAtExit). The archive holds for the JVM options
# it was made with (kept beside it): other RUN_SH_JAVA_OPTS make it again. The training needs no
# Kafka (no topic check), no port and none of the service's state. Its output goes to
# .data/logs/<service>-cds.log; it fails when no archive was made.
train_cds() {
  local name="$1" dir="$CDS_DIR/$1" log="$LOGS/$1-cds.log" jar made=0
  jar="$(service_jar "$name")"
  rm -rf "$dir"
  mkdir -p "$dir"
  service_settings "$name" "$dir/training-state"
  {
    java -Djarmode=tools -jar "$jar" extract --destination "$dir/app" &&
    # shellcheck disable=SC2086 # the JVM options are a list of words
    env "${SERVICE_ENV[@]}" java -XX:ArchiveClassesAtExit="$dir/app.jsa.new" -Dspring.context.exit=onRefresh \
      $SERVICE_JAVA_OPTS -jar "$dir/app/$(basename "$jar")" "${SERVICE_ARGS[@]}" \
      --spring.kafka.admin.auto-create=false --spring.kafka.admin.fail-fast=false
  } >"$log" 2>&1 </dev/null && [[ -s "$dir/app.jsa.new" ]] && mv -f "$dir/app.jsa.new" "$dir/app.jsa" \
    && printf '%s' "$SERVICE_JAVA_OPTS" >"$dir/java-opts" && made=1
  rm -rf "$dir/training-state"
  ((made)) || return 1
  extract_rocksdb_library "$dir"
}

# RocksDB's native library, taken out of its jar once, beside the archive: RocksDB loads it from
# java.library.path when it is there (start_service passes the folder), instead of writing its
# 15 MB to a temporary file on every start (about 0.1 CPU s per service). Only this machine's
# library (x86-64 or arm64 Linux); anywhere else, or without unzip or jar, RocksDB takes it out of
# its jar at each start as before, and a library that does not load (musl) is skipped by RocksDB.
extract_rocksdb_library() {
  local dir="$1" rocksdb lib
  case "$(uname -sm)" in
    "Linux x86_64") lib=librocksdbjni-linux64.so ;;
    "Linux aarch64") lib=librocksdbjni-linux-aarch64.so ;;
    *) return 0 ;;
  esac
  rocksdb="$(compgen -G "$dir/app/lib/rocksdbjni-*.jar" | head -n 1)" || return 0
  [[ -n "$rocksdb" ]] || return 0
  mkdir -p "$dir/native"
  if command -v unzip >/dev/null; then
    unzip -q -o -j "$rocksdb" "$lib" -d "$dir/native" >/dev/null 2>&1 || rm -rf "$dir/native"
  elif command -v jar >/dev/null; then
    (cd "$dir/native" && jar xf "$rocksdb" "$lib") >/dev/null 2>&1 || rm -rf "$dir/native"
  else
    rm -rf "$dir/native"
  fi
  return 0
}

# Makes the archives that are missing or older than their jar, the services side by side; a
# training that fails leaves its service starting from its jar, with a message.
TRAINING_PIDS=()
prepare_cds() {
  [[ "$USE_CDS" == 1 ]] || return 0
  local s todo=() i
  for s in "${SERVICES[@]}"; do cds_ready "$s" || todo+=("$s"); done
  ((${#todo[@]})) || return 0
  step "Preparing faster starts (class-data sharing, once per build): ${todo[*]}"
  local started=$SECONDS
  for s in "${todo[@]}"; do
    train_cds "$s" &
    TRAINING_PIDS+=("$!")
  done
  for i in "${!todo[@]}"; do
    if ! wait "${TRAINING_PIDS[$i]}"; then
      info "    ${todo[$i]}: no archive made (it starts from its jar); see $LOGS/${todo[$i]}-cds.log"
    fi
  done
  TRAINING_PIDS=()
  info "    done in $((SECONDS - started)) s"
}

# Ready: the service's readiness group (/actuator/health/readiness) answers 200. It includes the
# Kafka Streams health, which is UP once the topology has run (state restored, partitions assigned);
# before, it answers 503.
service_ready() {
  [[ "$(http_status "http://$HOST:$1/actuator/health/readiness")" == 200 ]]
}

SERVICES_STARTED=0
launch_services() {
  if ((INSTANCES == 1)); then
    step "Starting the four services"
  else
    step "Starting the four services, $INSTANCES instances of each"
  fi
  local s
  for s in "${MEMBERS[@]}"; do start_service "$s"; done
  SERVICES_STARTED=$SECONDS
}

start_services() {
  ((SERVICES_STARTED)) || launch_services
  local started=$SERVICES_STARTED deadline=$((SERVICES_STARTED + SERVICES_TIMEOUT)) pid s
  local -A up=()
  while ((${#up[@]} < ${#MEMBERS[@]})); do
    for s in "${MEMBERS[@]}"; do
      [[ -n "${up[$s]:-}" ]] && continue
      pid="$(pid_of "$s")"
      if ! is_running "$pid"; then
        show_log_tail "$LOGS/$s.log"
        fail "$s stopped while starting; its log is $LOGS/$s.log"
      fi
      if service_ready "${MEMBER_PORT[$s]}"; then
        up[$s]=1
        lower_priority "$s"
        info "    $s is ready on http://$HOST:${MEMBER_PORT[$s]} ($((SECONDS - started)) s)"
      fi
    done
    ((${#up[@]} == ${#MEMBERS[@]})) && break
    if ((SECONDS >= deadline)); then
      for s in "${MEMBERS[@]}"; do
        [[ -z "${up[$s]:-}" ]] && show_log_tail "$LOGS/$s.log"
      done
      fail "not every service was ready after $SERVICES_TIMEOUT s (set RUN_SH_TIMEOUT to wait longer); logs are in $LOGS"
    fi
    sleep 0.25
  done
  wait_for_account_view "$deadline"
}

# The services are up; the import view has caught up with the account events once it knows the
# demo account (on a first start it reads the whole fixture first): an ingest instance answers for
# it (with several, the one that holds its partition, at least). Needs curl; skipped without it.
wait_for_account_view() {
  local deadline="$1" started=$SECONDS
  command -v curl >/dev/null || return 0
  until account_view_knows_demo; do
    if ((SECONDS >= deadline)); then
      show_log_tail "$LOGS/ingest-service.log"
      fail "the import view did not learn the demo account in time; logs are in $LOGS"
    fi
    sleep 0.25
  done
  info "    the import view knows the demo accounts ($((SECONDS - started)) s)"
}

account_view_knows_demo() {
  local i
  for ((i = 1; i <= INSTANCES; i++)); do
    curl -fsS --max-time 3 -o /dev/null -u demo-admin:demo-admin \
      "http://$HOST:$(instance_port ingest-service "$i")/api/accounts/demo/template" 2>/dev/null && return 0
  done
  return 1
}

# ---------------------------------------------------------------------------------------------
# Instances and partitions
# ---------------------------------------------------------------------------------------------

instance_port() {
  printf '%s' "$((SERVICE_PORT[$1] + INSTANCE_PORT_STEP * ($2 - 1)))"
}

# Fills MEMBERS, MEMBER_SERVICE and MEMBER_PORT for N instances of each service.
set_instances() {
  local n="$1" s i name
  # the ports of instance n must stay below Kafka's and under 65536; far more than two cores carry
  ((n <= 100)) || fail "--instances $n: at most 100 instances of each service on one machine"
  INSTANCES="$n"
  # N times the JVMs to start on the same cores
  SERVICES_TIMEOUT="${SERVICES_TIMEOUT:-$((180 * n))}"
  MEMBERS=()
  for s in "${SERVICES[@]}"; do
    for ((i = 1; i <= n; i++)); do
      name="$s"; ((i == 1)) || name="$s-$i"
      MEMBERS+=("$name")
      MEMBER_SERVICE[$name]="$s"
      MEMBER_PORT[$name]="$(instance_port "$s" "$i")"
    done
  done
}

# The topics' partitions: those they were made with (PARTITIONS_FILE; 3 for a Kafka storage older
# than that file), or, when the storage is new, 3 or --instances when larger. Refuses more
# instances than partitions: the extra ones would stay idle, and adding partitions to the keyed
# topics would move accounts away from their state (docs/operations.md).
decide_partitions() {
  if [[ -s "$PARTITIONS_FILE" ]]; then
    PARTITIONS="$(cat "$PARTITIONS_FILE")"
    [[ "$PARTITIONS" =~ ^[1-9][0-9]*$ ]] || fail "$PARTITIONS_FILE should hold the topics' partitions, not '$PARTITIONS'"
  elif [[ -f "$DATA/kafka/logs/meta.properties" ]]; then
    PARTITIONS="$DEFAULT_PARTITIONS"
    printf '%s\n' "$PARTITIONS" >"$PARTITIONS_FILE"
  else
    PARTITIONS=$((INSTANCES > DEFAULT_PARTITIONS ? INSTANCES : DEFAULT_PARTITIONS))
    mkdir -p "$(dirname "$PARTITIONS_FILE")"
    printf '%s\n' "$PARTITIONS" >"$PARTITIONS_FILE"
  fi
  if ((INSTANCES > PARTITIONS)); then
    fail "--instances $INSTANCES: the topics in $DATA have $PARTITIONS partitions, and an instance without one" \
      "does nothing. Run at most $PARTITIONS instances, or start from an empty data folder with" \
      "./run.sh --fresh --instances $INSTANCES (its topics get $INSTANCES partitions). Adding partitions to" \
      "these topics would move accounts away from their state: see docs/operations.md, \"Partitions and instances\"."
  fi
}

# Every instance's address, when there are several.
print_instances() {
  ((INSTANCES > 1)) || return 0
  local s i
  info "  Instances             $INSTANCES of each service (topics with $PARTITIONS partitions); health, metrics on the same port:"
  for s in "${SERVICES[@]}"; do
    local line=""
    for ((i = 1; i <= INSTANCES; i++)); do line+=" http://$HOST:$(instance_port "$s" "$i")"; done
    info "$(printf '    %-20s%s' "$s" "$line")"
  done
}

# ---------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------

print_ready() {
  local took="$1"
  cat <<EOF

Bulk user import is ready (in ${took}).

EOF
  if [[ "$ONLY_INFRA" != 1 ]]; then
    print_instances
    cat <<EOF
  Page                  http://$HOST:8080/   (open it in a browser and sign in)
  API                   http://$HOST:8080/api/accounts/{accountId}/...   (HTTP Basic; the calls the page makes)
  API documentation     http://$HOST:8080/swagger-ui.html
  Demo administrators   demo-admin / demo-admin    (accounts demo and demo-small)
                        small-admin / small-admin  (account demo-small only)
EOF
  else
    info "  (RUN_SH_ONLY_INFRA=1: the services were not started)"
  fi
  cat <<EOF
  Emails sent           IMAP $HOST:$IMAP_PORT, user = the recipient's address, any password
                        http://$HOST:$MAIL_API_PORT/api/user/{email}/messages/INBOX
                        http://$HOST:$MAIL_API_PORT/ (GreenMail's API page)
  Kafka                 $BOOTSTRAP
  Logs                  $LOGS/<name>.log
  Data                  $DATA (./run.sh --fresh starts from empty)

A process that stops by itself is started again (at most $MAX_RESTARTS times in $RESTART_WINDOW s).
Press Ctrl-C to stop.
EOF
}

# Starts a process that stopped by itself again, on its own data (its state folder, Kafka's log
# folder), unless it has been restarted RUN_SH_MAX_RESTARTS times in the last RUN_SH_RESTART_WINDOW
# seconds: then everything stops.
restart_process() {
  local name="$1" pid="$2" code=0 t recent=()
  wait "$pid" 2>/dev/null || code=$?
  for t in ${RESTART_TIMES[$name]:-}; do
    if ((SECONDS - t < RESTART_WINDOW)); then recent+=("$t"); fi
  done
  local why="exit code $code"
  if ((code > 128)); then why="killed by signal $((code - 128))"; fi
  if ((${#recent[@]} >= MAX_RESTARTS)); then
    show_log_tail "$LOGS/$name.log"
    fail "$name stopped by itself ($why) after ${#recent[@]} restarts in the last $RESTART_WINDOW s" \
      "(RUN_SH_MAX_RESTARTS=$MAX_RESTARTS): stopping everything; its log is $LOGS/$name.log"
  fi
  recent+=("$SECONDS")
  RESTART_TIMES[$name]="${recent[*]}"
  info "$(date '+%T') $name stopped by itself ($why; its log is $LOGS/$name.log):" \
    "starting it again on its own data (restart ${#recent[@]} of $MAX_RESTARTS allowed in $RESTART_WINDOW s)"
  RESTARTING=1
  case "$name" in
    kafka) start_kafka >/dev/null ;;
    greenmail) start_greenmail >/dev/null ;;
    *) start_service "$name"; NOT_READY_AGAIN[$name]=$SECONDS ;;
  esac
  RESTARTING=0
  info "    $name started again (pid $(pid_of "$name"))"
}

# Waits while everything runs; a process that stops by itself is started again (restart_process),
# and a restarted service is announced once it is ready again.
watch_processes() {
  local i name
  while :; do
    for i in "${!STARTED_PIDS[@]}"; do
      if ! is_running "${STARTED_PIDS[$i]}"; then
        restart_process "${STARTED_NAMES[$i]}" "${STARTED_PIDS[$i]}"
      fi
    done
    for name in "${!NOT_READY_AGAIN[@]}"; do
      if service_ready "${MEMBER_PORT[$name]}"; then
        lower_priority "$name"
        info "$(date '+%T') $name is ready again ($((SECONDS - NOT_READY_AGAIN[$name])) s after its restart)"
        unset "NOT_READY_AGAIN[$name]"
      fi
    done
    # A background sleep lets Ctrl-C interrupt the wait at once.
    sleep 2 &
    wait $! || true
  done
}

main() {
  local fresh=0 instances=1
  while (($#)); do
    case "$1" in
      --fresh) fresh=1 ;;
      --instances)
        (($# >= 2)) || fail "--instances needs a number: --instances 2"
        instances="$2"; shift ;;
      --instances=*) instances="${1#--instances=}" ;;
      -h|--help) usage; exit 0 ;;
      *) usage >&2; fail "unknown option: $1" ;;
    esac
    shift
  done
  [[ "$instances" =~ ^[1-9][0-9]*$ ]] || fail "--instances takes a whole number of 1 or more, not '$instances'"
  set_instances "$instances"

  local t0=$SECONDS
  [[ "$MAX_RESTARTS" =~ ^[0-9]+$ ]] || fail "RUN_SH_MAX_RESTARTS must be a whole number, not '$MAX_RESTARTS'"
  [[ "$RESTART_WINDOW" =~ ^[1-9][0-9]*$ ]] || fail "RUN_SH_RESTART_WINDOW must be a number of seconds, not '$RESTART_WINDOW'"
  check_java
  VERSION="$(project_version)"
  acquire_lock
  trap stop_all EXIT
  trap on_signal INT TERM HUP
  # A write to a closed output fails (and is ignored by info) instead of killing the script.
  trap '' PIPE
  check_ports

  if ((fresh)); then
    step "Starting from an empty data folder (--fresh)"
    find "$DATA" -mindepth 1 -maxdepth 1 ! -name "$(basename "$LOCK")" ! -name "$(basename "$CDS_DIR")" -exec rm -rf {} +
  fi
  mkdir -p "$LOGS"
  decide_partitions

  build_if_needed

  # Kafka and GreenMail start side by side, and the class-data sharing archives are made meanwhile
  # when missing. On a warm start (fixture loaded, topics made before) the services start as soon
  # as Kafka listens, while it becomes usable: their topic check waits for it, and readiness is
  # what counts. (Not earlier: four JVMs starting beside it slow the broker's own start down on
  # two cores.)
  start_kafka
  start_greenmail
  if [[ "$ONLY_INFRA" != 1 ]]; then
    ensure_password_key
    prepare_cds
    if [[ -f "$FIXTURE_MARKER" ]]; then
      wait_for_port kafka "$KAFKA_PORT" "$KAFKA_TIMEOUT"
      launch_services
    fi
  fi
  wait_for_kafka
  wait_for_greenmail
  load_fixture_once
  if [[ "$ONLY_INFRA" != 1 ]]; then
    ensure_password_key
    start_services
  fi

  local took="$((SECONDS - t0 - BUILD_SECONDS)) s"
  if ((BUILD_SECONDS)); then took="$took, plus a build of $BUILD_SECONDS s"; fi
  print_ready "$took"
  watch_processes
}

main "$@"
