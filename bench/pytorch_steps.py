#!/usr/bin/env python3
"""PyTorch implementation of the training steps that `closedform bench` times.

The same models (MLP 784-256-256-128 with 10 outputs, the small CNN on 1x28x28 images, FNO-1d on
1024 points), the same losses and the same methods:

  sgd       squared loss (mean over head rows) + ridge ||W||^2, backbone and last layer by SGD
  adam      the same with Adam (bias-corrected, torch.optim.Adam)
  cf-prox   backbone-first: an SGD step of the backbone with the previous last layer held fixed, a
            second forward pass without gradients, the head statistics Phi^T [Phi, Y] in float64 and
            the proximal solve W = (Y^T Phi / n + lambda W_prev)(Phi^T Phi / n + (lambda + beta) I)^-1
            by a float64 Cholesky factorisation
  cf-prox:last-layer-first
            the solve on the gradient pass's features, then the backbone step
  cf-prox@adam
            cf-prox with Adam on the backbone (any method takes @sgd or @adam, as in closedform bench)

Each step is split into the phases the Java benchmark reports (backbone step, second forward pass,
statistics, solve), timed in thread CPU time: with one thread (torch.set_num_threads(1)) that is the
step's own compute, whatever else runs on the machine. Rounds interleave the methods; the first
round warms up. Prints a table and, with --out, writes JSON that bench/side_by_side.py reads.
"""
import argparse
import json
import os
import platform
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

PHASES = ["backbone_step", "second_forward", "statistics", "solve"]
QUIET_QUANTILE = 0.2  # the Java benchmark's "quiet" steps: the 20% quantile of per-step CPU time


class Mlp(nn.Module):
    def __init__(self, inputs=784, hidden=(256, 256, 128)):
        super().__init__()
        layers, width = [], inputs
        for h in hidden:
            layers += [nn.Linear(width, h), nn.ReLU()]
            width = h
        self.net = nn.Sequential(*layers)
        self.features = width

    def forward(self, x):
        return self.net(x)


class SmallCnn(nn.Module):
    """conv3x3(32)-relu-maxpool2 - conv3x3(64)-relu-maxpool2 - flatten - linear(128)-relu, as ConvNets.smallCnn."""

    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(1, 32, 3, padding=1)
        self.c2 = nn.Conv2d(32, 64, 3, padding=1)
        self.fc = nn.Linear(64 * 7 * 7, 128)
        self.features = 128

    def forward(self, x):
        h = F.max_pool2d(F.relu(self.c1(x.view(-1, 1, 28, 28))), 2)
        h = F.max_pool2d(F.relu(self.c2(h)), 2)
        return F.relu(self.fc(h.flatten(1)))


