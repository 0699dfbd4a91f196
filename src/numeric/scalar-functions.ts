/**
 * The built-in elementwise functions on plain numbers, once: the scalar fast path of the evaluator
 * and the CAS bridge's point checks both read this table. The tensor kernels compute the same
 * functions the same way (sigmoid split by sign, softplus as max(x, 0) + log1p(e^-|x|)).
 */
import { heaviside } from "./families.js";

export const SCALAR_FUNCTIONS: Readonly<Record<string, (x: number) => number>> = {
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
  abs: Math.abs,
  sin: Math.sin,
  cos: Math.cos,
  tanh: Math.tanh,
  sigma: (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))),
  softplus: (x) => (x > 0 ? x : 0) + Math.log1p(Math.exp(-Math.abs(x))),
  relu: (x) => (x > 0 ? x : 0),
  sign: Math.sign,
  H: heaviside,
  floor: Math.floor,
  ceil: Math.ceil,
};
