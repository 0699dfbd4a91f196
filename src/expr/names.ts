/**
 * Conventions for names when no symbol table says otherwise: which letters are indices, which
 * names are functions, and how a subscripted name is spelled (`d_x`, `W_{12}`, `h_{l-1}`).
 */
import type { Expr } from "./ast.js";
import { toLatex } from "./print.js";

/** Letters read as indices in a subscript (`S_i`, `x_{k}`), unless a table declares them otherwise. */
export const DEFAULT_INDEX_LETTERS = new Set(["i", "j", "k", "l", "m", "n", "p", "q", "r", "s", "t"]);

/** Names applied as functions when followed by `(` and no table says otherwise. */
const DEFAULT_FUNCTIONS = new Set(["f", "g", "h", "H", "L", "S", "\\phi", "\\psi", "\\sigma", "\\ell", "\\Phi"]);

const DECORATION_PREFIXES = ["hat", "tilde", "bar", "vec", "dot", "ddot", "check", "breve"].map((d) => `\\${d}{`);

/** The letter under decorations and scripts: `\hat{\sigma}` -> `\sigma`, `\phi^{(1)}` -> `\phi`. */
export function stem(name: string): string {
  let s = name;
  for (;;) {
    let depth = 0;
    let cut = s.length;
    for (let i = 0; i < s.length; i++) {
      const c = s[i];
      if (c === "{") depth++;
      else if (c === "}") depth--;
      else if (depth === 0 && (c === "_" || c === "^" || c === "'")) {
        cut = i;
        break;
      }
    }
    s = s.slice(0, cut);
    const prefix = DECORATION_PREFIXES.find((d) => s.startsWith(d));
    if (!prefix || !s.endsWith("}")) return s;
    s = s.slice(prefix.length, -1);
  }
}

export function isDefaultFunction(name: string): boolean {
  return DEFAULT_FUNCTIONS.has(stem(name)) || /^[A-Za-z]{2,}$/.test(name);
}

/** The spelling of `base` with subscript `indices` as one name: `d_x`, `W_{12}`, `\omega_{kj}`. */
export function subscriptedName(base: string, indices: Expr[]): string {
  const parts = indices.map((x) => (x.kind === "sym" ? x.name : toLatex(x)));
  if (parts.length === 1) return parts[0].length === 1 ? `${base}_${parts[0]}` : `${base}_{${parts[0]}}`;
  const joined = parts.every((p) => p.length === 1) ? parts.join("") : parts.join(",");
  return `${base}_{${joined}}`;
}
