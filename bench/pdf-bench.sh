#!/usr/bin/env bash
# What a document PDF costs to render (API.md §8): openhtmltopdf over PDFBox 3, Noto Sans embedded.
#
# Runs app.clearmargin.printing.PdfBench (src/test/java) on the test classpath: an invoice sheet of 20
# and of 500 lines rendered end to end (jte → XHTML → PDF bytes; no cache, no database, no HTTP),
# p50/p99 per render, throughput with 8 renders at once, and bytes allocated per render
# (com.sun.management.ThreadMXBean#getThreadAllocatedBytes). Targets: 20 lines p50 ≤ 50 ms,
# 500 lines p50 ≤ 500 ms. Writes bench/results/pdf.md.
#
# Knobs (environment): RUNS20=300 RUNS500=40 CONCURRENT=400 HEAP=512m REBUILD=1 (test-compile first)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
export JAVA_HOME="${JAVA_HOME_25:-/usr/lib/jvm/temurin-25-jdk-amd64}"
RUNS20="${RUNS20:-300}" RUNS500="${RUNS500:-40}" CONCURRENT="${CONCURRENT:-400}" HEAP="${HEAP:-512m}"
OUT="$HERE/results/pdf.md"
cd "$REPO"
if [[ "${REBUILD:-1}" == 1 ]]; then
    ./mvnw -B -ntp -o -q test-compile
fi
CP_FILE="$(mktemp /tmp/clearmargin-pdf-bench-cp.XXXXXX)"
trap 'rm -f "$CP_FILE"' EXIT
./mvnw -B -ntp -o -q dependency:build-classpath -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test >/dev/null
CMD=("$JAVA_HOME/bin/java" "-Xmx$HEAP" -cp "target/classes:target/test-classes:$(cat "$CP_FILE")"
    app.clearmargin.printing.PdfBench "$RUNS20" "$RUNS500" "$CONCURRENT")
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
ROWS="$("${CMD[@]}" | grep "^|")" # the renderer may log to stdout too
CPU="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
{
    echo "# PDF rendering"
    echo
    echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "- machine: $(nproc) cores, $CPU; $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
    echo "- load average (1/5/15 min) before the run: $LOAD_BEFORE — the machine is shared, so these are upper bounds"
    echo "- command: \`bench/pdf-bench.sh\` (RUNS20=$RUNS20 RUNS500=$RUNS500 CONCURRENT=$CONCURRENT HEAP=$HEAP)"
    echo "- what: PdfBench renders an invoice sheet end to end (jte → XHTML → openhtmltopdf/PDFBox → bytes),"
    echo "  uncached, in one JVM after a warm-up; the HTTP endpoint adds its database reads and answers repeated"
    echo "  requests for an unchanged document from its cache (no render)."
    echo "- targets: 20 lines p50 ≤ 50 ms; 500 lines p50 ≤ 500 ms"
    echo
    echo "| document | renders | p50 | p99 | PDF size | allocated per render |"
    echo "|---|---:|---:|---:|---:|---:|"
    echo "$ROWS"
} > "$OUT"
cat "$OUT"
