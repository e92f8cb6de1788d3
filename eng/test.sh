#!/usr/bin/env bash
# Every test: unit tests, the conformance suite, and each notebook executed in a fresh kernel at the
# CI budget. Sets itself up (tool restore, packing the library into the notebooks' local feed).
#
# Two streams run side by side, one core each (OMP_NUM_THREADS=1: libtorch's threads busy-wait, so two
# processes of two threads each on two cores would crawl): stream A runs notebooks 01-history, 01-applications, 02, 04 and 06,
# stream B the unit tests and then the other notebooks (03 among them, to balance the streams); stream C, after both and with the default threads,
# runs the few tests whose figures depend on the thread count (trait Threads=Default). Each stream's log is
# prefixed with its letter; the exit code is non-zero if any fails. With arguments (e.g. --filter "FullyQualifiedName~Text"), a single
# `dotnet test` run with them instead.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# At the end, pass or fail: which CPU ran the tests and what the convolution safety net decided there
# (AMD family >= 26 with AVX-512 caps oneDNN at AVX2; other AVX-512 CPUs run a self-check and cache it).
machine_report() {
  local rc=$? cpu family avx512 verdict
  cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  family="$(grep -m1 'cpu family' /proc/cpuinfo | cut -d: -f2- | tr -d ' ')"
  avx512="no"; grep -q -m1 ' avx512f' /proc/cpuinfo && avx512="yes"
  echo "== machine: $cpu (family $family), $(nproc) cores, AVX-512: $avx512"
  for verdict in "${XDG_CACHE_HOME:-$HOME/.cache}"/GenAi.MLNet/cpu-checks/*.txt; do
    [[ -f "$verdict" ]] && echo "== convolution self-check: $(head -2 "$verdict" | tr '\n' ' ')"
  done
  return $rc
}
trap machine_report EXIT
"$root/eng/pack.sh"
export GENAI_BUDGET=ci
dotnet build "$root/GenAi.MLNet.sln" -c Release --nologo -v q
run_tests() { dotnet test "$root/GenAi.MLNet.sln" -c Release --no-build --nologo --logger "console;verbosity=normal" "$@"; }
if [[ $# -gt 0 || "$(nproc)" -lt 2 ]]; then
  run_tests "$@"
  exit $?
fi

notebooks="FullyQualifiedName~Notebooks.NotebookTests.Notebook_runs_without_errors"
# Every stream's lines also go to one log, so that the failures can be repeated at the very end: a CI page that
# shows only the last lines of a long run then still names them.
log="$root/artifacts/test-logs/streams.log"
mkdir -p "$(dirname "$log")"
: > "$log"
failures() {
  awk '/^\[[A-C]\] +Failed [^!]/ { n = 14 } /^\[[A-C]\] +(Passed|Skipped) / { n = 0 } n > 0 { print; n-- }' "$log"
}
start=$(date +%s)
( export OMP_NUM_THREADS=1
  GENAI_TEST_NOTEBOOKS="01-history,01-app,02,04,06" run_tests --filter "$notebooks" 2>&1 | sed -u 's/^/[A] /' | tee -a "$log"; exit "${PIPESTATUS[0]}" ) &
stream_a=$!
( set +e
  export OMP_NUM_THREADS=1
  run_tests --filter "FullyQualifiedName!~Notebooks.NotebookTests.Notebook_runs_without_errors&Threads!=Default" 2>&1 | sed -u 's/^/[B] /' | tee -a "$log"; unit=${PIPESTATUS[0]}
  GENAI_TEST_NOTEBOOKS="05,07,08,09,01-intro,03,1" run_tests --filter "$notebooks" 2>&1 | sed -u 's/^/[B] /' | tee -a "$log"; rest=${PIPESTATUS[0]}
  exit $(( unit != 0 || rest != 0 )) ) &
stream_b=$!
rc=0
wait "$stream_a" || rc=1
wait "$stream_b" || rc=1
# Last, alone and with the default threads: the tests whose figures depend on the thread count (GAN runs).
run_tests --filter "Threads=Default" 2>&1 | sed -u 's/^/[C] /' | tee -a "$log" || rc=1
if [[ $rc -ne 0 ]]; then
  echo "== failed tests (repeated from the streams above; whole log: artifacts/test-logs/streams.log):"
  failures
fi
echo "== all streams finished in $(( $(date +%s) - start )) s: $([[ $rc -eq 0 ]] && echo passed || echo FAILED)"
exit $rc
