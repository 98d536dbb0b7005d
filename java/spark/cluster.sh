#!/usr/bin/env bash
# A Spark standalone cluster on this machine (a master and one worker on 127.0.0.1) from the jars in
# java/spark/target/lib, no Spark install needed, and spark-submit with qnnlab's jars shipped by Spark.
# See java/spark/README.md, "Running a study on a cluster".
#
#   java/spark/cluster.sh start [--cores N] [--memory 2g] [--port 7077] [--webui-port 8080]
#   java/spark/cluster.sh status
#   java/spark/cluster.sh submit [spark-submit options] --class MAIN APP.jar [ARGS]   (qnnlab's jars go in --jars)
#   java/spark/cluster.sh check [SAMPLES [SEED [REPEATS]]]   (spark-submit org.qnnlab.spark.ClusterCheck)
#   java/spark/cluster.sh jars                               (qnnlab's jars, comma-separated, for --jars)
#   java/spark/cluster.sh stop
#
# Environment: JAVA_HOME (a JDK 25; else java on the PATH), SPARK_MASTER_URL (submit/check against another master;
# default the one started here). State, logs and the worker's directory: java/spark/target/cluster.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
java_dir="$(dirname "$here")"
lib="$here/target/lib"
state="$here/target/cluster"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# qnnlab's flags (Vector API kernel, FFM); the last one silences JDK 25's warning about Spark's sun.misc.Unsafe calls
jvm_opts=(--add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow)
# the master and the worker only schedule: C1 and a small serial heap start them about 20% sooner
daemon_opts=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx512m)

die() { echo "cluster.sh: $*" >&2; exit 1; }

need_java() {
  local v
  v="$("$java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)"
  [[ -n "$v" ]] || die "cannot run '$java'; set JAVA_HOME to a JDK 25"
  (( v >= 25 )) || die "'$java' is Java $v; qnnlab and its executors need a JDK 25: set JAVA_HOME"
}

need_lib() {
  need_java
  ls "$lib"/spark-core_*.jar >/dev/null 2>&1 \
    || die "no Spark jars in $lib; build them with: ./mvnw -B package -DskipTests -pl java/spark -am"
}

# exec java -cp target/lib/* MAIN ARGS..., in the cluster's environment (run it in a subshell: it replaces the shell,
# so a background one's $! is the JVM's pid)
spark_java() {
  export SPARK_HOME="$state/spark-home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
  exec "$java" "${jvm_opts[@]}" -cp "$lib/*" "$@"
}

alive() { [[ -f "$state/$1.pid" ]] && kill -0 "$(cat "$state/$1.pid")" 2>/dev/null; }

# wait until log $1 holds $2 (at most $3 s) or process $4 died
await() {
  local log="$1" line="$2" timeout="$3" name="$4" t=0
  until grep -q "$line" "$log" 2>/dev/null; do
    alive "$name" || { tail -n 30 "$log" >&2; die "the $name exited (log: $log)"; }
    (( t++ < timeout * 5 )) || { tail -n 30 "$log" >&2; die "the $name did not start within $timeout s (log: $log)"; }
    sleep 0.2
  done
}

master_url() {
  if [[ -n "${SPARK_MASTER_URL:-}" ]]; then echo "$SPARK_MASTER_URL"
  elif [[ -f "$state/master.url" ]] && alive master; then cat "$state/master.url"
  else die "no cluster running here (java/spark/cluster.sh start), and SPARK_MASTER_URL is not set"
  fi
}

qnnlab_jars() {
  local jars=() m j
  for m in analysis train sim kernel-vector; do
    j="$(ls "$java_dir/$m"/target/qnnlab-"$m"-*.jar 2>/dev/null | grep -v -e '-sources.jar' -e '-javadoc.jar' -e '-tests.jar' | head -n 1 || true)"
    [[ -n "$j" ]] || die "no qnnlab-$m jar in $java_dir/$m/target; build with: ./mvnw -B package -DskipTests -pl java/spark -am"
    jars+=("$j")
  done
  (IFS=,; echo "${jars[*]}")
}

