#!/usr/bin/env bash
# Start-up benchmark: starts the built server jar RUNS times and reports, per run, the seconds until the first
# /fhir/metadata answer and the resident memory (RSS) at that moment; then the median of each.
# Usage: deploy/measure-startup.sh [RUNS] (default 3). Uses a fresh H2 database per run unless
# SPRING_DATASOURCE_URL is set (then every run after the first measures a restart on that database).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
port=${SERVER_PORT:-18080}
jar=server/target/eccd-fhir-server.jar
[ -f "$jar" ] || { echo "build first: mvn -B -DskipTests package" >&2; exit 1; }
times=(); rss=()
for i in $(seq 1 "$runs"); do
  dir=$(mktemp -d)
  start=$(date +%s.%N)
  SERVER_PORT=$port SPRING_DATASOURCE_URL=${SPRING_DATASOURCE_URL:-jdbc:h2:file:$dir/db} \
    java -jar "$jar" >"$dir/server.log" 2>&1 &
  pid=$!
  until curl -sf "http://localhost:$port/fhir/metadata" -o /dev/null; do
    kill -0 $pid 2>/dev/null || { echo "server died, see $dir/server.log" >&2; exit 1; }
    sleep 0.2
  done
  t=$(echo "$(date +%s.%N) - $start" | bc)
  r=$(( $(ps -o rss= -p $pid) / 1024 ))
  kill $pid; wait $pid 2>/dev/null || true
  rm -rf "$dir"
  printf 'run %d: first /fhir/metadata after %.1f s, RSS %d MiB\n' "$i" "$t" "$r"
  times+=("$t"); rss+=("$r")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
printf 'median over %d runs on %s cores / %s: %.1f s to first metadata, RSS %s MiB\n' "$runs" "$(nproc)" \
  "$(free -h | awk '/Mem:/ {print $2}')" "$(median "${times[@]}")" "$(median "${rss[@]}")"
