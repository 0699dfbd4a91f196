/**
 * The numeric gate every CAS answer passes before use: evaluate the claim and its independent
 * reference at random points of the variables' domains and compare with a relative tolerance and an
 * absolute floor. Points where either side is undefined are skipped; too few valid points is a
 * rejection, not an acceptance.
 */
import type { Domain } from "../../expr/types.js";
import { Rng } from "../../tensor/rng.js";

export interface CheckOptions {
  domains?: Record<string, Domain>;
  seed?: number;
  points?: number;
  rtol?: number;
  atol?: number;
  /** Keep sampled values at least this far from 0 (kinks, sign splits). */
  awayFromZero?: number;
}

export type CheckOutcome = { ok: true; points: number } | { ok: false; reason: string; points: number };

const ADVERSARIAL = [1, -1, 0.5, 2, -2.5];

export function drawValue(domain: Domain | undefined, rng: Rng, k: number, away = 0): number {
  const d = domain ?? { kind: "real" };
  let v: number;
  switch (d.kind) {
    case "positive":
      v = k < 2 ? [1, 0.5][k] : rng.uniform(0.05, 4);
      break;
    case "nonnegative":
      v = k < 1 ? 0 : rng.uniform(0, 4);
      break;
    case "interval": {
      const lo = d.lo + (d.closedLo ? 0 : 1e-6);
      const hi = d.hi - (d.closedHi ? 0 : 1e-6);
      v = k === 0 ? lo : k === 1 ? hi : rng.uniform(lo, hi);
      break;
    }
    case "integer":
      v = rng.int(d.lo, d.hi);
      break;
    case "awayFromKink":
      v = (rng.next() < 0.5 ? -1 : 1) * rng.uniform(d.margin, 3);
      break;
    default:
      v = k < ADVERSARIAL.length ? ADVERSARIAL[k] : rng.normal(0, 1.5);
  }
  if (away > 0 && Math.abs(v) < away) v = v < 0 ? -away - Math.abs(v) : away + Math.abs(v);
  return v;
}

/** Compares claim(env) with reference(env) at random points. */
export function checkAt(
  vars: string[],
  claim: (env: Record<string, number>) => number,
  reference: (env: Record<string, number>) => number,
  opts: CheckOptions = {},
): CheckOutcome {
  const rng = new Rng(opts.seed ?? 7);
  const n = opts.points ?? 16;
  const rtol = opts.rtol ?? 1e-7;
  const atol = opts.atol ?? 1e-9;
  let valid = 0;
  for (let k = 0; k < n; k++) {
    const env: Record<string, number> = {};
    for (const v of vars) env[v] = drawValue(opts.domains?.[v], rng, k, opts.awayFromZero);
    let a: number;
    let b: number;
    try {
      a = claim(env);
      b = reference(env);
    } catch (err) {
      return { ok: false, reason: `could not evaluate: ${err instanceof Error ? err.message : String(err)}`, points: valid };
    }
    if (!Number.isFinite(b)) continue;
    if (!Number.isFinite(a)) return { ok: false, reason: `undefined at ${fmt(env)} where the reference is ${b}`, points: valid };
    if (Math.abs(a - b) > atol + rtol * Math.max(Math.abs(a), Math.abs(b))) {
      return { ok: false, reason: `differs at ${fmt(env)}: ${a} instead of ${b}`, points: valid };
    }
    valid++;
  }
  const needed = Math.ceil(n / 3);
  if (valid < needed) return { ok: false, reason: `only ${valid} of ${n} points were valid (need ${needed})`, points: valid };
  return { ok: true, points: valid };
}

function fmt(env: Record<string, number>): string {
  return Object.entries(env)
    .map(([k, v]) => `${k} = ${Number(v.toPrecision(6))}`)
    .join(", ");
}