app_jar() {
  local j
  j="$(ls "$here"/target/qnnlab-spark-*.jar 2>/dev/null | grep -v -e '-sources.jar' -e '-javadoc.jar' | head -n 1 || true)"
  [[ -n "$j" ]] || die "no qnnlab-spark jar in $here/target; build with: ./mvnw -B package -DskipTests -pl java/spark -am"
  echo "$j"
}

cmd_start() {
  local cores=2 memory=2g port=7077 webui=8080
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --cores) cores="$2"; shift 2 ;;
      --memory) memory="$2"; shift 2 ;;
      --port) port="$2"; shift 2 ;;
      --webui-port) webui="$2"; shift 2 ;;
      *) die "unknown start option '$1'; allowed: --cores N, --memory SIZE, --port P, --webui-port P" ;;
    esac
  done
  need_lib
  if alive master || alive worker; then die "a cluster is already running here ($(cat "$state/master.url" 2>/dev/null)); stop it first"; fi
  rm -rf "$state"
  mkdir -p "$state/spark-home" "$state/work" "$state/local" "$state/tmp"
  ln -s "$lib" "$state/spark-home/jars"  # the worker's launcher builds executors' class path from SPARK_HOME/jars
  local t0 t1 t2
  t0=$(date +%s.%N)
  (export SPARK_LOCAL_DIRS="$state/local"; spark_java "${daemon_opts[@]}" -Djava.io.tmpdir="$state/tmp" -Dspark.master.rest.enabled=false \
    org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$port" --webui-port "$webui" \
    >"$state/master.log" 2>&1) &
  echo $! >"$state/master.pid"
  await "$state/master.log" "I have been elected leader" 60 master
  echo "spark://127.0.0.1:$port" >"$state/master.url"
  t1=$(date +%s.%N)
  (export SPARK_LOCAL_DIRS="$state/local"; spark_java "${daemon_opts[@]}" -Djava.io.tmpdir="$state/tmp" \
    org.apache.spark.deploy.worker.Worker "spark://127.0.0.1:$port" --host 127.0.0.1 --cores "$cores" \
    --memory "$memory" --webui-port "$((webui + 1))" --work-dir "$state/work" >"$state/worker.log" 2>&1) &
  echo $! >"$state/worker.pid"
  await "$state/worker.log" "Successfully registered with master" 60 worker
  t2=$(date +%s.%N)
  printf 'master spark://127.0.0.1:%s up in %.1f s (web UI http://127.0.0.1:%s); worker (%s cores, %s) registered in %.1f s\n' \
    "$port" "$(awk "BEGIN{print $t1 - $t0}")" "$webui" "$cores" "$memory" "$(awk "BEGIN{print $t2 - $t1}")"
}

cmd_stop() {
  local name pid stopped=0
  for name in worker master; do  # the worker ends its executors
    if alive "$name"; then
      pid="$(cat "$state/$name.pid")"
      kill "$pid"
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
      stopped=1
    fi
    rm -f "$state/$name.pid"
  done
  rm -f "$state/master.url"
  if (( stopped )); then echo "stopped"; else echo "no cluster running here"; fi
}

cmd_status() {
  local name
  for name in master worker; do
    if alive "$name"; then echo "$name: running, pid $(cat "$state/$name.pid"), log $state/$name.log"
    else echo "$name: not running"; fi
  done
  if alive master; then echo "master URL: $(cat "$state/master.url")"; fi
}

cmd_submit() {
  need_lib
  local url jars
  url="$(master_url)"
  jars="$(qnnlab_jars)"
  spark_java org.apache.spark.deploy.SparkSubmit \
    --master "$url" --deploy-mode client --jars "$jars" "$@"
}

case "${1:-}" in
  start) shift; cmd_start "$@" ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  submit) shift; cmd_submit "$@" ;;
  check) shift; cmd_submit --class org.qnnlab.spark.ClusterCheck "$(app_jar)" "$@" ;;
  jars) qnnlab_jars ;;
  *) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; [[ -z "${1:-}" ]] || exit 2 ;;
esac
