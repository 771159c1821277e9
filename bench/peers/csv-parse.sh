#!/usr/bin/env bash
# Side-by-side CSV parse throughput, one run, one generated file (fixed seed): AotSuite.Streams vs Sylvan.Data.Csv and
# CsvHelper (.NET, bench/peers/csv/CsvPeers) vs csv-parse and papaparse (Node, bench/peers/csv/node-parse.js), every
# field visited; then the peak RSS of the etl binary transforming the same file. The .NET readers run round-robin in one
# process and report wall-clock and CPU-time MB/s (the 4th column), best of ROUNDS. Ours runs twice: AotSuite.Streams
# reads the file ahead on a second thread (the kernel's copy overlaps the parse; every peer reads on one thread, so its
# CPU time is the fairer ratio), AotSuite.Streams-1thread is the same reader on one thread.
#
#   bash bench/peers/csv-parse.sh            # 1024 MB file, best of 3 rounds for the .NET readers
#   bash bench/peers/csv-parse.sh --quick    # 200 MB file, 1 round
#
# Env: CSV_MB (file size in MB), ROUNDS, ETL_BIN (default artifacts/bin/etl/etl), CSV_KEEP=1 to keep the generated
# file for the next run (by default it is deleted at the end: a 1 GB file is a lot of a small disk).
set -euo pipefail

for arg in "$@"; do
  case "$arg" in
    --quick) CSV_MB="${CSV_MB:-200}"; ROUNDS="${ROUNDS:-1}" ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg (accepted: --quick)" >&2; exit 2 ;;
  esac
done
CSV_MB="${CSV_MB:-1024}"
ROUNDS="${ROUNDS:-3}"

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
source bench/peers/common.bash  # not *.sh: build.cs runs every *.sh here as a benchmark
require_tool node nodejs

OUT="artifacts/bench/csv"
mkdir -p "$OUT"
FILE="$OUT/bench-${CSV_MB}mb-seed42.csv"
if [[ "${CSV_KEEP:-0}" != 1 ]]; then trap 'rm -f "$FILE" "$OUT/etl-out.jsonl"' EXIT; fi
echo "==> load average: $(cut -d' ' -f1-3 /proc/loadavg)"

echo "==> building the .NET peers (Release)"
dotnet build bench/peers/csv/CsvPeers -c Release -nologo -v q -clp:NoSummary >/dev/null
PEERS="bench/peers/csv/CsvPeers/bin/Release/net10.0/CsvPeers"

if [[ ! -s "$FILE" ]]; then
  echo "==> generating $FILE (${CSV_MB} MB, seed 42)"
  "$PEERS" generate "$FILE" "$CSV_MB" 42
fi

# npm peers, pinned, installed once into artifacts/ (idempotent: skipped when the pinned versions are there).
NODE_DIR="$OUT/node"
CSV_PARSE_VERSION=7.0.3
PAPAPARSE_VERSION=5.7.1
installed() { node -e "process.exit(require('./$NODE_DIR/node_modules/$1/package.json').version === '$2' ? 0 : 1)" 2>/dev/null; }
if ! installed csv-parse "$CSV_PARSE_VERSION" || ! installed papaparse "$PAPAPARSE_VERSION"; then
  echo "==> installing csv-parse@$CSV_PARSE_VERSION papaparse@$PAPAPARSE_VERSION into $NODE_DIR"
  mkdir -p "$NODE_DIR"
  [[ -f "$NODE_DIR/package.json" ]] || echo '{"private":true}' > "$NODE_DIR/package.json"
  npm install --prefix "$NODE_DIR" --no-audit --no-fund --silent "csv-parse@$CSV_PARSE_VERSION" "papaparse@$PAPAPARSE_VERSION" \
    || echo "warning: npm install failed; the Node peers will be skipped" >&2
fi

RESULTS="$OUT/results.txt"
: > "$RESULTS"
echo "==> parsing $(du -h "$FILE" | cut -f1) with every reader (every field visited)"
"$PEERS" parse "$FILE" "$ROUNDS" | tee -a "$RESULTS"
for peer in csv-parse papaparse; do
  if [[ -d "$NODE_DIR/node_modules/$peer" ]]; then
    node bench/peers/csv/node-parse.js "$peer" "$FILE" "$(pwd)/$NODE_DIR/node_modules" | tee -a "$RESULTS"
  else
    echo "skipped $peer: not installed (see the npm warning above)" >&2
    record_skip csv-parse "$peer" "npm install $peer failed"
  fi
done
while read -r reader mbs _; do  # results.txt: reader, wall-clock MB/s, ...
  record_result csv-parse "parse MB/s, every field visited" higher "$(bench_role "$reader" AotSuite)" "$reader" "$mbs" MB/s
done <"$RESULTS"

echo
echo "==> ratios (MB/s of ours / peer; AotSuite.Streams reads ahead on a second thread, -1thread does not)"
awk '{ mbs[$1] = $2; if (NF > 3) cpu[$1] = $4 }
  function ratio(o, p) {
    printf "  %-24s vs %-16s %6.2fx  (%s MB/s vs %s MB/s)", o, p, mbs[o] / mbs[p], mbs[o], mbs[p]
    if ((o in cpu) && (p in cpu)) printf "   by CPU time %6.2fx  (%s vs %s)", cpu[o] / cpu[p], cpu[o], cpu[p]
    printf "\n"
  }
  END { for (o in mbs) if (o ~ /^AotSuite/) for (p in mbs) if (p !~ /^AotSuite/) ratio(o, p) }' "$RESULTS" | sort

ETL_BIN="${ETL_BIN:-artifacts/bin/etl/etl}"
if [[ -x "$ETL_BIN" ]] && [[ -x /usr/bin/time ]]; then
  echo
  echo "==> etl peak RSS: where + derive + select, CSV -> JSONL, on the same file"
  /usr/bin/time -f "  peak RSS %M KB, %e s" "$ETL_BIN" "$FILE" --where "qty > 100" --derive "total=price*qty" \
    --select id,city,total --to jsonl -o "$OUT/etl-out.jsonl"
  rm -f "$OUT/etl-out.jsonl"
  echo "==> load average: $(cut -d' ' -f1-3 /proc/loadavg)"
else
  echo "skipped etl peak RSS: $ETL_BIN or /usr/bin/time missing (dotnet run build.cs -- publish; apt-get install time)" >&2
fi
