/**
 * Autodiff workloads (issue 2): (a) 20,000 value-and-gradient evaluations of the block expression
 * sum(R ∘ (tanh(X Wᵀ) Vᵀ)) on tiny matrices, where per-operation overhead dominates; (b) 20 SGD
 * steps of a 784-100-10 ReLU MLP with softmax cross-entropy on a batch of 200, where matmul
 * dominates. PyTorch (float64, one thread) runs the same workloads as a peer when Debian's python3
 * has it; the ratios are ours / torch. The peer also recomputes the values and gradients of a set of
 * small graphs (every primitive, broadcasting, kinks avoided) and reports the largest relative
 * disagreement with ours.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { valueAndGrad } from "../src/autodiff/index.js";
import {
  avgPool2d, conv2d, crossEntropy, maxPool2d, prelu, Rng, randn, type Tensor, tensor, zeros,
} from "../src/tensor/index.js";

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

interface Timing { ms: number; cpuMs: number }

/**
 * Median wall time of `reps` runs, and the median process CPU time (the peer measures both the same
 * way). CPU time is steadier when other processes compete for the cores.
 */
function timed(f: (n: number) => number, n: number, reps = 3): Timing {
  const wall: number[] = [], cpu: number[] = [];
  for (let r = 0; r < reps; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    f(n);
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const median = (xs: number[]): number => xs.sort((a, b) => a - b)[reps >> 1];
  return { ms: median(wall), cpuMs: median(cpu) };
}

type Graph = [shapes: number[][], f: (...args: Tensor[]) => Tensor];

/** Small graphs recomputed by the peer: the same names and formulas are in torch_autodiff.py. */
const GRAPHS: Record<string, Graph> = {
  block: [[[4, 3], [5, 3], [2, 5], [4, 2]], (X, W, V, R) => R.mul(X.matmul(W.T).tanh().matmul(V.T)).sum()],
  ceIndexPrelu: [[[5, 4], [4, 3], [3]], (X, W, t) => crossEntropy(prelu(X.matmul(W), t), tensor([0, 2, 1, 1, 0]))],
  ceProbLeaky: [[[5, 4], [4, 3], [5, 3]], (X, W, P) => crossEntropy(X.matmul(W).leakyRelu(0.2), P.softmax(1))],
  broadcast: [[[3, 1], [4], [1, 4]], (a, b, c) => a.add(b).mul(c).mean(0, true).softplus().sum().add(a.div(b.abs().add(1)).max())],
  reductions: [[[2, 3, 4]], (x) => x.max([0, 2]).sum().add(x.sum(1).pow(2).mean()).add(x.min(1).sin().sum())],
  layout: [[[2, 3, 4], [4, 3]], (x, w) => x.transpose(1, 2).reshape(-1, 3).matmul(w.T).sin().sum().add(x.permute(2, 0, 1).reshape(4, 6).cos().mean(1).sum())],
  softmax: [[[3, 5]], (x) => x.softmax(0).mul(x.exp()).sum().add(x.mul(x).add(1).sqrt().log().sum()).add(x.logSoftmax(1).max())],
  maxmin: [[[3, 4], [4]], (a, b) => a.maximum(b).sum().add(a.minimum(b.mul(0.5)).pow(3).sum()).add(a.abs().add(0.5).pow(b).sum())],
  batched: [[[2, 3, 4], [4, 5], [2, 1, 5], [3]], (a, b, c, v) => a.matmul(b).tanh().mul(c).sum().add(v.matmul(a).sigmoid().sum())],
  conv: [[[2, 3, 7, 8], [4, 3, 3, 2], [4]], (x, w, b) => conv2d(x, w, { stride: [2, 1], padding: [1, 2], dilation: [1, 2], bias: b }).tanh().sum()],
  maxPoolCeil: [[[2, 2, 7, 7]], (x) => maxPool2d(x, { kernel: 3, stride: 2, padding: 1, ceilMode: true }).pow(2).sum()],
  maxPoolDilated: [[[1, 2, 9, 8]], (x) => maxPool2d(x, { kernel: [3, 2], stride: [2, 3], dilation: [2, 1], ceilMode: true }).exp().sum()],
  avgPool: [[[2, 2, 7, 6]], (x) => avgPool2d(x, { kernel: 3, stride: 2, padding: 1, ceilMode: true }).pow(2).sum()
    .add(avgPool2d(x, { kernel: [2, 3], stride: [3, 2], ceilMode: true, countIncludePad: false }).exp().sum())],
  mlp: [[[6, 10], [10, 8], [8], [8, 3]], (x, w1, b1, w2) => crossEntropy(x.matmul(w1).add(b1).relu().matmul(w2), tensor([0, 1, 2, 0, 1, 2]))],
};

function graphResults(): Record<string, { args: { shape: readonly number[]; data: number[] }[]; value: number; grads: number[][] }> {
  const rng = new Rng(42);
  const out: ReturnType<typeof graphResults> = {};
  for (const [name, [shapes, f]] of Object.entries(GRAPHS)) {
    const args = shapes.map((s) => randn(s, rng));
    const { value, grads } = valueAndGrad(f)(...args);
    out[name] = { args: args.map((a) => ({ shape: a.shape, data: Array.from(a.data) })), value: value.item(), grads: grads.map((g) => Array.from(g.data)) };
  }
  return out;
}

interface PeerResult {
  torch: string;
  blockMs: number;
  blockCpuMs: number;
  mlpMs: number;
  mlpCpuMs: number;
  agreement: { graphs: number; maxRelError: number; worst: string };
}

function torchPeer(): PeerResult | string {
  const probe = spawnSync(PYTHON, ["-c", "import torch"], { encoding: "utf8" });
  if (probe.error !== undefined || probe.status !== 0) return `absent (${PYTHON} cannot import torch)`;
  const script = fileURLToPath(new URL("../../bench/peers/torch_autodiff.py", import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), "gradsheet-bench-"));
  try {
    const graphs = join(dir, "graphs.json");
    writeFileSync(graphs, JSON.stringify(graphResults()));
    const r = spawnSync(PYTHON, [script, graphs], { encoding: "utf8", timeout: 600_000 });
    if (r.status !== 0) return `failed: ${(r.stderr || String(r.error)).trim().split("\n").pop()}`;
    return JSON.parse(r.stdout) as PeerResult;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<Record<string, unknown>> {
  // Each workload is warmed up right before it is timed, so neither runs on code the other deoptimised.
  blockWorkload(40_000);
  const block = timed(blockWorkload, 20_000);
  const mlp = mlpWorkload();
  mlp(2);
  const net = timed(mlp, 20);
  const peer = torchPeer();
  const ours = { blockEvals: 20_000, blockMs: block.ms, blockCpuMs: block.cpuMs, mlpSteps: 20, mlpMs: net.ms, mlpCpuMs: net.cpuMs };
  if (typeof peer === "string") return { ...ours, peer };
  return {
    ...ours,
    peer: `torch ${peer.torch} (float64, 1 thread)`,
    torchBlockMs: peer.blockMs,
    torchMlpMs: peer.mlpMs,
    blockRatio: block.ms / peer.blockMs,
    mlpRatio: net.ms / peer.mlpMs,
    targets: { blockRatio: 0.1, mlpRatio: 2 },
    cpuTimeRatios: { block: block.cpuMs / peer.blockCpuMs, mlp: net.cpuMs / peer.mlpCpuMs },
    torchAgreement: peer.agreement,
  };
}
