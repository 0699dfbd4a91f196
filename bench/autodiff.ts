/**
 * Autodiff workloads (issue 2): (a) 20,000 value-and-gradient evaluations of the block expression
 * sum(R ∘ (tanh(X Wᵀ) Vᵀ)) on tiny matrices, where per-operation overhead dominates; (b) 20 SGD
 * steps of a 784-100-10 ReLU MLP with softmax cross-entropy on a batch of 200, where matmul
 * dominates. PyTorch (float64, one thread) runs the same workloads as a peer when Debian's python3
 * has it; the ratios are ours / torch.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { valueAndGrad } from "../src/autodiff/index.js";
import { crossEntropy, Rng, randn, type Tensor, tensor, zeros } from "../src/tensor/index.js";

const PYTHON = "/usr/bin/python3";

function blockWorkload(evals: number): number {
  const rng = new Rng(0);
  const [X, W, V, R] = [[4, 3], [5, 3], [2, 5], [4, 2]].map((s) => randn(s, rng));
  const f = valueAndGrad((X: Tensor, W: Tensor, V: Tensor, R: Tensor) => R.mul(X.matmul(W.T).tanh().matmul(V.T)).sum());
  let total = 0;
  for (let i = 0; i < evals; i++) {
    const { value, grads } = f(X, W, V, R);
    total += value.item() + grads[0].data[0];
  }
  return total;
}

/** Data and parameters are drawn before timing starts; the timed part is the 20 steps. */
function mlpWorkload(): (steps: number) => number {
  const rng = new Rng(0);
  const X = randn([200, 784], rng);
  const y = tensor(Array.from({ length: 200 }, () => rng.int(0, 9)));
  const init: Tensor[] = [randn([784, 100], rng, 0, 0.05), zeros([100]), randn([100, 10], rng, 0, 0.1), zeros([10])];
  const step = valueAndGrad((W1: Tensor, b1: Tensor, W2: Tensor, b2: Tensor) =>
    crossEntropy(X.matmul(W1).add(b1).relu().matmul(W2).add(b2), y));
  return (steps) => {
    let params = init;
    let loss = 0;
    for (let s = 0; s < steps; s++) {
      const { value, grads } = step(...params);
      loss = value.item();
      params = params.map((p, i) => p.sub(grads[i].mul(0.1)));
    }
    return loss;
  };
}

/** Median wall time of `reps` runs (the peer does the same), to damp noise from other processes. */
function timed(f: (n: number) => number, n: number, reps = 3): number {
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    f(n);
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[reps >> 1];
}

function torchPeer(): { torch: string; blockMs: number; mlpMs: number } | string {
  const probe = spawnSync(PYTHON, ["-c", "import torch"], { encoding: "utf8" });
  if (probe.error !== undefined || probe.status !== 0) return `absent (${PYTHON} cannot import torch)`;
  const script = fileURLToPath(new URL("../../bench/peers/torch_autodiff.py", import.meta.url));
  const r = spawnSync(PYTHON, [script], { encoding: "utf8", timeout: 600_000 });
  if (r.status !== 0) return `failed: ${(r.stderr || String(r.error)).trim().split("\n").pop()}`;
  return JSON.parse(r.stdout) as { torch: string; blockMs: number; mlpMs: number };
}

export async function run(): Promise<Record<string, unknown>> {
  // Each workload is warmed up right before it is timed, so neither runs on code the other deoptimised.
  blockWorkload(40_000);
  const blockMs = timed(blockWorkload, 20_000);
  const mlp = mlpWorkload();
  mlp(2);
  const mlpMs = timed(mlp, 20);
  const peer = torchPeer();
  const ours = { blockEvals: 20_000, blockMs, mlpSteps: 20, mlpMs };
  if (typeof peer === "string") return { ...ours, peer };
  return {
    ...ours,
    peer: `torch ${peer.torch} (float64, 1 thread)`,
    torchBlockMs: peer.blockMs,
    torchMlpMs: peer.mlpMs,
    blockRatio: blockMs / peer.blockMs,
    mlpRatio: mlpMs / peer.mlpMs,
    targets: { blockRatio: 0.1, mlpRatio: 2 },
  };
}
