#!/usr/bin/env bash
# Builds an earlier commit of Keygate beside this checkout, with THIS checkout's benchmark code (the
# measuring tool stays the same; only the product differs), and prints the class path file to pass
# as --baseline-classpath=FILE to the enforcement benchmark, so before and after run in one run:
#   infra/bench/bench.sh --baseline-classpath="$(infra/bench/baseline.sh ab8604e)"
set -euo pipefail
cd "$(dirname "$0")/../.."
commit="${1:?usage: infra/bench/baseline.sh <commit>}"
dir="${BENCH_BASELINE_DIR:-/tmp/keygate-baseline-$commit}"
if [ ! -d "$dir" ]; then
  git worktree add -q --detach "$dir" "$commit" >&2
fi
rm -rf "$dir/infra/bench/src"
cp -r infra/bench/src "$dir/infra/bench/src"
(cd "$dir" && ./mvnw -B -ntp -q -Dcyclonedx.skip ${KEYGATE_BENCH_MAVEN_ARGS:-} -pl infra/bench -am -DskipTests package \
  dependency:build-classpath -Dmdep.outputFile="$dir/infra/bench/target/bench.classpath" -Dmdep.includeScope=test >&2)
echo "$dir/infra/bench/target/classes:$(cat "$dir/infra/bench/target/bench.classpath")" > "$dir/infra/bench/target/baseline.classpath"
echo "$dir/infra/bench/target/baseline.classpath"
