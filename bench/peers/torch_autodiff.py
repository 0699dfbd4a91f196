"""PyTorch peer for bench/autodiff.ts: the same two workloads in float64 on one thread.

Prints one JSON object {"torch": version, "blockMs": ..., "mlpMs": ..., "agreement": ...}. Run by
the bench as a child process with Debian's /usr/bin/python3 when it has torch, with the path of a
JSON file of small graphs (arguments, value and gradients computed by gradsheet) to recompute.
"""
import json
import sys
import time

import torch
import torch.nn.functional as F

torch.set_num_threads(1)
torch.set_default_dtype(torch.float64)
g = torch.Generator().manual_seed(0)


def block_workload(evals):
    X, W, V, R = (torch.randn(*s, generator=g).requires_grad_() for s in [(4, 3), (5, 3), (2, 5), (4, 2)])
    total = 0.0
    for _ in range(evals):
        loss = (R * (torch.tanh(X @ W.T) @ V.T)).sum()
        grads = torch.autograd.grad(loss, [X, W, V, R])
        total += loss.item() + grads[0][0, 0].item()
    return total


def mlp_workload():
    """Data and parameters are drawn before timing starts; the timed part is the steps."""
    X = torch.randn(200, 784, generator=g)
    y = torch.randint(0, 10, (200,), generator=g)
    init = [torch.randn(784, 100, generator=g) * 0.05, torch.zeros(100),
            torch.randn(100, 10, generator=g) * 0.1, torch.zeros(10)]

    def run(steps):
        params = [p.clone().requires_grad_() for p in init]
        loss = None
        for _ in range(steps):
            W1, b1, W2, b2 = params
            loss = F.cross_entropy(torch.relu(X @ W1 + b1) @ W2 + b2, y)
            grads = torch.autograd.grad(loss, params)
            with torch.no_grad():
                params = [(p - 0.1 * gp).requires_grad_() for p, gp in zip(params, grads)]
        return loss.item()

    return run


def timed(fn, arg, reps=3):
    """Median wall and process CPU time of `reps` runs, as bench/autodiff.ts measures its own."""
    wall, cpu = [], []
    for _ in range(reps):
        c0, t0 = time.process_time(), time.perf_counter()
        fn(arg)
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    return sorted(wall)[reps // 2], sorted(cpu)[reps // 2]


# The same names and formulas as GRAPHS in bench/autodiff.ts.
GRAPHS = {
    "block": lambda X, W, V, R: (R * (torch.tanh(X @ W.T) @ V.T)).sum(),
    "ceIndexPrelu": lambda X, W, t: F.cross_entropy(F.prelu(X @ W, t), torch.tensor([0, 2, 1, 1, 0])),
    "ceProbLeaky": lambda X, W, P: F.cross_entropy(F.leaky_relu(X @ W, 0.2), P.softmax(1)),
    "broadcast": lambda a, b, c: F.softplus(((a + b) * c).mean(0, keepdim=True)).sum() + (a / (b.abs() + 1)).max(),
    "reductions": lambda x: x.amax(dim=(0, 2)).sum() + (x.sum(1) ** 2).mean() + torch.sin(x.amin(1)).sum(),
    "layout": lambda x, w: torch.sin(x.transpose(1, 2).reshape(-1, 3) @ w.T).sum()
    + torch.cos(x.permute(2, 0, 1).reshape(4, 6)).mean(1).sum(),
    "softmax": lambda x: (x.softmax(0) * x.exp()).sum() + torch.log(torch.sqrt(x * x + 1)).sum() + x.log_softmax(1).max(),
    "maxmin": lambda a, b: torch.maximum(a, b).sum() + (torch.minimum(a, b * 0.5) ** 3).sum() + ((a.abs() + 0.5) ** b).sum(),
    "batched": lambda a, b, c, v: (torch.tanh(a @ b) * c).sum() + torch.sigmoid(v @ a).sum(),
    "conv": lambda x, w, b: torch.tanh(F.conv2d(x, w, b, stride=(2, 1), padding=(1, 2), dilation=(1, 2))).sum(),
    "maxPoolCeil": lambda x: (F.max_pool2d(x, 3, 2, 1, ceil_mode=True) ** 2).sum(),
    "maxPoolDilated": lambda x: torch.exp(F.max_pool2d(x, (3, 2), (2, 3), dilation=(2, 1), ceil_mode=True)).sum(),
    "avgPool": lambda x: (F.avg_pool2d(x, 3, 2, 1, ceil_mode=True) ** 2).sum()
    + torch.exp(F.avg_pool2d(x, (2, 3), (3, 2), ceil_mode=True, count_include_pad=False)).sum(),
    "mlp": lambda x, w1, b1, w2: F.cross_entropy(torch.relu(x @ w1 + b1) @ w2, torch.tensor([0, 1, 2, 0, 1, 2])),
}


def agreement(path):
    """Largest relative difference (per tensor, max-norm) between gradsheet's and torch's values and gradients."""
    ours = json.load(open(path))
    worst, worst_name = 0.0, ""
    for name, r in ours.items():
        args = [torch.tensor(a["data"]).reshape(a["shape"]).requires_grad_() for a in r["args"]]
        value = GRAPHS[name](*args)
        grads = torch.autograd.grad(value, args, allow_unused=True)
        errs = [abs(value.item() - r["value"]) / max(abs(value.item()), 1e-300)]
        for g, mine in zip(grads, r["grads"]):
            mine = torch.tensor(mine)
            g = torch.zeros_like(mine) if g is None else g.flatten()
            errs.append(((mine - g).abs().max() / max(g.abs().max().item(), 1e-300)).item())
        if max(errs) >= worst:
            worst, worst_name = max(errs), name
    return {"graphs": len(ours), "maxRelError": worst, "worst": worst_name}


block_workload(2000)
mlp = mlp_workload()
mlp(2)
block_ms, block_cpu_ms = timed(block_workload, 20000)
mlp_ms, mlp_cpu_ms = timed(mlp, 20)
print(json.dumps({
    "torch": torch.__version__,
    "blockMs": block_ms,
    "blockCpuMs": block_cpu_ms,
    "mlpMs": mlp_ms,
    "mlpCpuMs": mlp_cpu_ms,
    "agreement": agreement(sys.argv[1]) if len(sys.argv) > 1 else None,
}))