class SpectralConv1d(nn.Module):
    """Truncated Fourier multiplication of the first `modes` frequencies (complex weights as two real tensors)."""

    def __init__(self, width, modes):
        super().__init__()
        scale = 1 / (width * width)
        self.modes = modes
        self.re = nn.Parameter(scale * torch.rand(width, width, modes))
        self.im = nn.Parameter(scale * torch.rand(width, width, modes))

    def forward(self, h):  # h: (b, c, n)
        coeffs = torch.fft.rfft(h)[:, :, :self.modes]
        w = torch.complex(self.re, self.im)
        mixed = torch.einsum("bim,iom->bom", coeffs, w)
        out = torch.zeros(h.shape[0], h.shape[1], h.shape[2] // 2 + 1, dtype=mixed.dtype)
        out[:, :, :self.modes] = mixed
        return torch.fft.irfft(out, n=h.shape[2])


class Fno1d(nn.Module):
    """Lift (value, grid coordinate) -> 64, 4 Fourier layers (16 modes, 1x1 bypass, GELU between), projection 64 -> 128 + GELU.

    The head's rows are (sample, grid point): the features are (batch * points, 128).
    """

    def __init__(self, points=1024, width=64, modes=16, layers=4, projection=128):
        super().__init__()
        self.points = points
        self.lift = nn.Linear(2, width)
        self.spectral = nn.ModuleList(SpectralConv1d(width, modes) for _ in range(layers))
        self.bypass = nn.ModuleList(nn.Conv1d(width, width, 1) for _ in range(layers))
        self.proj = nn.Linear(width, projection)
        self.register_buffer("grid", torch.linspace(0, 1, points).view(1, points, 1))
        self.features = projection

    def forward(self, x):  # x: (b, points)
        b = x.shape[0]
        h = self.lift(torch.cat([x.view(b, self.points, 1), self.grid.expand(b, -1, -1)], dim=2)).permute(0, 2, 1)
        for i, (k, w) in enumerate(zip(self.spectral, self.bypass)):
            h = k(h) + w(h)
            if i < len(self.spectral) - 1:
                h = F.gelu(h)
        h = F.gelu(self.proj(h.permute(0, 2, 1)))
        return h.reshape(b * self.points, -1)


def build(model):
    if model == "mlp":
        return Mlp(), 784, 10, 1
    if model == "cnn":
        return SmallCnn(), 784, 10, 1
    if model == "fno1d":
        return Fno1d(), 1024, 1, 1024
    raise SystemExit(f"--model: expected mlp, cnn or fno1d, got '{model}'")


def data(model, rows, inputs, outputs, points, seed):
    g = torch.Generator().manual_seed(seed)
    if points > 1:  # operator: Gaussian fields in and out
        return torch.randn(rows, inputs, generator=g), torch.randn(rows * points, 1, generator=g)
    x = torch.rand(rows, inputs, generator=g)
    y = torch.zeros(rows, outputs)
    y[torch.arange(rows), torch.randint(outputs, (rows,), generator=g)] = 1
    return x, y


class Clock:
    """Thread CPU time and wall clock per phase of the current step."""

    def __init__(self):
        self.steps = []
        self.wall = []

    def start(self):
        self.current = {p: 0 for p in PHASES}
        self.phase, self.t, self.w0 = None, time.thread_time_ns(), time.perf_counter()

    def enter(self, phase):
        if not hasattr(self, "current"):
            return  # the untimed initial solve
        now = time.thread_time_ns()
        if self.phase is not None:
            self.current[self.phase] += now - self.t
        self.phase, self.t = phase, now

    def end(self):
        self.enter(None)
        self.steps.append(self.current)
        self.wall.append(time.perf_counter() - self.w0)


class Run:
    def __init__(self, method, model, lr, ridge, prox, seed, first):
        torch.manual_seed(seed)
        spec, self.order = (method.split(":") + ["backbone-first"])[:2]
        self.method, optimizer = (spec.split("@") + [None])[:2]
        optimizer = optimizer or ("adam" if self.method == "adam" else "sgd")
        self.backbone, self.inputs, self.outputs, self.points = build(model)
        d = self.backbone.features + 1  # bias column
        self.ridge, self.prox = ridge, prox
        self.closed_form = self.method == "cf-prox"
        bound = 1 / (self.backbone.features ** 0.5)
        self.w = (torch.rand(self.outputs, d) * 2 - 1) * bound  # W, o x d, bias last
        params = list(self.backbone.parameters())
        if self.closed_form:  # W_0: ridge on the first batch, before the timed steps (as closedform)
            self.w64 = None
            with torch.no_grad():
                self.solve(self.head_features(self.backbone(first[0])), first[1], Clock())
        else:
            self.w.requires_grad_(True)
            params.append(self.w)
        lr = lr if lr is not None else (1e-3 if optimizer == "adam" else 1e-2)
        self.opt = torch.optim.Adam(params, lr=lr) if optimizer == "adam" else torch.optim.SGD(params, lr=lr)

    def head_features(self, phi):
        return torch.cat([phi, torch.ones(phi.shape[0], 1)], dim=1)

    def solve(self, f, y, clock):
        clock.enter("statistics")
        z = torch.cat([f, y], dim=1).double()
        d = f.shape[1]
        prod = z[:, :d].T @ z  # Phi^T [Phi, Y] in one float64 product
        n = f.shape[0]
        clock.enter("solve")
        a = prod[:, :d] / n
        a.diagonal().add_(self.prox + self.ridge if self.w64 is not None else self.ridge)
        b = prod[:, d:].T / n
        if self.w64 is not None:
            b = b + self.prox * self.w64
        chol = torch.linalg.cholesky(a)
        self.w64 = torch.cholesky_solve(b.T, chol).T  # W A = B
        self.w = self.w64.float()

    def step(self, x, y, clock):
        clock.start()
        clock.enter("backbone_step")
        rows = y.shape[0]
        phi = self.backbone(x)
        f = self.head_features(phi)
        if self.closed_form and self.order == "last-layer-first":
            self.solve(f.detach(), y, clock)
            clock.enter("backbone_step")
        loss = ((f @ self.w.T - y) ** 2).sum() / rows
        if not self.closed_form and self.ridge > 0:
            loss = loss + self.ridge * (self.w ** 2).sum()
        loss.backward()
        self.opt.step()
        self.opt.zero_grad()
        loss.item()  # the Java loop reads the loss every step too
        if self.closed_form and self.order == "backbone-first":
            clock.enter("second_forward")
            with torch.no_grad():
                f = self.head_features(self.backbone(x))
            self.solve(f, y, clock)
        clock.end()


def quantile(values, q):
    v = sorted(values)
    return v[int(q * (len(v) - 1))]


def median(values):
    v = sorted(values)
    k = len(v)
    return v[k // 2] if k % 2 else (v[k // 2 - 1] + v[k // 2]) / 2


def gemm_gflops():
    a, b = torch.randn(128, 784), torch.randn(784, 256)
    for _ in range(5):
        a @ b
    t = time.thread_time()
    for _ in range(50):
        a @ b
    return 2 * 128 * 784 * 256 * 50 / (time.thread_time() - t) / 1e9


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", default="mlp", help="mlp, cnn or fno1d (default mlp)")
    p.add_argument("--batch-size", type=int, help="default 128 (mlp, cnn), 20 (fno1d)")
    p.add_argument("--methods", default="sgd,adam,cf-prox", help="comma-separated; the first is the baseline")
    p.add_argument("--steps", type=int, default=100, help="timed steps per method per round (default 100)")
    p.add_argument("--rounds", type=int, default=6, help="interleaved rounds, the first warms up (default 6)")
    p.add_argument("--lr", type=float, help="default 1e-3 for adam, 1e-2 otherwise (as closedform)")
    p.add_argument("--ridge", type=float, default=1e-3)
    p.add_argument("--prox", type=float, default=1.0)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--out", help="write the results as JSON here")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    methods = [m.strip() for m in args.methods.split(",") if m.strip()]
    batch = args.batch_size or (20 if args.model == "fno1d" else 128)
    _, inputs, outputs, points = build(args.model)
    pool = min(args.steps, 20)
    x, y = data(args.model, pool * batch, inputs, outputs, points, 1)
    batches = [(x[i * batch:(i + 1) * batch], y[i * batch * points:(i + 1) * batch * points]) for i in range(pool)]
    load_before = os.getloadavg()[0]
    rounds = {m: [] for m in methods}
    for r in range(args.rounds):
        for m in methods:
            run, clock = Run(m, args.model, args.lr, args.ridge, args.prox, 1, batches[0]), Clock()
            for s in range(args.steps):
                bx, by = batches[s % pool]
                run.step(bx, by, clock)
            if r > 0:
                rounds[m].append(clock)
    load_after = os.getloadavg()[0]
    base = methods[0]
    result = {"engine": "pytorch " + torch.__version__, "model": args.model, "batch_size": batch,
              "threads": torch.get_num_threads(), "steps_per_round": args.steps, "rounds_counted": args.rounds - 1,
              "load_average_1min_before": load_before, "load_average_1min_after": load_after,
              "blas": blas(), "gemm_gflops_128x784x256": gemm_gflops(), "machine": platform.processor() or platform.machine(),
              "quiet_quantile": QUIET_QUANTILE, "step_time": []}
    for m in methods:
        per_round = []
        for i, c in enumerate(rounds[m]):
            b = rounds[base][i]
            cpu = [sum(s.values()) / 1e6 for s in c.steps]
            bcpu = [sum(s.values()) / 1e6 for s in b.steps]
            mean, bmean = sum(cpu) / len(cpu), sum(bcpu) / len(bcpu)
            quiet, bquiet = quantile(cpu, QUIET_QUANTILE), quantile(bcpu, QUIET_QUANTILE)
            per_round.append({
                "wall": 1000 * sum(c.wall) / len(c.wall), "bwall": 1000 * sum(b.wall) / len(b.wall),
                "cpu": mean, "bcpu": bmean, "quiet": quiet, "bquiet": bquiet,
                "parts": {ph: sum(s[ph] for s in c.steps) / 1e6 / len(c.steps) / bmean for ph in PHASES},
                "quiet_parts": {ph: quantile([s[ph] / 1e6 for s in c.steps], QUIET_QUANTILE) / bquiet for ph in PHASES},
                "phase_ms": {ph: sum(s[ph] for s in c.steps) / 1e6 / len(c.steps) for ph in PHASES}})
        row = {"method": m,
               "median_ms_per_step": median([x["wall"] for x in per_round]),
               "ratio_to_" + base: median([x["wall"] / x["bwall"] for x in per_round]),
               "median_cpu_ms_per_step": median([x["cpu"] for x in per_round]),
               "cpu_ratio_to_" + base: median([x["cpu"] / x["bcpu"] for x in per_round]),
               "quiet_cpu_ms_per_step": median([x["quiet"] for x in per_round]),
               "quiet_cpu_ratio_to_" + base: median([x["quiet"] / x["bquiet"] for x in per_round]),
               "phase_ms_per_step": {ph: median([x["phase_ms"][ph] for x in per_round]) for ph in PHASES},
               "phase_share_of_" + base + "_step": {ph: median([x["parts"][ph] for x in per_round]) for ph in PHASES},
               "quiet_phase_share_of_" + base + "_step": {ph: median([x["quiet_parts"][ph] for x in per_round]) for ph in PHASES}}
        result["step_time"].append(row)
    print(f"PyTorch {torch.__version__} ({result['blas']}, {result['gemm_gflops_128x784x256']:.0f} GFLOP/s on a 128x784x256 "
          f"float32 product), {args.model}, batch {batch}, {result['threads']} threads; {args.rounds} rounds x {args.steps} steps")
    print(f"load average (1 min): {load_before:.2f} before, {load_after:.2f} after")
    print(f"{'method':26s} {'ms/step':>9s} {'CPU ms':>9s} {'CPU x ' + base:>12s} {'quiet CPU':>10s} {'x ' + base:>9s}   parts (x {base}):"
          " backbone, 2nd forward, statistics, solve")
    for row in result["step_time"]:
        parts = row["phase_share_of_" + base + "_step"]
        print(f"{row['method']:26s} {row['median_ms_per_step']:9.3f} {row['median_cpu_ms_per_step']:9.3f} "
              f"{row['cpu_ratio_to_' + base]:12.3f} {row['quiet_cpu_ms_per_step']:10.3f} {row['quiet_cpu_ratio_to_' + base]:9.3f}   "
              + "  ".join(f"{parts[ph]:.3f}" for ph in PHASES))
    if args.out:
        with open(args.out, "w") as f:
            json.dump(result, f, indent=2)


def blas():
    """Which BLAS this PyTorch multiplies with: Debian's build calls the system libblas (the reference one unless OpenBLAS is installed)."""
    info = torch.__config__.show()
    for token in ("BLAS_INFO=", "MKL"):
        if token in info:
            if token == "MKL":
                return "MKL"
            name = info.split("BLAS_INFO=")[1].split(",")[0]
            if name == "generic":
                try:
                    with open("/proc/self/maps") as maps:
                        libs = {line.split()[-1] for line in maps if "blas" in line.lower()}
                    return "system BLAS " + ", ".join(sorted(libs)) if libs else "generic BLAS"
                except OSError:
                    return "generic BLAS"
            return name
    return "unknown BLAS"


if __name__ == "__main__":
    main()
