/** A compact printer for test failure messages, independent of the library printers. */
import type { Expr } from "../../src/expr/ast.js";

export function show(e: Expr): string {
  switch (e.kind) {
    case "num":
      return String(e.value);
    case "sym":
      return e.name;
    case "const":
      return e.name === "ones" ? "1v" : e.name;
    case "add":
      return "(" + e.terms.map(show).join(" + ") + ")";
    case "neg":
      return "-" + show(e.arg);
    case "mul":
      return "[" + e.factors.map(show).join(" ") + "]";
    case "hadamard":
      return "(" + e.factors.map(show).join(" o ") + ")";
    case "div":
      return "(" + show(e.num) + " / " + show(e.den) + ")";
    case "pow":
      return show(e.base) + "^" + show(e.exp);
    case "transpose":
      return show(e.arg) + "'";
    case "call":
      return e.fn + "'".repeat(e.order) + "(" + e.args.map(show).join(", ") + ")";
    case "indicator":
      return "1[" + show(e.cond) + "]";
    case "rel":
      return e.operands.map(show).join(` ${e.ops[0]} `);
    case "index":
      return show(e.base) + "_" + e.indices.map(show).join("");
    case "delta":
      return "d_" + show(e.i) + show(e.j);
    case "bigop":
      return `${e.op}_${e.index}(${show(e.body)})`;
    default:
      return `<${e.kind}>`;
  }
}
