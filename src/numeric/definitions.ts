/**
 * Parsed definitions of a symbol table (`S` is `\mathrm{softmax}(x)`, `\hat\sigma(z) = 1/(1+e^{-2z})`),
 * parsed once per table and put in dependency order; a cycle is an error in the table.
 */
import type { Expr } from "../expr/ast.js";
import { parse } from "../expr/index.js";
import type { SymbolDecl, SymbolTable } from "../expr/types.js";
import { children } from "../expr/walk.js";
import type { Definitions } from "./deps.js";
import type { Definition } from "./env.js";

export class SymbolTableError extends Error {}

const cache = new WeakMap<SymbolTable, { defs: Definitions; order: string[] }>();

function parseDefinition(decl: SymbolDecl, table: SymbolTable): Definition {
  const name = decl.name;
  const text = decl.definition ?? "";
  const isFunction = decl.kind === "elementwise" || decl.kind === "function";
  // A function's arguments (z in \hat\sigma(z) = ...) are scalars local to its definition.
  const params = isFunction ? (decl.params ?? ["t"]) : null;
  const local: SymbolTable = params
    ? { ...table, symbols: [...table.symbols, ...params.filter((p) => !table.symbols.some((d) => d.name === p)).map((p): SymbolDecl => ({ name: p, kind: "scalar" }))] }
    : table;
  const r = parse(text, { symbols: local });
  if (!r.ok) throw new SymbolTableError(`the definition of ${name}, '${text}', does not parse: ${r.error.message}`);
  const e = r.value;
  if (e.kind === "rel" && e.ops.length === 1 && e.ops[0] === "=") {
    const [lhs, rhs] = e.operands;
    if (lhs.kind === "sym" && lhs.name === name) return { params: null, body: rhs };
    if (lhs.kind === "call" && lhs.fn === name && lhs.args.every((a) => a.kind === "sym")) {
      return { params: lhs.args.map((a) => (a as Extract<Expr, { kind: "sym" }>).name), body: rhs };
    }
    throw new SymbolTableError(`the definition of ${name}, '${text}', must read ${name} = … or ${name}(x) = …`);
  }
  return { params, body: e };
}

function symsIn(e: Expr, out: Set<string>): Set<string> {
  const stack = [e];
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (x.kind === "sym") out.add(x.name);
    stack.push(...children(x));
  }
  return out;
}

/** The table's definitions, parsed, and the defined value symbols in an order that computes inputs first. */
export function tableDefinitions(table: SymbolTable): { defs: Definitions; order: string[] } {
  const known = cache.get(table);
  if (known) return known;
  const defs: Definitions = {};
  for (const d of table.symbols) {
    if (!d.definition) continue;
    defs[d.name] = parseDefinition(d, table);
  }
  const order: string[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (name: string, path: string[]): void => {
    if (state.get(name) === "done") return;
    if (state.get(name) === "visiting") throw new SymbolTableError(`the definitions are circular: ${[...path, name].join(" → ")}`);
    state.set(name, "visiting");
    for (const dep of symsIn(defs[name].body, new Set())) if (defs[dep] && dep !== name) visit(dep, [...path, name]);
    if (symsIn(defs[name].body, new Set()).has(name) && defs[name].params === null) {
      throw new SymbolTableError(`the definition of ${name} uses ${name} itself`);
    }
    state.set(name, "done");
    if (defs[name].params === null) order.push(name);
  };
  for (const name of Object.keys(defs)) visit(name, []);
  const out = { defs, order };
  cache.set(table, out);
  return out;
}

const constraintCache = new WeakMap<SymbolTable, { text: string; expr: Expr }[]>();

/** The table's constraints, parsed once; each must be a relation (`W + 2P \ge F`). */
export function tableConstraints(table: SymbolTable): { text: string; expr: Expr }[] {
  const known = constraintCache.get(table);
  if (known) return known;
  const out = (table.constraints ?? []).map((text) => {
    const r = parse(text, { symbols: table });
    if (!r.ok) throw new SymbolTableError(`the constraint '${text}' does not parse: ${r.error.message}`);
    if (r.value.kind !== "rel") throw new SymbolTableError(`the constraint '${text}' is not a relation such as W + 2P \\ge F`);
    return { text, expr: r.value };
  });
  constraintCache.set(table, out);
  return out;
}
