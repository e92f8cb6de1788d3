#!/usr/bin/env bash
# Idempotent setup for the PyTorch reference benchmark:
#  1. Debian's python3-torch / python3-numpy for the system python (/usr/bin/python3).
#  2. A private copy of OpenBLAS (OpenMP flavour) extracted into ./.openblas, used via run.sh
#     instead of the reference BLAS that Debian's torch picks up through libblas.so.3.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OPENBLAS_ROOT="$HERE/.openblas"
OPENBLAS_LIB="$OPENBLAS_ROOT/usr/lib/x86_64-linux-gnu/openblas-openmp/libblas.so.3"

if ! /usr/bin/python3 -c "import torch, numpy" >/dev/null 2>&1; then
    if ! apt-get install -y python3-torch python3-numpy; then
        apt-get update
        apt-get install -y python3-torch python3-numpy
    fi
fi

if [[ ! -f "$OPENBLAS_LIB" ]]; then
    tmp="$(mktemp -d)"
    trap 'rm -rf "$tmp"' EXIT
    if ! (cd "$tmp" && apt-get download libopenblas0-openmp); then
        apt-get update
        (cd "$tmp" && apt-get download libopenblas0-openmp)
    fi
    mkdir -p "$OPENBLAS_ROOT"
    dpkg -x "$tmp"/libopenblas0-openmp_*.deb "$OPENBLAS_ROOT"
fi

[[ -f "$OPENBLAS_LIB" ]] || { echo "setup.sh: $OPENBLAS_LIB not found after extraction" >&2; exit 1; }
echo "torch $(/usr/bin/python3 -c 'import torch; print(torch.__version__)'), OpenBLAS at $(dirname "$OPENBLAS_LIB")"
