/**
 * A short, readable rendering of an expression for error messages ("G (S×N) times Vᵀ (F×N)"). It
 * is not a parser-round-trip printer: it favours the way a student reads formulas on paper.
 */
import type { Expr } from "./ast.js";

const GREEK: Record<string, string> = {
  "\\alpha": "α", "\\beta": "β", "\\gamma": "γ", "\\delta": "δ", "\\epsilon": "ε", "\\eta": "η",
  "\\theta": "θ", "\\lambda": "λ", "\\mu": "μ", "\\pi": "π", "\\sigma": "σ", "\\phi": "φ",
  "\\tau": "τ", "\\omega": "ω", "\\xi": "ξ", "\\rho": "ρ", "\\psi": "ψ",
};

/** Built-in function names as a student reads them. */
const FN: Record<string, string> = { sigma: "σ", H: "H", lrelu: "LReLU", prelu: "PReLU", logsoftmax: "log softmax" };

const PREC: Partial<Record<Expr["kind"], number>> = {
  rel: 0, add: 1, neg: 2, mul: 3, hadamard: 3, div: 3, pow: 5, transpose: 5,
};

function name(n: string): string {
  return GREEK[n] ?? n;
}

function wrap(e: Expr, min: number, depth: number): string {
  const s = show(e, depth);
  return (PREC[e.kind] ?? 9) < min ? `(${s})` : s;
}

const REL: Record<string, string> = { "=": "=", "<": "<", ">": ">", "<=": "≤", ">=": "≥", "!=": "≠" };

export function showExpr(e: Expr): string {
  return show(e, 0);
}

function show(e: Expr, depth: number): string {
  if (depth > 40) return "…";
  const d = depth + 1;
  switch (e.kind) {
    case "num":
      return String(e.value);
    case "sym":
      return name(e.name);
    case "const":
      return { I: "I", ones: "1", inf: "∞", pi: "π", e: "e" }[e.name];
    case "index": {
      const idx = e.indices.map((i) => show(i, d));
      const sub = idx.length === 1 && idx[0].length === 1 ? idx[0] : `{${idx.join("")}}`;
      return `${wrap(e.base, 9, d)}_${sub}`;
    }
    case "delta":
      return `δ_{${show(e.i, d)}${show(e.j, d)}}`;
    case "add":
      return e.terms
        .map((t, k) => (t.kind === "neg" ? `${k === 0 ? "−" : " − "}${wrap(t.arg, 2, d)}` : `${k === 0 ? "" : " + "}${wrap(t, 1, d)}`))
        .join("");
    case "neg":
      return `−${wrap(e.arg, 3, d)}`;
    case "mul":
      return e.factors.map((f) => wrap(f, 4, d)).join(" ");
    case "hadamard":
      return e.factors.map((f) => wrap(f, 4, d)).join(" ∘ ");
    case "div":
      return `${wrap(e.num, 4, d)}/${wrap(e.den, 4, d)}`;
    case "pow":
      return `${wrap(e.base, 9, d)}^${wrap(e.exp, 9, d)}`;
    case "transpose":
      return `${wrap(e.arg, 9, d)}ᵀ`;
    case "call":
      return `${FN[e.fn] ?? name(e.fn)}${"'".repeat(Math.min(e.order, 5))}(${e.args.map((a) => show(a, d)).join(", ")})`;
    case "indicator":
      return `1[${show(e.cond, d)}]`;
    case "rel":
      return e.operands.map((o, k) => (k === 0 ? "" : ` ${REL[e.ops[k - 1]]} `) + wrap(o, 1, d)).join("");
    case "cases":
      return `{${e.branches.map((b) => `${show(b.value, d)} if ${b.cond ? show(b.cond, d) : "otherwise"}`).join("; ")}}`;
    case "bigop":
      return `${e.op === "sum" ? "∑" : "∏"}_${name(e.index)} ${wrap(e.body, 4, d)}`;
    case "limit":
      return `lim_{${name(e.variable)}→${show(e.to, d)}} ${wrap(e.body, 4, d)}`;
    case "deriv": {
      const p = e.partial ? "∂" : "d";
      return `${p}${wrap(e.body, 9, d)}/${p}${wrap(e.wrt, 9, d)}`;
    }
    case "integral":
      return `∫ ${show(e.body, d)} d${name(e.variable)}`;
    case "expect":
      return `${e.op}[${show(e.body, d)}]`;
    case "tuple": {
      const [l, r] = e.brackets === "()" ? ["(", ")"] : ["[", "]"];
      return `${l}${e.items.map((i) => show(i, d)).join(", ")}${r}`;
    }
    case "matrix":
      return `[${e.rows.map((r) => r.map((x) => show(x, d)).join(" ")).join("; ")}]`;
  }
}
