/**
 * Expectations by seeded Monte Carlo (`\mathbb{E}_x[\cdot]`, `\mathrm{Var}_x[\cdot]`), batched when the
 * body allows it, and the standard error of the estimate carried through affine steps around it.
 */
import type { Expr } from "../expr/ast.js";
import type { SymbolDecl } from "../expr/types.js";
import { dimValue } from "../expr/shape-dims.js";
import { children } from "../expr/walk.js";
import { Rng } from "../tensor/rng.js";
import { scalar } from "../tensor/create.js";
import { Tensor } from "../tensor/tensor.js";
import { monteCarlo } from "./calculus.js";
import { drawNumber, drawTensor } from "./domains.js";
import { BUILTIN_MEMBER } from "./families.js";
import { BATCHABLE, EvalFail, fail, intersects, text, type EvalContext, type Node } from "./eval-support.js";

/**
 * The standard error of a Monte Carlo estimate, carried through the affine steps around it:
 * c·E[·], E[·]/c, −E[·], and sums of independent estimates (each expectation has its own stream).
 * Scalars only; null when the formula is not such a combination (or has no expectation).
 */
export function stderrOf(ctx: EvalContext, e: Expr): Tensor | null {
  const own = ctx.stderrs.get(e);
  if (own) return own;
  const constant = (x: Expr): number | null => {
    const v = ctx.memo.get(x);
    return v && v.data.length === 1 && !hasExpect(x) ? v.data[0] : null;
  };
  switch (e.kind) {
    case "neg":
      return stderrOf(ctx, e.arg);
    case "mul":
    case "hadamard": {
      const random = e.factors.filter((f) => hasExpect(f));
      if (random.length !== 1) return null;
      const se = stderrOf(ctx, random[0]);
      let scale = 1;
      for (const f of e.factors) {
        if (f === random[0]) continue;
        const c = constant(f);
        if (c === null) return null;
        scale *= c;
      }
      return se && se.data.length === 1 ? scalar(Math.abs(scale) * se.data[0]) : null;
    }
    case "div": {
      const c = constant(e.den);
      const se = hasExpect(e.num) && c !== null ? stderrOf(ctx, e.num) : null;
      return se && se.data.length === 1 ? scalar(se.data[0] / Math.abs(c as number)) : null;
    }
    case "add": {
      let total = 0;
      let any = false;
      for (const t of e.terms) {
        if (!hasExpect(t)) {
          if (constant(t) === null) return null;
          continue;
        }
        const se = stderrOf(ctx, t);
        if (!se || se.data.length !== 1) return null;
        total += se.data[0] ** 2;
        any = true;
      }
      return any ? scalar(Math.sqrt(total)) : null;
    }
    default:
      return null;
  }
}

function hasExpect(e: Expr): boolean {
  if (e.kind === "expect") return true;
  return children(e).some((c) => hasExpect(c));
}


export function expectation(ctx: EvalContext, e: Node<"expect">): Tensor {
  const names = ctx.expectOver(e);
  const label = ctx.nextStreamLabel();
  const decls = names.map((n): SymbolDecl => ctx.decls.get(n) ?? { name: n, kind: "scalar", domain: { kind: "real" } });
  const batched = batchable(ctx, e, decls) ? expectBatched(ctx, e, names, decls, label) : null;
  if (batched) return batched;
  const rng = new Rng(ctx.env.seed).fork(label);
  const samples: Float64Array[] = [];
  let shape: readonly number[] = [];
  let failures = 0;
  const m = ctx.limits.mcSamples;
  for (let s = 0; s < m; s++) {
    ctx.charge(names.length);
    const vals = decls.map((d) => drawTensor(d.domain ?? { kind: "real" }, shapeOfSymbol(ctx, d), rng));
    try {
      const v = ctx.withScope(names, vals, () => ctx.eval(e.body));
      shape = v.shape;
      samples.push(v.data);
    } catch (err) {
      if (!(err instanceof EvalFail && err.code === "domain")) throw err;
      failures++;
    }
  }
  if (samples.length < Math.max(2, 0.9 * m)) fail(`${text(e)} is undefined on ${failures} of ${m} samples`, "domain");
  const r = monteCarlo(samples, e.op);
  const se = new Tensor(r.stderr, shape);
  ctx.stderrs.set(e, se);
  return new Tensor(r.mean, shape);
}

/**
 * A scalar body over scalar variables, built only from entry-by-entry operations, is evaluated once
 * on all samples at once (a 1-D tensor of draws). The draws are the ones the sample-by-sample loop
 * would make, in the same order, so the estimate is the same; any failure falls back to that loop.
 */
function batchable(ctx: EvalContext, e: Node<"expect">, decls: SymbolDecl[]): boolean {
  for (const d of decls) {
    const k = d.domain?.kind;
    if (k === "onehot" || k === "probability" || shapeOfSymbol(ctx, d).length !== 0) return false;
  }
  const over = new Set(decls.map((d) => d.name));
  const stack: Expr[] = [e.body];
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (!BATCHABLE.has(x.kind)) return false;
    const shape = ctx.shapeOfNode(x);
    if (!shape || shape.length !== 0) return false;
    if (x.kind === "const" && (x.name === "I" || x.name === "ones")) return false;
    if (x.kind === "sym" && ctx.env.definitions[x.name] && intersects(ctx.deps.definitionInputs(x.name), over)) return false;
    if (x.kind === "call") {
      const builtin = BUILTIN_MEMBER[x.fn] !== undefined || x.fn === "lrelu" || x.fn === "prelu" || ((x.fn === "max" || x.fn === "min") && x.args.length === 2);
      if (!builtin && (ctx.env.definitions[x.fn] || ctx.env.functions[x.fn] === undefined)) return false;
    }
    stack.push(...children(x));
  }
  return true;
}

function expectBatched(ctx: EvalContext, e: Node<"expect">, names: string[], decls: SymbolDecl[], label: string): Tensor | null {
  const m = ctx.limits.mcSamples;
  const rng = new Rng(ctx.env.seed).fork(label);
  const draws = names.map(() => new Float64Array(m));
  for (let s = 0; s < m; s++) decls.forEach((d, k) => (draws[k][s] = drawNumber(d.domain ?? { kind: "real" }, rng)));
  ctx.charge(m * names.length);
  let v: Tensor;
  try {
    v = ctx.withScope(names, draws.map((d) => new Tensor(d, [m])), () => ctx.eval(e.body));
  } catch (err) {
    if (err instanceof EvalFail && err.code !== "budget") return null;
    throw err;
  }
  if (v.data.length !== m) return null;
  const r = monteCarlo(Array.from(v.data, (x) => Float64Array.of(x)), e.op);
  ctx.stderrs.set(e, new Tensor(r.stderr, []));
  return new Tensor(r.mean, []);
}

function shapeOfSymbol(ctx: EvalContext, d: SymbolDecl): number[] {
  const v = ctx.env.values[d.name];
  if (v) return [...v.shape];
  if (!d.shape || d.shape.length === 0) return [];
  return d.shape.map((x) => dimValue(x, ctx.env.dims) ?? fail(`no size for ${x}`, "unsupported"));
}
