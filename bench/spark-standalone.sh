#!/usr/bin/env bash
# Runs the spark-submit example of docs/spark.md on a standalone Spark cluster on this machine (a
# master and one worker) without a Spark distribution: SPARK_HOME/jars is assembled from the jars
# Maven already fetched, and master, worker and spark-submit are started from their main classes.
# Usage: bench/spark-standalone.sh [SparkMain options...]   (default: a short friedman cf-prox run)
set -eu
root="$(cd "$(dirname "$0")/.." && pwd)"
work="${CLOSEDFORM_STANDALONE_DIR:-$(mktemp -d)}"
[ -d "$root/cli/target/spark-lib" ] && [ -f "$root/spark/target/closedform-spark.jar" ] ||
  (cd "$root" && mvn -q -B -DskipTests package)
home="$work/spark-home"; mkdir -p "$home/jars"
for j in "$root"/cli/target/spark-lib/*.jar "$root"/cli/target/lib/*.jar; do
  case "$(basename "$j")" in closedform-*|slf4j-nop*) ;; *) ln -sf "$j" "$home/jars/" ;; esac  # Spark logs through log4j
done
export SPARK_HOME="$home" SPARK_LOCAL_IP=127.0.0.1 SPARK_SCALA_VERSION=2.12
jvm=(-XX:+IgnoreUnrecognizedVMOptions)
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
         java.util.concurrent.atomic jdk.internal.ref sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  jvm+=("--add-opens=java.base/$p=ALL-UNNAMED")
done
offline="-Dai.djl.offline=true -DOPT_OUT_TRACKING=true"
spark() { java "${jvm[@]}" -cp "$home/jars/*" "$@"; }

spark org.apache.spark.deploy.master.Master --host 127.0.0.1 --port 7077 --webui-port 8090 >"$work/master.log" 2>&1 &
master=$!
worker=""
trap 'kill $master $worker 2>/dev/null || true' EXIT
until grep -q "I have been elected leader" "$work/master.log"; do sleep 1; done
spark org.apache.spark.deploy.worker.Worker spark://127.0.0.1:7077 --host 127.0.0.1 --cores 2 --memory 4g \
  --webui-port 8091 >"$work/worker.log" 2>&1 &
worker=$!
until grep -q "Successfully registered with master" "$work/worker.log"; do sleep 1; done

[ $# -gt 0 ] || set -- --task friedman --method cf-prox --epochs 2 --batch 64 --hidden 64,64 --standardize true --out "$work/run"
cd "$root"
spark $offline org.apache.spark.deploy.SparkSubmit --master spark://127.0.0.1:7077 \
  --class dev.closedform.spark.SparkMain \
  --total-executor-cores 2 --executor-cores 1 --executor-memory 2g \
  --driver-java-options "$offline" \
  --conf spark.executor.extraJavaOptions="$offline -Dai.djl.pytorch.num_threads=1" \
  --conf spark.executorEnv.DJL_OFFLINE=true --conf spark.executorEnv.OPT_OUT_TRACKING=true \
  --jars "$(ls spark/target/lib/*.jar | paste -sd,)" \
  spark/target/closedform-spark.jar "$@"
echo "logs: $work"
