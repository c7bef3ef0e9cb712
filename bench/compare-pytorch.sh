#!/usr/bin/env bash
# Our training steps beside a PyTorch implementation of the same steps, one engine thread each,
# interleaved: for every model, REPEATS times `closedform bench` then bench/pytorch_steps.py, then a
# side-by-side table (bench/side_by_side.py). Without a PyTorch for Python (Debian: apt-get install
# -y python3-torch; with it, libopenblas0-pthread, or PyTorch multiplies with the reference BLAS) only
# our numbers are shown.
#
#   bench/compare-pytorch.sh [--models mlp,cnn,fno1d] [--repeats 3] [--out DIR]
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
models="mlp,cnn,fno1d"
repeats=3
out="$home/bench/results/$(date -u +%Y%m%d-%H%M%S)"
while [ $# -gt 0 ]; do
  case "$1" in
    --models) models="$2"; shift 2 ;;
    --repeats) repeats="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "compare-pytorch.sh: unknown option '$1' (expected --models, --repeats, --out)" >&2; exit 2 ;;
  esac
done
mkdir -p "$out"

python=""
for candidate in python3 /usr/bin/python3; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import torch' >/dev/null 2>&1; then
    python="$candidate"; break
  fi
done
[ -n "$python" ] || echo "compare-pytorch.sh: no Python with torch found; timing closedform only" >&2
formatter="${python:-$(command -v python3 || echo /usr/bin/python3)}"

# One engine thread everywhere (OpenBLAS would otherwise start its own threads under PyTorch).
export CLOSEDFORM_THREADS=1 OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1

settings() { # model -> "methods steps rounds batch"
  case "$1" in
    mlp) echo "sgd,adam,cf-prox,cf-prox:last-layer-first 100 6 128" ;;
    cnn) echo "sgd,adam,cf-prox,cf-prox:last-layer-first 20 4 128" ;;
    fno1d) echo "adam,sgd,cf-prox,cf-prox@adam,cf-prox:last-layer-first 5 3 20" ;;
    *) echo "compare-pytorch.sh: --models: expected mlp, cnn or fno1d, got '$1'" >&2; exit 2 ;;
  esac
}

IFS=',' read -r -a list <<< "$models"
for model in "${list[@]}"; do
  read -r methods steps rounds batch <<< "$(settings "$model")"
  for k in $(seq 1 "$repeats"); do
    echo "== $model, repeat $k of $repeats: closedform" >&2
    "$home/closedform" bench --threads 1 --model "$model" --batch-size "$batch" --methods "$methods" --order backbone-first \
      --steps "$steps" --rounds "$rounds" --leak-steps 0 --out "$out/java-$model-$k.json" > "$out/java-$model-$k.txt" 2>/dev/null
    if [ -n "$python" ]; then
      echo "== $model, repeat $k of $repeats: PyTorch" >&2
      "$python" "$home/bench/pytorch_steps.py" --threads 1 --model "$model" --batch-size "$batch" --methods "$methods" \
        --steps "$steps" --rounds "$rounds" --out "$out/pytorch-$model-$k.json" > "$out/pytorch-$model-$k.txt"
    fi
  done
done
"$formatter" "$home/bench/side_by_side.py" "$out" | tee "$out/side-by-side.txt"
echo "raw results: $out" >&2
