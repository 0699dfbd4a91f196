/**
 * Known mistakes, built by mutating the reference: each mutation is a wrong answer a student might
 * give (the reference transposed, with its sign flipped, with h for h', with a factor dropped...),
 * tagged with a stable feedback code and a sentence that says what the mistake is. The grader tests
 * a wrong answer against these with the equivalence engine; the first that matches explains it.
 */
import type { Expr } from "../expr/ast.js";
import type { SymbolTable } from "../expr/types.js";
import { toLatex } from "../expr/index.js";
import { replacements } from "./walk.js";

export interface Mutation {
  code: string;
  message: string;
  expr: Expr;
}

/** At most this many mutations per reference: bounds the work spent diagnosing one answer. */
export const MAX_MUTATIONS = 48;

const num = (value: number): Expr => ({ kind: "num", value });

function show(e: Expr): string {
  return toLatex(e);
}

/** Whole-answer mistakes: the answer as a whole is transposed, negated, scaled, square-rooted. */
function wholeMutations(ref: Expr, nonScalar: boolean): Mutation[] {
  const out: Mutation[] = [];
  if (nonScalar) out.push({ code: "transpose", message: "Your answer is the transpose of the right one.", expr: { kind: "transpose", arg: ref } });
  out.push({ code: "sign", message: "Your answer has the wrong sign: it is the negative of the right one.", expr: { kind: "neg", arg: ref } });
  out.push({ code: "factor-2", message: "Your answer is twice the right one: a factor 2 is too many.", expr: { kind: "mul", factors: [num(2), ref] } });
  out.push({ code: "factor-half", message: "Your answer is half the right one: a factor 2 is missing.", expr: { kind: "div", num: ref, den: num(2) } });
  if (!nonScalar) {
    out.push({
      code: "std-for-variance",
      message: "Your answer is the square root of the right one: a standard deviation (or gain) where the variance is asked.",
      expr: { kind: "call", fn: "sqrt", args: [ref], order: 0 },
    });
    out.push({
      code: "variance-for-std",
      message: "Your answer is the square of the right one: a variance where the standard deviation is asked.",
      expr: { kind: "pow", base: ref, exp: num(2) },
    });
  }
  return out;
}

/** Function symbols of the question (h, g, \hat\sigma): the ones whose derivative a student may confuse. */
function functionSymbols(table: SymbolTable): Set<string> {
  return new Set(table.symbols.filter((d) => d.kind === "elementwise" || d.kind === "function").map((d) => d.name));
}

function matrixSymbols(table: SymbolTable): Set<string> {
  return new Set(table.symbols.filter((d) => d.kind === "matrix" || d.kind === "vector").map((d) => d.name));
}

/** Mistakes inside the answer: one node replaced. */
function nodeMutations(ref: Expr, table: SymbolTable): Mutation[] {
  const fns = functionSymbols(table);
  const mats = matrixSymbols(table);
  const found = replacements<{ code: string; message: string }>(ref, (node) => {
    const alts: Array<{ expr: Expr; tag: { code: string; message: string } }> = [];
    const add = (expr: Expr, code: string, message: string): void => {
      alts.push({ expr, tag: { code, message } });
    };
    switch (node.kind) {
      case "call": {
        if (fns.has(node.fn) && node.order >= 1) {
          const f = node.fn + "'".repeat(node.order);
          add({ ...node, order: node.order - 1 }, "h-for-hprime", `You wrote the function ${node.fn} where its derivative ${f} belongs (${show(node)}).`);
        }
        if (fns.has(node.fn) && node.order === 0) {
          add({ ...node, order: 1 }, "hprime-for-h", `You wrote the derivative ${node.fn}' where the function ${node.fn} itself belongs (${show(node)}).`);
        }
        if (node.fn === "min" || node.fn === "max") {
          const other = node.fn === "min" ? "max" : "min";
          add({ ...node, fn: other }, "max-for-min", `You wrote ${other} where ${node.fn} belongs (${show(node)}).`);
        }
        if (node.fn === "floor" && node.args.length === 1) {
          add(node.args[0], "floor-missing", `The floor is missing: ${show(node)} rounds down to an integer.`);
          add({ ...node, fn: "ceil" }, "ceil-for-floor", `You rounded up where the answer rounds down (${show(node)}).`);
        }
        break;
      }
      case "mul":
      case "hadamard": {
        if (node.factors.length >= 2) {
          node.factors.forEach((f, i) => {
            const rest = node.factors.filter((_, j) => j !== i);
            add(rest.length === 1 ? rest[0] : { ...node, factors: rest }, "missing-factor", `Your answer is missing the factor ${show(f)}.`);
          });
        }
        if (node.kind === "mul" && node.factors.length >= 2) {
          add({ ...node, factors: node.factors.slice().reverse() }, "order-swapped", `The factors of ${show(node)} are in the wrong order: matrix products do not commute.`);
        }
        break;
      }
      case "add": {
        if (node.terms.length >= 2) {
          node.terms.forEach((t, i) => {
            const rest = node.terms.filter((_, j) => j !== i);
            add(rest.length === 1 ? rest[0] : { ...node, terms: rest }, "missing-term", `Your answer is missing the term ${show(t)}.`);
            const flipped: Expr = t.kind === "neg" ? t.arg : { kind: "neg", arg: t };
            add({ ...node, terms: node.terms.map((u, j) => (j === i ? flipped : u)) }, "sign-term", `The term ${show(t)} has the wrong sign.`);
          });
        }
        break;
      }
      case "transpose":
        add(node.arg, "transpose-missing", `A transpose is missing: ${show(node)} is needed, not ${show(node.arg)}.`);
        break;
      case "sym":
        if (mats.has(node.name)) add({ kind: "transpose", arg: node }, "transpose-extra", `${show(node)} should not be transposed.`);
        break;
      case "delta":
        add(num(1), "delta-as-one", `You wrote 1 where the Kronecker delta ${show(node)} belongs: that is right only on the diagonal (i = j).`);
        break;
      case "const":
        if (node.name === "I") {
          const ones: Expr = { kind: "const", name: "ones" };
          add({ kind: "mul", factors: [ones, { kind: "transpose", arg: ones }] }, "ones-for-identity", "You used the all-ones matrix where the identity I belongs.");
        }
        break;
      case "div":
        add({ ...node, num: node.den, den: node.num }, "inverted", `The fraction ${show(node)} is upside down.`);
        break;
      default:
        break;
    }
    return alts;
  });
  // Specific mistakes first: `s_i(1 - s_j)` is both "δ_ij written as 1" and "a factor δ_ij missing";
  // the specific name teaches more. The sort is stable, so tree order decides within a rank.
  return found
    .map((f) => ({ code: f.tag.code, message: f.tag.message, expr: f.expr }))
    .sort((a, b) => rank(a.code) - rank(b.code));
}

const GENERIC = ["missing-factor", "missing-term", "sign-term"];

function rank(code: string): number {
  const k = GENERIC.indexOf(code);
  return k < 0 ? 0 : k + 1;
}

/**
 * The mutations of a reference, whole-answer ones first, deduplicated by their LaTeX rendering and
 * capped at MAX_MUTATIONS.
 */
export function mutationsOf(ref: Expr, table: SymbolTable, opts: { nonScalar: boolean }): Mutation[] {
  const refText = toLatex(ref);
  const seen = new Set<string>([refText]);
  const out: Mutation[] = [];
  for (const m of [...wholeMutations(ref, opts.nonScalar), ...nodeMutations(ref, table)]) {
    const key = toLatex(m.expr);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(m);
    if (out.length >= MAX_MUTATIONS) break;
  }
  return out;
}
