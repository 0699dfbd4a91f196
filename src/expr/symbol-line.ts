/**
 * One symbol declaration on one line, the grammar shared by proof and question files:
 *
 *     NAME: KIND [SIZE] [, DOMAIN]... [:= DEFINITION]
 *
 * KIND is scalar, vector N, matrix R x C, index [N], dimension, elementwise [f|g|...] or function;
 * DOMAIN is real, positive, nonnegative, integer LO..HI, interval (LO, HI], onehot, probability,
 * awayFromKink MARGIN, or `random [normal | uniform LO..HI]` for a variable an expectation
 * `\mathbb{E}_{z}[...]` averages over (standard normal by default; the law becomes the symbol's
 * domain). DEFINITION is LaTeX in the other symbols.
 */
import type { Dim, Domain, Shape, SymbolDecl, SymbolKind } from "./types.js";

/** The law a random symbol is drawn from when an expectation over it is estimated. */
export type RandomLaw = { kind: "normal" } | { kind: "uniform"; lo: number; hi: number };

/** A declaration that does not read; `line` is the file line it was given. */
export class SymbolLineError extends Error {
  constructor(message: string, readonly line: number) {
    super(message);
  }
}

const KINDS: readonly SymbolKind[] = ["scalar", "vector", "matrix", "index", "elementwise", "function", "dimension"];

function dim(text: string): Dim {
  const t = text.trim();
  return /^\d+$/.test(t) ? Number(t) : t;
}

function num(text: string, line: number, what: string): number {
  const t = text.trim();
  const v = Number(t);
  if (t === "" || !Number.isFinite(v)) throw new SymbolLineError(`${what}: '${text.trim()}' is not a number`, line);
  return v;
}

/** `KIND [SIZE]`: the kind word and its size arguments. */
function parseKind(decl: SymbolDecl, text: string, line: number): void {
  const m = /^(\w+)\s*(.*)$/.exec(text.trim());
  const kind = m?.[1] as SymbolKind | undefined;
  if (!m || !kind || !KINDS.includes(kind)) {
    throw new SymbolLineError(`symbol '${decl.name}': the kind must be one of ${KINDS.join(", ")}, not '${text.trim()}'`, line);
  }
  decl.kind = kind;
  const rest = m[2].trim();
  let shape: Shape | undefined;
  if (kind === "scalar" || kind === "dimension") {
    if (rest) throw new SymbolLineError(`symbol '${decl.name}': a ${kind} takes no size, found '${rest}'`, line);
    shape = [];
  } else if (kind === "vector") {
    if (!rest) throw new SymbolLineError(`symbol '${decl.name}': a vector needs its length, e.g. 'vector n'`, line);
    shape = [dim(rest), 1];
  } else if (kind === "matrix") {
    const parts = rest.split(/\s+x\s+|\s*×\s*/);
    if (parts.length !== 2 || !parts[0] || !parts[1]) {
      throw new SymbolLineError(`symbol '${decl.name}': a matrix needs 'ROWS x COLS', found '${rest}'`, line);
    }
    shape = [dim(parts[0]), dim(parts[1])];
  } else if (kind === "index") {
    if (rest) decl.range = dim(rest);
  } else if (kind === "elementwise" || kind === "function") {
    if (rest) decl.family = rest.split("|").map((s) => s.trim()).filter(Boolean);
  }
  if (shape) decl.shape = shape;
}

function parseInterval(decl: SymbolDecl, text: string, line: number): Domain {
  const m = /^([[(])\s*([^,]+),\s*([^\])]+)([\])])$/.exec(text.trim());
  if (!m) throw new SymbolLineError(`symbol '${decl.name}': an interval is written like '[0, 1)', found '${text.trim()}'`, line);
  return {
    kind: "interval",
    lo: num(m[2], line, `symbol '${decl.name}'`),
    hi: num(m[3], line, `symbol '${decl.name}'`),
    closedLo: m[1] === "[",
    closedHi: m[4] === "]",
  };
}

function range(text: string, line: number, what: string): [number, number] {
  const m = /^(.+?)\.\.(.+)$/.exec(text.trim());
  if (!m) throw new SymbolLineError(`${what}: a range is written 'LO..HI', found '${text.trim()}'`, line);
  return [num(m[1], line, what), num(m[2], line, what)];
}

/** One `, DOMAIN` item; random laws go to `random`. */
function parseDomain(decl: SymbolDecl, text: string, line: number, random: Record<string, RandomLaw>): void {
  const t = text.trim();
  const word = /^\w+/.exec(t)?.[0] ?? "";
  const rest = t.slice(word.length).trim();
  const what = `symbol '${decl.name}'`;
  switch (word) {
    case "real":
    case "positive":
    case "nonnegative":
    case "onehot":
    case "probability":
      decl.domain = { kind: word };
      return;
    case "integer": {
      const [lo, hi] = range(rest, line, what);
      decl.domain = { kind: "integer", lo, hi };
      return;
    }
    case "interval":
      decl.domain = parseInterval(decl, rest, line);
      return;
    case "awayFromKink":
      decl.domain = { kind: "awayFromKink", margin: rest ? num(rest, line, what) : 0.01 };
      return;
    case "random": {
      // The numeric layer samples an expectation's variable from its domain: the law becomes one.
      if (rest === "" || rest === "normal") {
        random[decl.name] = { kind: "normal" };
        decl.domain = { kind: "real" };
      } else if (rest.startsWith("uniform")) {
        const [lo, hi] = range(rest.slice("uniform".length), line, what);
        random[decl.name] = { kind: "uniform", lo, hi };
        // Open ends: the sampler draws a closed end itself now and then, which would bias the mean.
        decl.domain = { kind: "interval", lo, hi, closedLo: false, closedHi: false };
      } else throw new SymbolLineError(`${what}: a random symbol is 'random normal' or 'random uniform LO..HI', found '${t}'`, line);
      return;
    }
    default:
      throw new SymbolLineError(
        `${what}: unknown domain '${t}' (real, positive, nonnegative, integer LO..HI, interval [LO, HI), onehot, probability, awayFromKink M, random)`,
        line,
      );
  }
}

/** Splits at commas that are not inside brackets (intervals contain one). */
function splitTopCommas(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let k = 0; k < text.length; k++) {
    const c = text[k];
    if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") depth--;
    else if (c === "," && depth === 0) {
      out.push(text.slice(start, k));
      start = k + 1;
    }
  }
  out.push(text.slice(start));
  return out;
}

/** Reads one `NAME: KIND [SIZE] [, DOMAIN]... [:= DEFINITION]` line. */
export function parseSymbolLine(text: string, line: number, random: Record<string, RandomLaw> = {}): SymbolDecl {
  const colon = /^\s*(.+?):\s+(.*)$/.exec(text);
  if (!colon) throw new SymbolLineError(`a symbol is declared as 'NAME: KIND [, DOMAIN] [:= DEFINITION]', found '${text.trim()}'`, line);
  const decl: SymbolDecl = { name: colon[1].trim(), kind: "scalar" };
  let spec = colon[2];
  const def = spec.indexOf(":=");
  if (def >= 0) {
    decl.definition = spec.slice(def + 2).trim();
    if (!decl.definition) throw new SymbolLineError(`symbol '${decl.name}': ':=' must be followed by a definition`, line);
    spec = spec.slice(0, def);
  }
  const [kind, ...domains] = splitTopCommas(spec);
  parseKind(decl, kind, line);
  for (const d of domains) parseDomain(decl, d, line, random);
  return decl;
}
