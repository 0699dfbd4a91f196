/**
 * The formula references of QUESTIONS.md sections A and B, produced by the engine rather than typed
 * in: reverse mode and Jacobians for the matrix questions, the CAS bridge (checked) for the solve
 * and limit questions. Each derivation records its steps. Independent oracles (autodiff, Monte Carlo,
 * brute force) check these in test/symbolic/bank.test.ts; the question bank calls
 * `deriveBankReference(id)` and verifies again with its own oracle.
 */
import type { Expr } from "../expr/ast.js";
import type { SymbolTable } from "../expr/types.js";
import { add, call, div, had, indicator, mul, neg, num, ONES, pow, rel, sym, tr } from "./build.js";
import { casLimit, casSolve } from "./cas/index.js";
import { indexJacobian, vectorJacobian } from "./jacobian.js";
import { sameExpr } from "./order.js";
import { deriveGradient } from "./reverse.js";
import { ShapeContext } from "./shape.js";
import { simplify } from "./simplify.js";
import { mapChildren, substitute } from "./walk.js";

export interface BankDerivation {
  ok: true;
  id: string;
  /** The reference (one-expression questions) or the first slot. */
  expr: Expr;
  /** Named slots for multi-slot questions (`A`, `B`). */
  slots?: Record<string, Expr>;
  /** How it was obtained, one line per step. */
  steps: string[];
}

export type BankResult = BankDerivation | { ok: false; id: string; message: string };

const vec = (name: string, n: string = "n") => ({ name, kind: "vector" as const, shape: [n, 1] as [string, number] });
const mat = (name: string, r: string, c: string) => ({ name, kind: "matrix" as const, shape: [r, c] as [string, string] });
const scal = (name: string) => ({ name, kind: "scalar" as const });

const x = sym("x");
const BLOCK: SymbolTable = {
  symbols: [mat("X", "S", "M"), mat("W", "F", "M"), mat("V", "N", "F"), mat("G", "S", "N"), { name: "h", kind: "elementwise" }, vec("b", "F")],
};
const blockForward = mul(call("h", [mul(sym("X"), tr(sym("W")))]), tr(sym("V")));

class BankError extends Error {}

function derived(forward: Expr | Expr[], wrt: string, table: SymbolTable, upstream = "G"): Expr {
  const r = deriveGradient(forward, wrt, table, { upstream });
  if (!r.ok) throw new BankError(r.message);
  return r.expr;
}

function unwrap<T extends { ok: boolean }>(r: T & ({ ok: true; expr: Expr } | { ok: false; message: string })): Expr {
  if (!r.ok) throw new BankError((r as { message: string }).message);
  return (r as { expr: Expr }).expr;
}

/** Replaces each occurrence of `from` (structurally) by `to`. */
function replaceExpr(e: Expr, from: Expr, to: Expr): Expr {
  if (sameExpr(e, from)) return to;
  return mapChildren(e, (c) => replaceExpr(c, from, to));
}

/** `a + θ b` over indicators read as cases: value per condition, the last one "otherwise". */
function indicatorsToCases(e: Expr): Expr {
  const terms = e.kind === "add" ? e.terms : [e];
  const branches = terms.map((t) => {
    if (t.kind === "indicator") return { value: num(1) as Expr, cond: t.cond as Expr | null };
    if (t.kind === "mul" && t.factors[t.factors.length - 1].kind === "indicator") {
      const ind = t.factors[t.factors.length - 1] as Extract<Expr, { kind: "indicator" }>;
      const rest = t.factors.slice(0, -1);
      return { value: rest.length === 1 ? rest[0] : mul(...rest), cond: ind.cond as Expr | null };
    }
    throw new BankError("expected a sum of indicator terms");
  });
  branches[branches.length - 1] = { ...branches[branches.length - 1], cond: null };
  return { kind: "cases", branches };
}

