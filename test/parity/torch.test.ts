/**
 * PyTorch parity: every committed fixture's program, run through gradsheet's public API, must give
 * torch's float64 forward value, loss sum(R ∘ out) and gradient for every differentiable input.
 * Tolerance per element: |got − want| ≤ 1e-7·|want| + 1e-12·max(1, max|want| over that tensor); the
 * absolute floor only matters for entries that are zero up to rounding (cancellations, masked grads).
 * Regenerate the fixtures with: /usr/bin/python3 bench/peers/make_torch_fixtures.py
 */
import { describe, expect, it } from "vitest";
import { grad, jacobian, type Tensor, valueAndGrad, vjp, zeros } from "../../src/index.js";
import { type Case, CHECK_SEED, type Expected, gridValues, loadFixtures, loadRejects, runProgram, type Summary, toTensor } from "./fixtures.js";
import { OPS } from "./ops.js";

const RTOL = 1e-7;
const ATOL_SCALE = 1e-12;

/** The worst element of `got` beyond tolerance against `want[i]` at positions `at[i]`, or null. */
function worstElement(got: Float64Array, at: readonly number[], want: readonly number[]): string | null {
  let scale = 1;
  for (const w of want) scale = Math.max(scale, Math.abs(w));
  let worst = -1, worstExcess = 0;
  for (let i = 0; i < want.length; i++) {
    const excess = Math.abs(got[at[i]] - want[i]) / (RTOL * Math.abs(want[i]) + ATOL_SCALE * scale);
    if (!(excess <= 1) && (worst < 0 || !(excess <= worstExcess))) { worst = i; worstExcess = excess; }
  }
  if (worst < 0) return null;
  const g = got[at[worst]], w = want[worst];
  return `element ${at[worst]}: got ${g}, torch ${w} (abs err ${Math.abs(g - w).toExponential(2)}, rel ${(Math.abs(g - w) / Math.abs(w)).toExponential(2)})`;
}

/** A large tensor against its summary: the sampled entries, and the checksum to 1e-7 of its scale. */
function summaryMismatch(got: Float64Array, s: Summary): string | null {
  const bad = worstElement(got, s.sample.map(([i]) => i), s.sample.map(([, v]) => v));
  if (bad !== null) return bad;
  const w = gridValues(got.length, CHECK_SEED);
  let sum = 0;
  for (let i = 0; i < got.length; i++) sum += w[i] * got[i];
  const err = Math.abs(sum - s.checksum);
  return err <= RTOL * s.scale + ATOL_SCALE ? null : `checksum ${sum}, torch ${s.checksum} (error ${err.toExponential(2)} of scale ${s.scale.toExponential(2)})`;
}

/** Why `got` is not `want` (shape or the worst element), or null when they agree. */
function mismatch(got: Tensor, want: Expected): string | null {
  if (got.shape.length !== want.shape.length || got.shape.some((d, i) => d !== want.shape[i])) {
    return `shape [${got.shape.join(",")}] instead of [${want.shape.join(",")}]`;
  }
  if (want.summary !== undefined) return summaryMismatch(got.data, want.summary);
  if (want.data === undefined) return "the fixture stores neither data nor a summary";
  return worstElement(got.data, want.data.map((_, i) => i), want.data);
}

function checkCase(c: Case): string[] {
  const problems: string[] = [];
  const note = (what: string, m: string | null): void => { if (m !== null) problems.push(`${c.name}: ${what}: ${m}`); };
  const consts = new Map<string, Tensor>();
  const diff: string[] = [];
  const diffArgs: Tensor[] = [];
  for (const inp of c.inputs) {
    const x = toTensor(inp);
    consts.set(inp.name, x);
    if (inp.grad) { diff.push(inp.name); diffArgs.push(x); }
  }
  note("forward value", mismatch(runProgram(c, consts), c.value));

  const R = toTensor(c.R);
  const out = (...args: Tensor[]): Tensor => {
    const env = new Map(consts);
    diff.forEach((n, i) => env.set(n, args[i]));
    return runProgram(c, env);
  };
  const loss = (...args: Tensor[]): Tensor => out(...args).mul(R).sum();
  const checkGrads = (how: string, grads: Tensor[]): void => {
    diff.forEach((n, i) => {
      const want = c.grads[n];
      if (want === undefined) problems.push(`${c.name}: the fixture has no gradient for ${n}`);
      else note(`${how} gradient w.r.t. ${n}`, mismatch(grads[i], want));
    });
  };
  const vg = valueAndGrad(loss)(...diffArgs);
  note("loss sum(R∘out)", mismatch(vg.value, { shape: [], data: [c.loss] }));
  checkGrads("valueAndGrad", vg.grads);
  checkGrads("grad", grad(loss)(...diffArgs));
  // The same gradients as a vector-Jacobian product with cotangent R, without the explicit loss.
  const pulled = vjp(out, diffArgs, R);
  note("vjp value", mismatch(pulled.value, c.value));
  checkGrads("vjp", pulled.grads);
  if (c.jacobian !== undefined) note("jacobian", mismatch(jacobian((x) => out(x))(diffArgs[0]), c.jacobian));
  return problems;
}

const files = loadFixtures();
const rejects = loadRejects();

describe("PyTorch float64 parity", () => {
  it("has the fixtures and exercises every op of the table", () => {
    const cases = files.flatMap((f) => f.cases);
    expect(cases.length).toBeGreaterThanOrEqual(40);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
    for (const f of files) expect(f.dtype).toBe("float64");
    const used = new Set([...cases, ...rejects.cases].flatMap((c) => c.program.map((s) => s[1])));
    expect([...used].filter((op) => !(op in OPS))).toEqual([]);
    expect(Object.keys(OPS).filter((op) => !used.has(op))).toEqual([]);
  });

  for (const f of files) {
    describe(f.group, () => {
      for (const c of f.cases) {
        it(c.name, () => {
          expect(checkCase(c)).toEqual([]);
        });
      }
    });
  }

  describe("inputs torch refuses are refused", () => {
    for (const c of rejects.cases) {
      it(c.name, () => {
        const env = new Map(c.inputs.map((i) => [i.name, zeros(i.shape)] as const));
        expect(() => runProgram(c, env), `torch: ${c.torchError}`).toThrow(RangeError);
      });
    }
  });
});
