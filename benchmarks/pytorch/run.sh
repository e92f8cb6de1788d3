#!/usr/bin/env bash
# Run /usr/bin/python3 with the private OpenBLAS (see setup.sh) as torch's libblas.so.3.
# OPENBLAS_CORETYPE is forced because OpenBLAS 0.3.21 does not recognise newer CPUs (e.g. Zen 4/5)
# and would otherwise fall back to a slow generic kernel: SkylakeX (AVX-512 kernels) where the CPU has
# AVX-512, else Haswell (AVX2); SkylakeX kernels crash with an illegal instruction on a CPU without AVX-512.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export LD_LIBRARY_PATH="$HERE/.openblas/usr/lib/x86_64-linux-gnu/openblas-openmp${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
if grep -qw avx512f /proc/cpuinfo; then
    export OPENBLAS_CORETYPE=SkylakeX  # overrides any inherited value
else
    export OPENBLAS_CORETYPE=Haswell
fi
exec /usr/bin/python3 "$@"
