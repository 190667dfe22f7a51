#!/usr/bin/env bash
# Cost of profile validation per resource (no database): validates every IG example N times with the
# server's validator and prints mean/p95 per profile. Usage (from the repository root):
#   server/bench/ig-validation-bench.sh [iterations=20]
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -o -q -pl server -am test-compile dependency:build-classpath -Dmdep.outputFile=target/ig-bench.cp \
    -Dmdep.includeScope=test >/dev/null
CP="server/target/test-classes:server/target/classes:profiles/target/classes:terminology/target/classes:$(cat server/target/ig-bench.cp)"
exec java -Xmx2g -cp "$CP" vn.eccd.fhir.ig.bench.IgValidationBench "${1:-20}"
