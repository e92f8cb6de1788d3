#!/usr/bin/env bash
# Run /usr/bin/python3 with the private OpenBLAS (see setup.sh) as torch's libblas.so.3.
# OPENBLAS_CORETYPE is forced because OpenBLAS 0.3.21 does not recognise newer CPUs (e.g. Zen 4/5)
# and would otherwise fall back to a slow generic kernel; SkylakeX = AVX-512 kernels.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export LD_LIBRARY_PATH="$HERE/.openblas/usr/lib/x86_64-linux-gnu/openblas-openmp${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export OPENBLAS_CORETYPE=SkylakeX  # overrides any inherited value (e.g. Haswell)
exec /usr/bin/python3 "$@"
