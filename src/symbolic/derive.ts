/**
 * `derive(forward, wrt)`: the library entry behind `gradsheet derive`. Reads the forward pass
 * (`Y = ...` or several definitions), fills in undeclared shapes by unification, derives the gradient
 * in terms of the upstream `G = ∂L/∂Y`, simplifies it, and verifies it against autodiff on random
 * shapes. A result that fails verification is reported as such, never returned as a success.
 */
import type { Expr } from "../expr/ast.js";
import type { SymbolDecl, SymbolTable } from "../expr/types.js";
import { parse, toAscii, toLatex } from "../expr/index.js";
import { subscriptedName } from "../expr/names.js";
import { add, neg, rel, sym } from "./build.js";
import { readDefinitions } from "./read.js";
import { tableFrom } from "./symbols-spec.js";
import { positiveSymbols, withPositive } from "./domain.js";
import { deriveGradient } from "./reverse.js";
import { resolveShapes } from "./table.js";
import { verifyGradient, verifyJacobian, type GradientEvidence } from "./verify.js";
import { indexJacobian, vectorJacobian } from "./jacobian.js";
import { substitute } from "./walk.js";

export interface DeriveOptions {
  /** A table, or the CLI's spec string ('X: S x M, W: F x M'). */
  symbols?: SymbolTable | string;
  /** Name of the upstream gradient (default "G"). */
  upstream?: string;
  seed?: number;
  /** Random instances for the verification (default 8). */
  trials?: number;
}

export type DeriveOutcome =
  | {
      ok: true;
      expr: Expr;
      latex: string;
      ascii: string;
      wrt: string;
      output: string;
      evidence: GradientEvidence;
      table: SymbolTable;
      /** The forward output with every definition inlined, as verified (question files check other formulas against it). */
      forward: Expr;
    }
  | { ok: false; stage: "read" | "shapes" | "derive" | "verify"; message: string; latex?: string; evidence?: GradientEvidence };

export function derive(forward: string, wrtText: string, opts: DeriveOptions = {}): DeriveOutcome {
  const upstream = opts.upstream ?? "G";
  const given = tableFrom(opts.symbols);
  if (!given.ok) return { ok: false, stage: "read", message: `the symbols: ${given.message}` };
  const read = readDefinitions(forward, given.table);
  if (!read.ok) return { ok: false, stage: "read", message: `the forward pass: ${read.error.message} (at column ${read.error.pos.column})` };
  const slots = read.value;
  if (slots.length === 0) return { ok: false, stage: "read", message: "the forward pass is empty" };
  const names = slots.map((s, i) => s.name ?? (i === slots.length - 1 ? "Y" : `H_${i + 1}`));
  const defs = slots.map((s, i) => rel("=", sym(names[i]), s.expr));
  const wrt = canonical(wrtText);
  let output = slots[slots.length - 1].expr;
  for (let k = slots.length - 2; k >= 0; k--) output = substitute(output, names[k], slots[k].expr);
  const ctx: Pass = { defs, output, names, wrt, wrtText, upstream, seed: opts.seed ?? 1, trials: opts.trials ?? 8 };
  // Defined names are not inputs; the upstream symbol has the output's shape.
  const inputs = read.table.symbols.filter((s) => !names.includes(s.name));
  const first = deriveOn(inputs, ctx);
  if (first.ok || first.stage === "verify") return first;
  // Undeclared lowercase names are taken as matrices first; where that cannot work (softmax(W x) needs
  // a column), as the column vectors textbooks mean by them.
  const declared = new Set(given.table.symbols.map((s) => s.name));
  const lowercase = (s: SymbolDecl): boolean => !declared.has(s.name) && s.kind === "matrix" && !s.shape && /^[a-z]/.test(s.name);
  if (!inputs.some(lowercase)) return first;
  const second = deriveOn(inputs.map((s) => (lowercase(s) ? { name: s.name, kind: "vector" as const } : s)), ctx);
  return second.ok ? second : first;
}

interface Pass {
  defs: Expr[];
  output: Expr;
  names: string[];
  wrt: string;
  wrtText: string;
  upstream: string;
  seed: number;
  trials: number;
}

