#!/usr/bin/env bash
# Starts `lifelong serve` on MODEL and DATA with the serve options given, waits until it is ready, and times its
# first requests from outside its JVM (first-requests.py), with the JIT's compile time before and after (jstat).
#
#   bench/scripts/first-requests.sh OUT MODEL.llm DATA [serve options, e.g. --warmup-traffic auto]
#
# Env: JAR (default cli/target/lifelong.jar), JAVA_OPTS (default -Xms2g -Xmx2g -XX:+AlwaysPreTouch), PORT
# (8190), REQUESTS (4000), CANDIDATES (1000), MIN_LENGTH (10000), ITEMS (the dataset's items, for i1..iITEMS).
# The users with MIN_LENGTH or more behaviours are found once, by a server of their own, and kept in OUT/users.
set -euo pipefail
out=$1 model=$2 data=$3
shift 3
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar=${JAR:-$here/../../cli/target/lifelong.jar}
port=${PORT:-8190}
name=$(basename "$model" .llm)
mkdir -p "$out"
pid=
trap '[[ -n "$pid" ]] && kill "$pid" 2>/dev/null' EXIT

start() { # LOG [serve options]: starts a server, waits for its "serving on" (and "ready" when it warms up)
  local log=$1
  shift
  # shellcheck disable=SC2086
  java --add-modules jdk.incubator.vector ${JAVA_OPTS:--Xms2g -Xmx2g -XX:+AlwaysPreTouch} -jar "$jar" serve \
      --model "$model" --data "$data" --port "$port" "$@" > "$log" 2>&1 &
  pid=$!
  local want="serving on"
  [[ " $* " == *" --warmup-traffic "* && " $* " != *" --warmup-traffic 0 "* ]] && want="^ready"
  until grep -q "$want" "$log"; do
    kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
    sleep 0.2
  done
}

if [[ ! -s "$out/users" ]]; then
  start "$out/probe.log"
  python3 "$here/first-requests.py" probe "$port" "$name" "${MIN_LENGTH:-10000}" "$out/users"
  kill "$pid"; wait "$pid" 2>/dev/null || true
fi
start "$out/serve.log" "$@"
before=$(jstat -compiler "$pid" | awk 'NR == 2 {print $4}')
t0=$(date +%s.%N)
python3 "$here/first-requests.py" time "$port" "$name" "$out/users" "${REQUESTS:-4000}" "${CANDIDATES:-1000}" \
    "${ITEMS:-20000}" "$out/requests.csv" | tee "$out/windows.txt"
t1=$(date +%s.%N)
after=$(jstat -compiler "$pid" | awk 'NR == 2 {print $4}')
kill "$pid"; wait "$pid" 2>/dev/null || true
awk -v a="$before" -v b="$after" -v t0="$t0" -v t1="$t1" 'BEGIN {printf "JIT compiling %.2f s in %.1f s of requests (%.1f%% of a core)\n", b - a, t1 - t0, 100 * (b - a) / (t1 - t0)}' | tee -a "$out/windows.txt"
grep "warmed up\|still compiling" "$out/serve.log" || true
