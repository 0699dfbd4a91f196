"""PyTorch peer for bench/autodiff.ts: the same two workloads in float64 on one thread.

Prints one JSON object {"torch": version, "blockMs": ..., "mlpMs": ...}. Run by the bench as a
child process with Debian's /usr/bin/python3 when it has torch.
"""
import json
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
    """Median wall time of `reps` runs, as bench/autodiff.ts measures its own."""
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn(arg)
        times.append((time.perf_counter() - t0) * 1000)
    return sorted(times)[reps // 2]


block_workload(2000)
mlp = mlp_workload()
mlp(2)
print(json.dumps({
    "torch": torch.__version__,
    "blockMs": timed(block_workload, 20000),
    "mlpMs": timed(mlp, 20),
}))
