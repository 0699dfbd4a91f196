/**
 * Finite-difference check of reverse-mode gradients. "full" compares every Jacobian entry with a
 * float64 central difference (torch.autograd.gradcheck); "random" compares directional derivatives
 * ⟨u, J v⟩ along random v (and random output weights u) with ⟨Jᵀu, v⟩ (JAX's check_grads), which
 * costs two evaluations per direction instead of two per input entry.
 */
import { Rng } from "../tensor/rng.js";
import { setRecorder } from "../tensor/record.js";
import { Tensor } from "../tensor/tensor.js";
import { type Fn, linearize } from "./grad.js";

export interface GradcheckOptions {
  eps?: number;
  atol?: number;
  rtol?: number;
  mode?: "full" | "random";
  /** Random mode: how many directions (default 8). */
  directions?: number;
  seed?: number;
}

export interface GradcheckWorst {
  /** Argument index (-1 in random mode, where a direction moves every argument). */
  arg: number;
  /** Multi-index of the entry in that argument ([] in random mode). */
  index: number[];
  /** Multi-index of the output entry (full mode). */
  output?: number[];
  /** Random mode: which direction. */
  direction?: number;
  analytic: number;
  numeric: number;
}

export interface GradcheckResult {
  ok: boolean;
  maxAbsError: number;
  /** max |analytic − numeric| / max(|numeric|, atol). */
  maxRelError: number;
  /** The entry that violates the tolerance most (or comes closest to it). */
  worst?: GradcheckWorst;
}

function unravel(i: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let a = shape.length - 1; a >= 0; a--) {
    idx[a] = i % shape[a];
    i = Math.floor(i / shape[a]);
  }
  return idx;
}

class Tally {
  ok = true;
  maxAbs = 0;
  maxRel = 0;
  worstScore = -1;
  worst: GradcheckWorst | undefined;
  constructor(private readonly atol: number, private readonly rtol: number) {}

  add(analytic: number, numeric: number, where: () => Omit<GradcheckWorst, "analytic" | "numeric">): void {
    const diff = Math.abs(analytic - numeric);
    const abs = Number.isNaN(diff) ? Infinity : diff;
    const rel = abs / Math.max(Math.abs(numeric), this.atol);
    const score = abs / (this.atol + this.rtol * Math.abs(numeric));
    if (!(abs <= this.atol + this.rtol * Math.abs(numeric))) this.ok = false;
    if (abs > this.maxAbs) this.maxAbs = abs;
    if (rel > this.maxRel) this.maxRel = rel;
    if (score > this.worstScore || (Number.isNaN(score) && this.worstScore >= 0)) {
      this.worstScore = Number.isNaN(score) ? Infinity : score;
      this.worst = { ...where(), analytic, numeric };
    }
  }

  result(): GradcheckResult {
    const r: GradcheckResult = { ok: this.ok, maxAbsError: this.maxAbs, maxRelError: this.maxRel };
    if (this.worst !== undefined) r.worst = this.worst;
    return r;
  }
}

/** Evaluates f on copies of the arguments, without recording. */
function evaluate(f: Fn, args: readonly Tensor[]): Float64Array {
  const prev = setRecorder(null);
  try {
    return f(...args.map((a) => new Tensor(a.data, a.shape))).data;
  } finally {
    setRecorder(prev);
  }
}

export function gradcheck(f: Fn, args: readonly Tensor[], opts: GradcheckOptions = {}): GradcheckResult {
  const eps = opts.eps ?? 1e-6, atol = opts.atol ?? 1e-5, rtol = opts.rtol ?? 1e-3;
  const tally = new Tally(atol, rtol);
  // Perturbed copies: the caller's tensors are never written.
  const work = args.map((a) => new Tensor(a.data.slice(), a.shape));
  const lin = linearize(f, work);
  const outShape = lin.value.shape, m = lin.value.size;
  try {
    if ((opts.mode ?? "full") === "full") {
      const J = Array.from({ length: m }, (_, o) => {
        const cot = new Float64Array(m);
        cot[o] = 1;
        return lin.pullback(new Tensor(cot, outShape));
      });
      work.forEach((a, k) => {
        for (let i = 0; i < a.size; i++) {
          const x0 = a.data[i];
          a.data[i] = x0 + eps;
          const plus = evaluate(f, work);
          a.data[i] = x0 - eps;
          const minus = evaluate(f, work);
          a.data[i] = x0;
          for (let o = 0; o < m; o++) {
            tally.add(J[o][k].data[i], (plus[o] - minus[o]) / (2 * eps), () => ({ arg: k, index: unravel(i, a.shape), output: unravel(o, outShape) }));
          }
        }
      });
    } else {
      const rng = new Rng(opts.seed ?? 0);
      const dirs = opts.directions ?? 8;
      for (let d = 0; d < dirs; d++) {
        const u = new Float64Array(m);
        for (let o = 0; o < m; o++) u[o] = m === 1 ? 1 : rng.normal();
        const g = lin.pullback(new Tensor(u, outShape));
        const v = work.map((a) => Float64Array.from({ length: a.size }, () => rng.normal()));
        let analytic = 0;
        g.forEach((gk, k) => { for (let i = 0; i < gk.size; i++) analytic += gk.data[i] * v[k][i]; });
        const shifted = (sign: number): number => {
          const moved = work.map((a, k) => new Tensor(a.data.map((x, i) => x + sign * eps * v[k][i]), a.shape));
          const y = evaluate(f, moved);
          let s = 0;
          for (let o = 0; o < m; o++) s += u[o] * y[o];
          return s;
        };
        const numeric = (shifted(1) - shifted(-1)) / (2 * eps);
        tally.add(analytic, numeric, () => ({ arg: -1, index: [], direction: d }));
      }
    }
  } finally {
    lin.release();
  }
  return tally.result();
}
