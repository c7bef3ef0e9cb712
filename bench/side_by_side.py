#!/usr/bin/env python3
"""Side-by-side table of `closedform bench` and bench/pytorch_steps.py results (the JSON files that
bench/compare-pytorch.sh writes: java-MODEL-K.json and pytorch-MODEL-K.json, K = 1, 2, ... the
interleaved repeats). Standard library only.

Per model and method: thread CPU milliseconds per step (mean over steps, median over rounds and
repeats) of each engine and their ratio, each engine's ratio to its own baseline method, and where
each engine's step goes (phases in units of the engine's baseline step). "quiet" columns use the
20% quantile of per-step CPU time instead of the mean: the steps no other process interrupted,
the better estimate on a shared machine.
"""
import glob
import json
import os
import re
import sys

PHASES = ["backbone_step", "second_forward", "statistics", "solve"]


def median(v):
    v = sorted(x for x in v if x is not None)
    if not v:
        return None
    k = len(v)
    return v[k // 2] if k % 2 else (v[k // 2 - 1] + v[k // 2]) / 2


def load(directory, engine):
    runs = {}
    for path in sorted(glob.glob(os.path.join(directory, engine + "-*.json"))):
        m = re.match(engine + r"-(.+)-(\d+)\.json$", os.path.basename(path))
        if m:
            with open(path) as f:
                runs.setdefault(m.group(1), []).append(json.load(f))
    return runs


def summary(runs):
    """method -> (cpu ms, quiet cpu ms, cpu ratio, quiet ratio, parts) as medians over repeats; the baseline; loads."""
    out, base = {}, None
    for r in runs:
        rows = r["step_time"]
        base = rows[0]["method"]
        for row in rows:
            e = out.setdefault(row["method"], {"cpu": [], "quiet": [], "ratio": [], "qratio": [], "parts": {p: [] for p in PHASES}})
            e["cpu"].append(row.get("median_cpu_ms_per_step"))
            e["quiet"].append(row.get("quiet_cpu_ms_per_step"))
            e["ratio"].append(row.get("cpu_ratio_to_" + base))
            e["qratio"].append(row.get("quiet_cpu_ratio_to_" + base))
            for p in PHASES:
                e["parts"][p].append(row.get("phase_share_of_" + base + "_step", {}).get(p))
    loads = [x for r in runs for x in (r.get("load_average_1min_before"), r.get("load_average_1min_after")) if x is not None]
    return {m: {k: (median(v) if k != "parts" else {p: median(v[p]) for p in PHASES}) for k, v in e.items()} for m, e in out.items()}, base, loads


def fmt(v, spec="8.3f"):
    return format(v, spec) if v is not None else " " * (int(spec.split(".")[0]) - 1) + "-"


def parts(e):
    return " ".join(fmt(e["parts"][p], "5.2f") for p in PHASES) if e else ""


def main():
    directory = sys.argv[1] if len(sys.argv) > 1 else "."
    java, torch = load(directory, "java"), load(directory, "pytorch")
    if not java:
        sys.exit(f"no java-*.json in {directory}")
    first = next(iter(java.values()))[0]
    print(f"closedform: {first.get('model', '')[:0]}{first.get('threads')} engine thread(s); "
          f"PyTorch: {next(iter(torch.values()))[0].get('engine') + ', ' + next(iter(torch.values()))[0].get('blas', '') if torch else 'not run (no PyTorch found)'}")
    if torch:
        t = next(iter(torch.values()))[0]
        print(f"PyTorch float32 product 128x784x256: {t.get('gemm_gflops_128x784x256', 0):.0f} GFLOP/s (a slow BLAS makes every PyTorch "
              "step slow and its ratios look small)")
    print("CPU ms: thread CPU time per step (mean over steps); quiet: its 20% quantile; x base: ratio to the engine's own first method;")
    print("parts: backbone step, 2nd forward, statistics, solve, in units of the engine's baseline step (from the mean CPU time).")
    print()
    header = (f"{'model':7s} {'method':25s} {'Java CPU':>9s} {'PyT CPU':>9s} {'Java/PyT':>9s} {'Java x base':>11s} {'PyT x base':>10s}"
              f" {'Java quiet x':>12s} {'PyT quiet x':>11s}   {'Java parts':24s}   PyTorch parts")
    print(header)
    print("-" * len(header))
    for model, jruns in java.items():
        js, jbase, jloads = summary(jruns)
        ts, tbase, tloads = summary(torch.get(model, [])) if model in torch else ({}, None, [])
        for method, j in js.items():
            t = ts.get(method)
            vs = j["cpu"] / t["cpu"] if t and t["cpu"] else None
            print(f"{model:7s} {method:25s} {fmt(j['cpu'], '9.3f')} {fmt(t['cpu'] if t else None, '9.3f')} {fmt(vs, '9.2f')}"
                  f" {fmt(j['ratio'], '11.3f')} {fmt(t['ratio'] if t else None, '10.3f')} {fmt(j['qratio'], '12.3f')}"
                  f" {fmt(t['qratio'] if t else None, '11.3f')}   {parts(j):24s}   {parts(t)}")
        loads = jloads + tloads
        print(f"{'':7s} (baseline {jbase}; {len(jruns)} interleaved repeat(s); 1-min load average during the runs "
              f"{min(loads):.2f} - {max(loads):.2f})" if loads else "")
    print()
    print("Where Java/PyT > 1 the Java step is slower; the parts columns say which phase takes the difference.")


if __name__ == "__main__":
    main()
