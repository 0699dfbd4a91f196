/** Node constructors for the tests (re-exported from the symbolic engine's builders). */
export * from "../../src/symbolic/build.js";
import { call } from "../../src/symbolic/build.js";
import type { Expr } from "../../src/expr/ast.js";
export const log = (e: Expr): Expr => call("log", [e]);