const DERIVATIONS: Record<string, () => Omit<BankDerivation, "ok" | "id">> = {
  "softmax-jacobian": () => {
    const S = call("softmax", [x]);
    const r = unwrap(indexJacobian(S, "x", { symbols: [vec("x"), vec("S")] }, { abbreviations: { S } }));
    return { expr: r, steps: ["Jacobian of softmax by the chain rule: diag(S) - S S^T", "entry (i, j): S_i δ_ij - S_i S_j", "common factor S_i pulled out"] };
  },
  "softmax-jacobian-matrix": () => {
    const s = call("softmax", [x]);
    return {
      expr: unwrap(vectorJacobian(s, "x", { symbols: [vec("x"), vec("s")] }, { abbreviations: { s } })),
      steps: ["forward-mode Jacobian of softmax", "softmax(x) named s"],
    };
  },
  "softmax-vjp": () => {
    const z = sym("z");
    const table: SymbolTable = { symbols: [vec("z"), vec("g"), vec("s")] };
    const r = derived(call("softmax", [z]), "z", table, "g");
    return { expr: replaceExpr(r, call("softmax", [z]), sym("s")), steps: ["reverse mode through softmax with upstream g", "softmax(z) named s"] };
  },
  "softmax-ce-grad": () => {
    const v = sym("v");
    const y = sym("y");
    const table: SymbolTable = { symbols: [vec("v"), { ...vec("y"), domain: { kind: "onehot" } }, vec("o"), scal("G")] };
    const loss = neg(mul(tr(y), call("logsoftmax", [v])));
    let g = substitute(derived(loss, "v", table), "G", num(1));
    g = replaceExpr(simplify(g, table), mul(tr(ONES), y), num(1));
    g = replaceExpr(simplify(g, table), call("softmax", [v]), sym("o"));
    const vector = simplify(g, table);
    const i = sym("i");
    const entry = simplify(replaceExpr(replaceExpr(vector, sym("o"), { kind: "index", base: sym("o"), indices: [i] }), y, { kind: "index", base: y, indices: [i] }), new ShapeContext(undefined, true));
    return {
      expr: entry,
      slots: { vector },
      steps: ["L = -y^T logsoftmax(v), reverse mode with upstream 1", "y one-hot: 1^T y = 1", "softmax(v) named o", "entry i"],
    };
  },
  "sigmoid-jacobian": () => ({
    expr: unwrap(vectorJacobian(call("sigma", [x]), "x", { symbols: [vec("x")] })),
    steps: ["elementwise function: diagonal Jacobian diag(σ'(x))", "σ' = σ(1 - σ)"],
  }),
  "block-gradients-ab": () => {
    const dX = derived(blockForward, "X", BLOCK);
    if (dX.kind !== "mul" || dX.factors[0].kind !== "hadamard" || dX.factors[0].factors.length !== 2) {
      throw new BankError("∂L/∂X is not of the form (A ∘ B) W");
    }
    const [A, B] = dX.factors[0].factors;
    return { expr: had(A, B), slots: { A, B }, steps: ["reverse mode: ∂L/∂X = (A ∘ B) W", "A and B read off the Hadamard product"] };
  },
  "block-gradients-c": () => ({ expr: derived(blockForward, "V", BLOCK), slots: { C: derived(blockForward, "V", BLOCK) }, steps: ["reverse mode: ∂L/∂V"] }),
  "bias-gradient": () => {
    const biased = mul(call("h", [add(mul(sym("X"), tr(sym("W"))), mul(ONES, tr(sym("b"))))]), tr(sym("V")));
    return { expr: derived(biased, "b", BLOCK), steps: ["forward h(X W^T + 1 b^T) V^T", "reverse mode: ∂L/∂b"] };
  },
  "prelu-theta-grad": () => {
    const table: SymbolTable = { symbols: [mat("X", "S", "M"), mat("G", "S", "M"), mat("\\theta", "S", "M")] };
    const D = derived(call("prelu", [sym("X"), sym("\\theta")]), "\\theta", table);
    return { expr: D, slots: { D }, steps: ["PReLU(x, θ) = max(0, x) + θ min(0, x)", "∂/∂θ entry by entry"] };
  },
  "prelu-input-grad": () => {
    const table: SymbolTable = { symbols: [mat("X", "S", "M"), mat("G", "S", "M"), scal("\\theta")] };
    const dX = derived(call("prelu", [sym("X"), sym("\\theta")]), "X", table);
    if (dX.kind !== "hadamard") throw new BankError("∂L/∂X is not G ∘ E");
    const E = dX.factors.filter((f) => !sameExpr(f, sym("G")));
    const e = E.length === 1 ? E[0] : had(...E);
    return { expr: indicatorsToCases(e), slots: { E: e }, steps: ["reverse mode: ∂L/∂X = G ∘ E", "E as indicators, read as cases"] };
  },
  "leaky-relu-kaiming": () => {
    const alpha = sym("\\alpha");
    // E[LReLU(x)^2] for symmetric zero-mean x: half the mass has slope 1, half slope α, each branch
    // contributing slope² · E[x² | branch] = slope² · E[x²].
    const moment = simplify(div(add(pow(num(1), num(2)), pow(alpha, num(2))), num(2)), new ShapeContext(undefined, true));
    const variance = sym("v");
    const solved = casSolve(mul(variance, sym("d_x"), moment), num(1), "v", {
      domains: { d_x: { kind: "positive" }, "\\alpha": { kind: "interval", lo: 0, hi: 1, closedLo: true, closedHi: false } },
    });
    return {
      expr: unwrap(solved),
      slots: { moment },
      steps: [
        "E[LReLU(x)^2] = P(x>0) E[x^2 | x>0] + α² P(x<0) E[x^2 | x<0] = (1+α²)/2 E[x^2] for symmetric x",
        "keep the second moment: Var(w) d_x (1+α²)/2 = 1",
        `solved for Var(w) (${solved.ok ? solved.engine : "failed"}, checked)`,
      ],
    };
  },
  "conv-output-size": () => {
    const [W, F, P, S, k] = ["W", "F", "P", "S", "k"].map(sym);
    // The last window starts at k S and must end inside the padded input: k S + F = W + 2P at the limit.
    const solved = casSolve(add(mul(k, S), F), add(W, mul(num(2), P)), "k", { domains: { S: { kind: "positive" }, W: { kind: "positive" } } });
    const last = unwrap(solved);
    return {
      expr: add(call("floor", [last]), num(1)),
      steps: ["windows start at 0, S, 2S, ...", "the last start k S satisfies k S + F ≤ W + 2P", "k = ⌊(W + 2P - F)/S⌋, and k + 1 windows"],
    };
  },
  "scaled-sigmoid-grad": () => {
    const z = sym("z");
    const hat = call("\\hat{\\sigma}", [z]);
    const table: SymbolTable = { symbols: [scal("z"), scal("G")] };
    let d = substitute(derived(call("sigma", [mul(num(2), z)]), "z", table), "G", num(1));
    d = simplify(replaceExpr(d, call("sigma", [mul(num(2), z)]), hat), new ShapeContext(undefined, true));
    return { expr: d, steps: ["σ̂(z) = σ(2z)", "chain rule: σ̂'(z) = 2 σ'(2z) = 2 σ(2z)(1 - σ(2z))", "σ(2z) named σ̂(z)"] };
  },
  "relu-heaviside": () => {
    const table: SymbolTable = { symbols: [scal("x"), scal("G")] };
    const d = substitute(derived(call("relu", [x]), "x", table), "G", num(1));
    const H = simplify(replaceExpr(d, indicator(rel(">", x, num(0))), call("H", [x])), new ShapeContext(undefined, true));
    return { expr: H, steps: ["ReLU' = 1[x > 0]", "equal to H(x) for x ≠ 0"] };
  },
  "sigmoid-to-heaviside": () => {
    const r = casLimit(call("sigma", [mul(sym("k"), x)]), "k", "inf");
    return { expr: unwrap(r), steps: [`lim_{k→∞} σ(k x) (${r.ok ? r.engine : "failed"}; rejected: ${r.rejected.map((q) => q.engine).join(", ") || "none"})`] };
  },
  "swish-limit-zero": () => {
    const r = casLimit(mul(x, call("sigma", [mul(sym("\\beta"), x)])), "\\beta", 0);
    return { expr: unwrap(r), steps: [`lim_{β→0} x σ(β x) (${r.ok ? r.engine : "failed"}, checked)`] };
  },
  "swish-limit-infinity": () => {
    const r = casLimit(mul(x, call("sigma", [mul(sym("\\beta"), x)])), "\\beta", "inf");
    return { expr: unwrap(r), steps: [`lim_{β→∞} x σ(β x) (${r.ok ? r.engine : "failed"}; rejected: ${r.rejected.map((q) => q.engine).join(", ") || "none"})`] };
  },
  "glorot-uniform-bound": () => {
    const [u, a, b] = [sym("u"), sym("h_{l-1}"), sym("h_l")];
    // Var(U(-d, d)) = d²/3 must equal 2/(h_{l-1} + h_l): solve for u = d², then d = √u.
    const r = casSolve(div(u, num(3)), div(num(2), add(a, b)), "u", { domains: { "h_{l-1}": { kind: "positive" }, h_l: { kind: "positive" } } });
    return { expr: call("sqrt", [unwrap(r)]), steps: ["Var(U(-d, d)) = d²/3", "d²/3 = 2/(h_{l-1} + h_l) solved for d² (checked)", "d is the positive root"] };
  },
};

export const BANK_REFERENCE_IDS: readonly string[] = Object.keys(DERIVATIONS);

export function deriveBankReference(id: string): BankResult {
  const d = DERIVATIONS[id];
  if (!d) return { ok: false, id, message: `no derivation for '${id}'; derivable: ${BANK_REFERENCE_IDS.join(", ")}` };
  try {
    return { ok: true, id, ...d() };
  } catch (err) {
    if (err instanceof BankError) return { ok: false, id, message: err.message };
    throw err;
  }
}
