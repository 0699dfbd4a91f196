/**
 * The `--symbols` notation of `derive` and `equiv`: `X: S x M, W: F x M, h: elementwise, c: scalar`.
 * Each entry is `NAME: TYPE`, entries separated by `,` or `;`. A type is a size `R x C` (also `R×C`,
 * `R*C`), `vector N`, or a word: scalar, positive, nonnegative, integer, elementwise, function, index,
 * dimension, vector, matrix, onehot, probability. Words combine where they make sense
 * (`p: vector n probability`, `k: integer 1..9`).
 */
import type { Domain, SymbolDecl, SymbolTable } from "../expr/types.js";
import { parse } from "../expr/index.js";

export type SpecResult = { ok: true; table: SymbolTable } | { ok: false; message: string };

const DIM = /^([A-Za-z][A-Za-z0-9_]*|[1-9][0-9]*)$/;
const dim = (s: string): string | number => (/^[0-9]+$/.test(s) ? Number(s) : s);

/** The canonical name the parser gives `text` (`\theta` and `theta` are both "\\theta"). */
function canonicalName(text: string): string {
  const r = parse(text);
  if (r.ok && r.value.kind === "sym") return r.value.name;
  return text;
}

export function parseSymbolsSpec(spec: string, base: SymbolTable = { symbols: [] }): SpecResult {
  const symbols: SymbolDecl[] = [...base.symbols];
  const entries = spec.split(/[,;]/).map((s) => s.trim()).filter((s) => s.length > 0);
  for (const entry of entries) {
    const colon = entry.indexOf(":");
    if (colon <= 0) return { ok: false, message: `symbol entry '${entry}' must read NAME: TYPE (for example 'X: S x M')` };
    const name = canonicalName(entry.slice(0, colon).trim());
    const decl = readType(name, entry.slice(colon + 1).trim());
    if (typeof decl === "string") return { ok: false, message: `symbol entry '${entry}': ${decl}` };
    const at = symbols.findIndex((s) => s.name === name);
    if (at >= 0) symbols[at] = decl;
    else symbols.push(decl);
  }
  return { ok: true, table: { ...base, symbols } };
}

/**
 * The table a library caller passed: a SymbolTable, a `--symbols` string, or nothing. Anything else
 * (a JavaScript caller's mistake) is an error message, not a TypeError later on.
 */
export function tableFrom(symbols: SymbolTable | string | undefined): SpecResult {
  if (symbols === undefined) return { ok: true, table: { symbols: [] } };
  if (typeof symbols === "string") return parseSymbolsSpec(symbols);
  if (typeof symbols !== "object" || symbols === null || !Array.isArray(symbols.symbols)) {
    return { ok: false, message: "symbols must be a table { symbols: [...] } or a spec string such as 'X: S x M, W: F x M'" };
  }
  return { ok: true, table: symbols };
}

function readType(name: string, text: string): SymbolDecl | string {
  const sized = text.match(/^(\S+)\s*(?:x|×|\*|\\times)\s*(\S+)(.*)$/);
  let decl: SymbolDecl;
  let rest: string[];
  if (sized && DIM.test(sized[1]) && DIM.test(sized[2])) {
    decl = { name, kind: "matrix", shape: [dim(sized[1]), dim(sized[2])] };
    rest = sized[3].trim().split(/\s+/).filter(Boolean);
  } else {
    decl = { name, kind: "scalar" };
    rest = text.split(/\s+/).filter(Boolean);
    if (rest.length === 0) return "the type is missing";
  }
  for (let k = 0; k < rest.length; k++) {
    const w = rest[k];
    const domain = (d: Domain): void => {
      decl.domain = d;
    };
    switch (w) {
      case "scalar":
      case "real":
        break;
      case "positive":
      case "nonnegative":
        domain({ kind: w });
        break;
      case "integer": {
        const range = rest[k + 1]?.match(/^(-?\d+)\.\.(-?\d+)$/);
        if (range) k++;
        domain({ kind: "integer", lo: range ? Number(range[1]) : 1, hi: range ? Number(range[2]) : 9 });
        break;
      }
      case "onehot":
      case "probability":
        domain({ kind: w });
        if (!decl.shape) decl = { ...decl, kind: "vector", shape: ["n", 1] };
        break;
      case "elementwise":
      case "function":
      case "index":
      case "dimension":
        decl = { name, kind: w };
        break;
      case "matrix":
        decl = { ...decl, kind: "matrix" };
        break;
      case "vector": {
        const n = rest[k + 1];
        if (n && DIM.test(n)) {
          k++;
          decl = { ...decl, kind: "vector", shape: [dim(n), 1] };
        } else decl = { ...decl, kind: "vector" };
        break;
      }
      default:
        return `unknown type word '${w}' (sizes are written 'R x C'; words: scalar, positive, nonnegative, integer, vector N, matrix, onehot, probability, elementwise, function, index, dimension)`;
    }
  }
  return decl;
}
