#!/usr/bin/env bash
# Every test: unit tests, the conformance suite, and each notebook executed in a fresh kernel at the
# CI budget. Sets itself up (tool restore, packing the library into the notebooks' local feed).
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
dotnet test "$root/GenAi.MLNet.sln" -c Release --nologo --logger "console;verbosity=normal" "$@"
