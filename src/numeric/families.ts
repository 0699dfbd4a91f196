/**
 * Concrete scalar functions with exact derivatives of every order, written with Tensor operations
 * so that the autodiff engine can differentiate them again (a Deriv node around `h'(x)`).
 * An elementwise symbol `h` is instantiated from one of these; so are the built-ins' derivatives
 * (`\sigma'`, `\tanh''`).
 */
import { Tensor } from "../tensor/tensor.js";
import { zeros } from "../tensor/create.js";

export interface FamilyMember {
  name: string;
  /** The `order`-th derivative, applied entry by entry. */
  apply(x: Tensor, order: number): Tensor;
  /** Where the function is defined: sampling keeps arguments of a defined symbol inside. */
  positiveOnly?: boolean;
}

/** Draws for an `elementwise` symbol without a `family`: smooth, with non-trivial h' and h''. */
export const DEFAULT_FAMILY = ["tanh", "sigmoid", "softplus", "sin"];

/** Coefficients (constant first) of the polynomials P_k with f^(k) = P_k(f), where f' = Q(f). */
function derivativePolys(q: number[], maxOrder: number): number[][] {
  const polys: number[][] = [[0, 1]];
  for (let k = 1; k <= maxOrder; k++) {
    const p = polys[k - 1];
    const dp = p.slice(1).map((c, i) => c * (i + 1));
    const out = new Array<number>(dp.length + q.length - 1).fill(0);
    dp.forEach((a, i) => q.forEach((b, j) => (out[i + j] += a * b)));
    polys.push(out);
  }
  return polys;
}

function horner(t: Tensor, coeffs: number[]): Tensor {
  let acc: Tensor | null = null;
  for (let i = coeffs.length - 1; i >= 0; i--) {
    acc = acc === null ? zeros(t.shape).add(coeffs[i]) : acc.mul(t).add(coeffs[i]);
  }
  return acc ?? zeros(t.shape);
}

/** A function whose derivative is a polynomial in itself (tanh' = 1 − tanh², σ' = σ − σ²). */
function selfPolynomial(name: string, f: (x: Tensor) => Tensor, q: number[]): FamilyMember {
  const cache: number[][] = [[0, 1]];
  return {
    name,
    apply(x, order) {
      if (order === 0) return f(x);
      if (cache.length <= order) cache.splice(0, cache.length, ...derivativePolys(q, Math.max(order, 4)));
      return horner(f(x), cache[order]);
    },
  };
}

/** Entry by entry, not recorded by autodiff: for piecewise-constant functions (derivative 0 a.e.). */
export function mapData(x: Tensor, f: (v: number) => number): Tensor {
  const out = new Float64Array(x.data.length);
  for (let k = 0; k < out.length; k++) out[k] = f(x.data[k]);
  return new Tensor(out, x.shape);
}

/** Heaviside step with H(0) = 1/2, the midpoint the limit of σ(kx) gives. */
export const heaviside = (v: number): number => (v > 0 ? 1 : v < 0 ? 0 : 0.5);

const zeroBeyond = (x: Tensor, order: number, f: (x: Tensor) => Tensor, d1?: (x: Tensor) => Tensor): Tensor =>
  order === 0 ? f(x) : order === 1 && d1 ? d1(x) : zeros(x.shape);

/** c·x^p with derivatives p(p−1)…: log and sqrt reuse it. */
function powerDerivative(x: Tensor, p: number, order: number): Tensor {
  let c = 1;
  for (let k = 0; k < order; k++) c *= p - k;
  return c === 0 ? zeros(x.shape) : x.pow(p - order).mul(c);
}

export const FAMILIES: Record<string, FamilyMember> = {
  tanh: selfPolynomial("tanh", (x) => x.tanh(), [1, 0, -1]),
  sigmoid: selfPolynomial("sigmoid", (x) => x.sigmoid(), [0, 1, -1]),
  softplus: {
    name: "softplus",
    apply: (x, order) => (order === 0 ? x.softplus() : FAMILIES.sigmoid.apply(x, order - 1)),
  },
  sin: {
    name: "sin",
    apply: (x, order) => [(t: Tensor) => t.sin(), (t: Tensor) => t.cos(), (t: Tensor) => t.sin().neg(), (t: Tensor) => t.cos().neg()][order % 4](x),
  },
  cos: { name: "cos", apply: (x, order) => FAMILIES.sin.apply(x, order + 1) },
  exp: { name: "exp", apply: (x) => x.exp() },
  square: { name: "square", apply: (x, order) => powerDerivative(x, 2, order) },
  cube: { name: "cube", apply: (x, order) => powerDerivative(x, 3, order) },
  identity: { name: "identity", apply: (x, order) => (order === 0 ? x : order === 1 ? zeros(x.shape).add(1) : zeros(x.shape)) },
  log: {
    name: "log",
    positiveOnly: true,
    apply: (x, order) => (order === 0 ? x.log() : powerDerivative(x, -1, order - 1)),
  },
  sqrt: { name: "sqrt", positiveOnly: true, apply: (x, order) => (order === 0 ? x.sqrt() : powerDerivative(x, 0.5, order)) },
  relu: { name: "relu", apply: (x, order) => zeroBeyond(x, order, (t) => t.relu(), (t) => mapData(t, heaviside)) },
  abs: { name: "abs", apply: (x, order) => zeroBeyond(x, order, (t) => t.abs(), (t) => mapData(t, Math.sign)) },
  H: { name: "H", apply: (x, order) => zeroBeyond(x, order, (t) => mapData(t, heaviside)) },
  sign: { name: "sign", apply: (x, order) => zeroBeyond(x, order, (t) => mapData(t, Math.sign)) },
  floor: { name: "floor", apply: (x, order) => zeroBeyond(x, order, (t) => mapData(t, Math.floor)) },
  ceil: { name: "ceil", apply: (x, order) => zeroBeyond(x, order, (t) => mapData(t, Math.ceil)) },
};

/** Built-in function names of the AST that are members here under another name. */
export const BUILTIN_MEMBER: Record<string, string> = {
  exp: "exp", log: "log", sqrt: "sqrt", abs: "abs", sigma: "sigmoid", tanh: "tanh", softplus: "softplus",
  relu: "relu", floor: "floor", ceil: "ceil", sign: "sign", H: "H", sin: "sin", cos: "cos",
};
