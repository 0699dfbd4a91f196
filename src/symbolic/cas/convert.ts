/**
 * Between our AST and the CAS libraries. Outbound, a scalar AST is printed into the plain infix
 * syntax both mathjs and nerdamer read, with every name replaced by a safe identifier (z0, z1, ...),
 * so no student text ever reaches a CAS parser: only strings we printed from a validated AST, under
 * a size bound. Inbound, a CAS answer string is parsed by mathjs's parser (never evaluated) and the
 * node tree is walked back into our AST.
 */
import type { MathNode } from "mathjs";
import { mathjs } from "./engines.js";
import type { Expr } from "../../expr/ast.js";
import { add, call, div, mul, neg, num, pow, sym } from "../build.js";

/** Size bound on anything handed to or taken from a CAS. */
export const MAX_CAS_CHARS = 2000;

export class ConvertError extends Error {}

export interface NameMap {
  toId: Map<string, string>;
  toName: Map<string, string>;
}

export function newNameMap(): NameMap {
  return { toId: new Map(), toName: new Map() };
}

function idFor(name: string, names: NameMap): string {
  let id = names.toId.get(name);
  if (!id) {
    id = `z${names.toId.size}`;
    names.toId.set(name, id);
    names.toName.set(id, name);
  }
  return id;
}

const PASS_THROUGH = new Set(["exp", "log", "sqrt", "abs", "sin", "cos", "tanh"]);

/** Prints a scalar expression for a CAS; throws ConvertError for anything outside scalar algebra. */
export function toCasString(e: Expr, names: NameMap): string {
  const out = print(e, names);
  if (out.length > MAX_CAS_CHARS) throw new ConvertError(`expression too large for the CAS (${out.length} characters)`);
  return out;
}

function print(e: Expr, names: NameMap): string {
  const p = (x: Expr): string => print(x, names);
  switch (e.kind) {
    case "num":
      if (!Number.isFinite(e.value)) throw new ConvertError("non-finite number");
      return e.value < 0 ? `(${e.value})` : String(e.value);
    case "sym":
      return idFor(e.name, names);
    case "const":
      if (e.name === "e") return "e";
      if (e.name === "pi") return "pi";
      if (e.name === "inf") return "Infinity";
      throw new ConvertError(`'${e.name}' is not a scalar`);
    case "add":
      return `(${e.terms.map(p).join(" + ")})`;
    case "neg":
      return `(-${p(e.arg)})`;
    case "mul":
    case "hadamard":
      return `(${e.factors.map(p).join(" * ")})`;
    case "div":
      return `(${p(e.num)} / ${p(e.den)})`;
    case "pow":
      return `(${p(e.base)} ^ ${p(e.exp)})`;
    case "call": {
      if (e.order !== 0 || e.args.length !== 1) break;
      const a = p(e.args[0]);
      if (PASS_THROUGH.has(e.fn)) return `${e.fn}(${a})`;
      if (e.fn === "sigma") return `(1 / (1 + exp(-${a})))`;
      if (e.fn === "softplus") return `log(1 + exp(${a}))`;
      break;
    }
    default:
      break;
  }
  throw new ConvertError(`the CAS bridge handles scalar algebra only, not ${e.kind === "call" ? e.fn : e.kind}`);
}

/** Reads a CAS answer (a string the CAS printed) back into our AST. */
export function fromCasString(text: string, names: NameMap): Expr {
  if (text.length > MAX_CAS_CHARS) throw new ConvertError(`CAS answer too large (${text.length} characters)`);
  let node: MathNode;
  try {
    node = mathjs().parse(text);
  } catch (err) {
    throw new ConvertError(`unreadable CAS answer '${text}': ${err instanceof Error ? err.message : String(err)}`);
  }
  return fromNode(node, names);
}

interface AnyNode {
  type: string;
  value?: unknown;
  name?: string;
  op?: string;
  fn?: string | { name?: string };
  args?: AnyNode[];
  content?: AnyNode;
}

function fromNode(raw: MathNode, names: NameMap): Expr {
  const n = raw as unknown as AnyNode;
  const back = (x: AnyNode): Expr => fromNode(x as unknown as MathNode, names);
  switch (n.type) {
    case "ConstantNode":
      if (typeof n.value === "number") return n.value < 0 ? neg(num(-n.value)) : num(n.value);
      break;
    case "SymbolNode": {
      const name = n.name ?? "";
      if (name === "e" || name === "E") return { kind: "const", name: "e" };
      if (name === "pi") return { kind: "const", name: "pi" };
      if (name === "Infinity") return { kind: "const", name: "inf" };
      const original = names.toName.get(name);
      if (original) return sym(original);
      throw new ConvertError(`the CAS answer names an unknown symbol '${name}'`);
    }
    case "ParenthesisNode":
      if (n.content) return back(n.content);
      break;
    case "OperatorNode": {
      const args = (n.args ?? []).map(back);
      switch (n.fn) {
        case "add":
          return add(...args);
        case "subtract":
          return add(args[0], neg(args[1]));
        case "multiply":
          return mul(...args);
        case "divide":
          return div(args[0], args[1]);
        case "pow":
          return pow(args[0], args[1]);
        case "unaryMinus":
          return neg(args[0]);
        case "unaryPlus":
          return args[0];
        default:
          break;
      }
      break;
    }
    case "FunctionNode": {
      const fname = typeof n.fn === "string" ? n.fn : n.fn?.name ?? "";
      const args = (n.args ?? []).map(back);
      if (PASS_THROUGH.has(fname) && args.length === 1) return call(fname, args);
      break;
    }
    default:
      break;
  }
  throw new ConvertError(`the CAS answer uses '${n.type}${n.op ? " " + n.op : ""}${n.name ? " " + n.name : ""}', which the bridge does not read`);
}
