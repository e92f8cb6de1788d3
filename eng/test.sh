#!/usr/bin/env bash
# Every test: unit tests, the conformance suite, and each notebook executed in a fresh kernel at the
# CI budget. Sets itself up (tool restore, packing the library into the notebooks' local feed).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/eng/pack.sh"
export GENAI_BUDGET=ci
dotnet test "$root/GenAi.MLNet.sln" -c Release --nologo --logger "console;verbosity=normal" "$@"
