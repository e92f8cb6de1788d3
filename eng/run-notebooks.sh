#!/usr/bin/env bash
# The main job: executes every notebook (notebooks/NN-*.ipynb) headlessly into shareable executed
# copies in artifacts/notebooks/, at the full budget unless told otherwise.
#
#   eng/run-notebooks.sh                     all notebooks, full budget
#   eng/run-notebooks.sh --budget ci         the short budget the test suite uses
#   eng/run-notebooks.sh 07-vaes.ipynb ...   only these
#
# Each notebook runs in a fresh kernel (dotnet-repl); a cell that throws fails the run. Wall times go
# to artifacts/notebooks/timings.tsv.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
budget="full"
notebooks=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --budget) budget="$2"; shift 2 ;;
    *) notebooks+=("$(basename "$1")"); shift ;;
  esac
done
cd "$root"
if [[ ${#notebooks[@]} -eq 0 ]]; then
  for path in notebooks/[0-9][0-9]-*.ipynb; do notebooks+=("$(basename "$path")"); done
fi

"$root/eng/pack.sh"
# GENAI_MLNET_PROGRESS=final: the saved copies keep every displayed update, so show only the final line.
export GENAI_BUDGET="$budget" GENAI_MLNET_PROGRESS=final DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
out="$root/artifacts/notebooks"
mkdir -p "$out"
printf 'notebook\tbudget\tseconds\tresult\n' > "$out/timings.tsv"
failed=()
for name in "${notebooks[@]}"; do
  echo "== $name (budget: $budget)"
  start=$(date +%s)
  result="ok"
  if ! (cd notebooks && timeout "${NOTEBOOK_TIMEOUT_SECONDS:-5400}" dotnet tool run dotnet-repl -- \
          --run "$name" --exit-after-run --output-path "$out/$name"); then
    result="failed"
    failed+=("$name")
  fi
  seconds=$(( $(date +%s) - start ))
  printf '%s\t%s\t%s\t%s\n' "$name" "$budget" "$seconds" "$result" >> "$out/timings.tsv"
  echo "   $result in ${seconds}s -> artifacts/notebooks/$name"
done
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "Failed: ${failed[*]} (the executed copies show the failing cell's error)" >&2
  exit 1
fi
echo "All ${#notebooks[@]} notebooks ran; executed copies in artifacts/notebooks/."
