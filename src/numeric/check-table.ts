/**
 * A symbol table is checked before any formula is read in it: a question whose table cannot be
 * instantiated would make every answer fail for reasons no student can fix.
 */
import type { Expr } from "../expr/ast.js";
import { inferShapes } from "../expr/shapes.js";
import type { Domain, SymbolDecl, SymbolTable } from "../expr/types.js";
import { tableConstraints, tableDefinitions } from "./definitions.js";
import { FAMILIES } from "./families.js";

function domainProblem(d: Domain): string | null {
  switch (d.kind) {
    case "interval":
      if (!(d.lo < d.hi) && !(d.lo === d.hi && d.closedLo && d.closedHi)) return `the interval [${d.lo}, ${d.hi}] is empty`;
      return null;
    case "integer":
      if (Math.ceil(d.lo) > Math.floor(d.hi)) return `no integer lies in ${d.lo}..${d.hi}`;
      return null;
    case "awayFromKink":
      return d.margin > 0 ? null : `the margin away from the kink must be positive, not ${d.margin}`;
    default:
      return null;
  }
}

function declProblems(s: SymbolDecl): string[] {
  const out: string[] = [];
  const valueKinds = ["scalar", "vector", "matrix", "dimension"];
  if (s.shape?.length === 2 && (s.kind === "scalar" || s.kind === "dimension" || s.kind === "index")) {
    out.push(`${s.name} is a ${s.kind} but is declared with the shape ${s.shape.join("×")}`);
  }
  if (s.kind === "vector" && s.shape?.length === 2 && s.shape[1] !== 1) {
    out.push(`${s.name} is a vector, so its shape must be n×1 (vectors are columns), not ${s.shape.join("×")}`);
  }
  if (s.kind === "index" && s.range === undefined) out.push(`the index ${s.name} needs a range`);
  if (s.family && s.kind !== "elementwise" && s.kind !== "function") out.push(`${s.name} has a family but is not a function`);
  for (const m of s.family ?? []) if (!FAMILIES[m]) out.push(`${s.name}: ${m} is not a known function (known: ${Object.keys(FAMILIES).join(", ")})`);
  if (s.domain) {
    const p = domainProblem(s.domain);
    if (p) out.push(`${s.name}: ${p}`);
    if (!valueKinds.includes(s.kind)) out.push(`${s.name} is a ${s.kind} and cannot have a domain`);
    if ((s.domain.kind === "onehot" || s.domain.kind === "probability") && s.kind !== "vector" && s.kind !== "matrix") {
      out.push(`${s.name}: a ${s.domain.kind} domain needs a vector`);
    }
  }
  return out;
}

/** Every problem with a table, as sentences; empty when the table can be used. */
export function checkTable(table: SymbolTable): string[] {
  const out: string[] = [];
  const seen = new Map<string, string>();
  for (const s of table.symbols) {
    if (seen.has(s.name)) out.push(`${s.name} is declared twice`);
    seen.set(s.name, s.name);
    out.push(...declProblems(s));
  }
  for (const s of table.symbols) {
    for (const a of s.aliases ?? []) {
      const owner = seen.get(a);
      if (owner !== undefined && owner !== s.name) out.push(`the alias ${a} of ${s.name} is already the name or an alias of ${owner}`);
      else seen.set(a, s.name);
    }
  }
  let defs;
  try {
    defs = tableDefinitions(table).defs;
  } catch (err) {
    out.push(err instanceof Error ? err.message : String(err));
    return out;
  }
  for (const s of table.symbols) {
    const def = defs[s.name];
    if (!def || def.params !== null) continue;
    // The declared symbol and its definition must have one shape: check `name = definition`.
    const both: Expr = { kind: "rel", ops: ["="], operands: [{ kind: "sym", name: s.name }, def.body] };
    const r = inferShapes(both, table);
    if (!r.ok) out.push(`the definition of ${s.name}: ${r.message}`);
  }
  try {
    for (const c of tableConstraints(table)) {
      const r = inferShapes(c.expr, table);
      if (!r.ok) out.push(`the constraint '${c.text}': ${r.message}`);
    }
  } catch (err) {
    out.push(err instanceof Error ? err.message : String(err));
  }
  return out;
}