/** Shapes, derivation and verification of one reading of the forward pass's inputs. */
function deriveOn(base: SymbolDecl[], { defs, output, names, wrt, wrtText, upstream, seed, trials }: Pass): DeriveOutcome {
  // A scalar output (a loss, x^T A x) has a scalar upstream gradient; otherwise G takes the output's shape.
  const alone = resolveShapes({ symbols: base }, output);
  const outShape = alone.ok ? alone.shapeOf(output) : null;
  const scalarOut = outShape !== null && (outShape.length === 0 || (outShape[0] === 1 && outShape[1] === 1));
  const gDecl: SymbolDecl = scalarOut ? { name: upstream, kind: "scalar" } : { name: upstream, kind: "matrix" };
  const withG = base.some((s) => s.name === upstream) ? base : [...base, gDecl];
  const shapes = resolveShapes({ symbols: withG }, add(output, neg(sym(upstream))));
  if (!shapes.ok) return { ok: false, stage: "shapes", message: `the forward pass does not fit together: ${shapes.message}` };
  if (!shapes.table.symbols.some((s) => s.name === wrt)) {
    return { ok: false, stage: "derive", message: `'${wrtText}' is not an input of the forward pass (inputs: ${inputsOf(shapes.table, upstream).join(", ")})` };
  }
  const d = deriveGradient(defs, wrt, shapes.table, { upstream });
  if (!d.ok) return { ok: false, stage: "derive", message: d.message };
  const latex = toLatex(d.expr);
  const verifyOn = (table: SymbolTable) => verifyGradient(output, wrt, d.expr, table, { upstream, seed, trials });
  // Sizes the gradient divides by (`\frac{G}{n}`) are numbers in it: declared so the evaluator reads them.
  const known = new Set(shapes.table.symbols.map((s) => s.name));
  const sized: SymbolTable = { ...shapes.table, symbols: [...shapes.table.symbols, ...d.sizes.filter((n) => !known.has(n)).map((name) => ({ name, kind: "dimension" as const }))] };
  let evidence = verifyOn(sized);
  if (!evidence.ok && evidence.outsideDomain) {
    // \log(X W^\top): real draws leave the domain; the gradient is checked where the forward pass is defined.
    const positive = withPositive(sized, positiveSymbols([output]));
    if (positive) evidence = verifyOn(positive.table);
  }
  if (!evidence.ok) return { ok: false, stage: "verify", message: `the derived gradient failed verification: ${evidence.detail ?? "mismatch"}`, latex, evidence };
  return { ok: true, expr: d.expr, latex, ascii: toAscii(d.expr), wrt, output: names[names.length - 1], evidence, table: sized, forward: output };
}

function canonical(text: string): string {
  const r = parse(text.trim());
  if (!r.ok) return text.trim();
  const e = r.value;
  if (e.kind === "sym") return e.name;
  // `--wrt W_1` or `W_{1}`: the name the forward pass gives a subscripted layer.
  if (e.kind === "index" && e.base.kind === "sym") return subscriptedName(e.base.name, e.indices);
  return text.trim();
}

function inputsOf(table: SymbolTable, upstream: string): string[] {
  return table.symbols.filter((s) => s.name !== upstream && s.kind !== "elementwise" && s.kind !== "function" && s.kind !== "index").map((s) => s.name);
}

export type JacobianOutcome =
  | { ok: true; matrix: Expr; index: Expr | null; latex: string; indexLatex: string | null; evidence: GradientEvidence }
  | { ok: false; stage: "read" | "shapes" | "derive" | "verify"; message: string };

/**
 * The Jacobian ∂y/∂x of a vector function `y = f(x)` in matrix form (the output's name standing for
 * its definition: `\mathrm{diag}(s) - s s^\top`) and in index form (`s_i(\delta_{ij} - s_j)`),
 * verified against the autodiff Jacobian on random sizes.
 */
export function deriveJacobian(forward: string, wrtText: string, opts: DeriveOptions = {}): JacobianOutcome {
  const given = tableFrom(opts.symbols);
  if (!given.ok) return { ok: false, stage: "read", message: `the symbols: ${given.message}` };
  const read = readDefinitions(forward, given.table);
  if (!read.ok) return { ok: false, stage: "read", message: `the forward pass: ${read.error.message} (at column ${read.error.pos.column})` };
  const slot = read.value[read.value.length - 1];
  if (!slot || read.value.length !== 1) return { ok: false, stage: "read", message: "a Jacobian needs one definition, 'y = f(x)'" };
  const name = slot.name ?? "y";
  const wrt = canonical(wrtText);
  const base = read.table.symbols.filter((s) => s.name !== name);
  const shapes = resolveShapes({ symbols: base }, slot.expr);
  if (!shapes.ok) return { ok: false, stage: "shapes", message: shapes.message };
  const withOut: SymbolTable = { ...shapes.table, symbols: [...shapes.table.symbols, { name, kind: "vector" }] };
  const m = vectorJacobian(slot.expr, wrt, withOut, { abbreviations: { [name]: slot.expr } });
  if (!m.ok) return { ok: false, stage: "derive", message: m.message };
  const ix = indexJacobian(slot.expr, wrt, withOut, { abbreviations: { [name]: slot.expr } });
  const evidence = verifyJacobian(slot.expr, wrt, substitute(m.expr, name, slot.expr), shapes.table, opts.seed ?? 1, opts.trials ?? 8);
  if (!evidence.ok) return { ok: false, stage: "verify", message: `the derived Jacobian failed verification: ${evidence.detail ?? "mismatch"}` };
  return {
    ok: true,
    matrix: m.expr,
    index: ix.ok ? ix.expr : null,
    latex: toLatex(m.expr),
    indexLatex: ix.ok ? toLatex(ix.expr) : null,
    evidence,
  };
}
