#!/usr/bin/env bash
# A real single-node Apache Cassandra 5.0 (cassandra-all from Maven Central) on 127.0.0.1, without Docker.
#
#   scripts/cassandra.sh start | stop | status | wait | cql-port
#
# Env: CASSANDRA_DATA (default <repo>/.cassandra), CASSANDRA_HEAP (512m), CASSANDRA_CQL_PORT (9042),
#      CASSANDRA_STORAGE_PORT (7000), CASSANDRA_START_TIMEOUT (180 s), JAVA_HOME (must be Java 17: 5.0 fails on 25).
# The server's classpath is resolved once by Maven (scripts/cassandra/pom.xml) and cached in the data dir.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
data=${CASSANDRA_DATA:-$root/.cassandra}
heap=${CASSANDRA_HEAP:-512m}
cql_port=${CASSANDRA_CQL_PORT:-9042}
storage_port=${CASSANDRA_STORAGE_PORT:-7000}
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
pidfile=$data/cassandra.pid
cpfile=$data/classpath.txt

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$cql_port") 2>/dev/null; }
running() { [[ -f $pidfile ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

wait_for_cql() {
  local timeout=${1:-${CASSANDRA_START_TIMEOUT:-180}} start=$SECONDS
  until port_open; do
    if ! running; then
      echo "cassandra: the server died during start; last lines of $data/logs/stdout.log:" >&2
      tail -30 "$data/logs/stdout.log" >&2 || true
      return 1
    fi
    if (( SECONDS - start > timeout )); then echo "cassandra: CQL port $cql_port not open after ${timeout}s" >&2; return 1; fi
    sleep 0.5
  done
}

java_major() { "$java" -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print (v[1] == "1" ? v[2] : v[1])}'; }

start() {
  if running; then echo "cassandra: already running (pid $(cat "$pidfile"))"; return 0; fi
  local major; major=$(java_major)
  if [[ $major != 17 && $major != 11 ]]; then
    echo "cassandra: needs Java 17 (or 11), found $major at '$java'; set JAVA_HOME" >&2; return 1
  fi
  if port_open; then echo "cassandra: port $cql_port is already in use by another process" >&2; return 1; fi
  mkdir -p "$data"/{data,commitlog,saved_caches,hints,cdc_raw,logs,conf,triggers}
  if [[ ! -s $cpfile ]]; then
    echo "cassandra: resolving cassandra-all from Maven Central (first start only)..."
    (cd "$here/cassandra" && mvn -B -q -ntp dependency:build-classpath -Dmdep.outputFile="$cpfile")
  fi
  sed -e "s#__DATA__#$data#g" -e "s#__CQL_PORT__#$cql_port#g" -e "s#__STORAGE_PORT__#$storage_port#g" \
    "$here/cassandra/cassandra.yaml" > "$data/conf/cassandra.yaml"
  local cp jamm
  cp=$(cat "$cpfile")
  jamm=$(tr ':' '\n' < "$cpfile" | grep '/jamm-' | head -1)
  local opts=(
    "-Xms$heap" "-Xmx$heap" -Xss256k -XX:+UseG1GC -XX:+ParallelRefProcEnabled -XX:MaxGCPauseMillis=300
    -XX:+HeapDumpOnOutOfMemoryError -XX:+ExitOnOutOfMemoryError "-XX:HeapDumpPath=$data/logs" -XX:+PerfDisableSharedMem
    -Djava.net.preferIPv4Stack=true "-javaagent:$jamm" -ea
    # JPMS openings Cassandra 5.0 needs on Java 17 (from its conf/jvm17-server.options)
    -Djdk.attach.allowAttachSelf=true
    --add-exports java.base/jdk.internal.misc=ALL-UNNAMED
    --add-exports java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED
    --add-exports java.rmi/sun.rmi.registry=ALL-UNNAMED
    --add-exports java.rmi/sun.rmi.server=ALL-UNNAMED
    --add-exports java.sql/java.sql=ALL-UNNAMED
    --add-exports java.base/java.lang.ref=ALL-UNNAMED
    --add-exports jdk.unsupported/sun.misc=ALL-UNNAMED
    --add-exports jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED
    --add-exports jdk.attach/sun.tools.attach=ALL-UNNAMED
    --add-opens java.base/java.lang.module=ALL-UNNAMED
    --add-opens java.base/jdk.internal.loader=ALL-UNNAMED
    --add-opens java.base/jdk.internal.ref=ALL-UNNAMED
    --add-opens java.base/jdk.internal.reflect=ALL-UNNAMED
    --add-opens java.base/jdk.internal.math=ALL-UNNAMED
    --add-opens java.base/jdk.internal.module=ALL-UNNAMED
    --add-opens java.base/jdk.internal.util.jar=ALL-UNNAMED
    --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED
    --add-opens java.base/sun.nio.ch=ALL-UNNAMED
    --add-opens java.base/java.io=ALL-UNNAMED
    --add-opens java.base/java.lang.reflect=ALL-UNNAMED
    --add-opens jdk.compiler/com.sun.tools.javac=ALL-UNNAMED
    --add-opens java.base/java.lang=ALL-UNNAMED
    --add-opens java.base/java.util=ALL-UNNAMED
    -Dio.netty.tryReflectionSetAccessible=true
    # what bin/cassandra and cassandra-env.sh would set
    "-Dcassandra.config=file://$data/conf/cassandra.yaml"
    "-Dlogback.configurationFile=$here/cassandra/logback.xml"
    "-Dcassandra.logdir=$data/logs" "-Dcassandra.storagedir=$data" "-Dcassandra.triggers_dir=$data/triggers"
    -Dcassandra-foreground=yes -Dcassandra.jmx.local.port=${CASSANDRA_JMX_PORT:-7199}
    # single node: no need to wait for gossip to settle
    -Dcassandra.skip_wait_for_gossip_to_settle=0 -Dcassandra.ring_delay_ms=1000
    -Dcassandra.superuser_setup_delay_ms=0 -Dcassandra.initial_token=0
  )
  local t0=$SECONDS
  nohup "$java" "${opts[@]}" -cp "$cp" org.apache.cassandra.service.CassandraDaemon \
    > "$data/logs/stdout.log" 2>&1 < /dev/null &
  echo $! > "$pidfile"
  echo "cassandra: started pid $(cat "$pidfile"), data in $data"
  wait_for_cql
  echo "cassandra: CQL port $cql_port open after $((SECONDS - t0))s"
}

stop() {
  if [[ ! -f $pidfile ]]; then echo "cassandra: not running"; return 0; fi
  local pid; pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then echo "cassandra: no exit 30 s after SIGTERM, sending SIGKILL"; kill -KILL "$pid"; fi
  fi
  rm -f "$pidfile"
  echo "cassandra: stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if running; then echo "cassandra: running (pid $(cat "$pidfile"), rss $(ps -o rss= -p "$(cat "$pidfile")" | tr -d ' ') kB)"; else echo "cassandra: stopped"; exit 1; fi ;;
  wait) wait_for_cql "${2:-}" ;;
  cql-port) echo "$cql_port" ;;
  *) echo "usage: $0 start|stop|status|wait|cql-port" >&2; exit 2 ;;
esac
