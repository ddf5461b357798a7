#!/usr/bin/env bash
# One command for the gateway benchmarks (infra/README.md, "Benchmarks"):
#   infra/bench/bench.sh [enforcement|revocation|jmh] [arguments...]
#   enforcement (default): direct nginx, nginx proxy, plain Spring Cloud Gateway and Keygate (embedded
#     and distributed, real session cookie, real audit sinks) with wrk; --quick for a short run,
#     --rounds=N --warmup-rounds=N --seconds=N --connections=N --modes=embedded,distributed
#   revocation: revocation → deny on two gateway processes, → WebSocket close, memory per WebSocket,
#     Redis round trips on a cache hit; --trials=200 --sockets=1000
#   jmh: the decision and the cached grant lookup (JMH arguments follow, e.g. -f 1 -wi 3 -i 5)
# BENCH_JAVA_HOME runs the benchmark and every JVM it starts on another JDK (e.g.
# /usr/lib/jvm/temurin-25-jdk-amd64); the build itself uses the default one. KEYGATE_BENCH_MAVEN_ARGS
# adds Maven options (e.g. -o offline).
set -euo pipefail
cd "$(dirname "$0")/../.."
# Options alone (e.g. --rounds=5) mean the default benchmark, enforcement.
what=enforcement
if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then
  what="$1"
  shift
fi
if [ "$what" = enforcement ] && ! command -v wrk >/dev/null 2>&1; then
  echo "wrk is not installed: apt-get install wrk   (the benchmark loads with it)" >&2
  exit 2
fi
if [ "$what" = enforcement ] && ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  echo "nginx is not installed: apt-get install nginx-light" >&2
  exit 2
fi
./mvnw -B -ntp -q -Dcyclonedx.skip ${KEYGATE_BENCH_MAVEN_ARGS:-} -pl infra/bench -am -DskipTests package \
  dependency:build-classpath -Dmdep.outputFile="$PWD/infra/bench/target/bench.classpath" -Dmdep.includeScope=test
java="${BENCH_JAVA_HOME:+$BENCH_JAVA_HOME/bin/}java"
cp="infra/bench/target/classes:$(cat infra/bench/target/bench.classpath)"
case "$what" in
  enforcement) exec "$java" -cp "$cp" io.keygate.infra.bench.enforcement.EnforcementBenchmark "$@" ;;
  revocation) exec "$java" -cp "$cp" io.keygate.infra.bench.RevocationBenchmark "$@" ;;
  jmh) exec "$java" -cp "$cp" org.openjdk.jmh.Main 'io.keygate.infra.bench.decision.DecisionBenchmark' "$@" ;;
  *) echo "usage: infra/bench/bench.sh [enforcement|revocation|jmh] [arguments...]" >&2; exit 2 ;;
esac
