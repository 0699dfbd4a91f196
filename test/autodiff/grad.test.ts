import { describe, expect, it } from "vitest";
import { grad, jacobian, valueAndGrad, vjp } from "../../src/autodiff/index.js";
import { Rng, randn, tensor, type Tensor } from "../../src/tensor/index.js";

const close = (a: Tensor, b: number[] | number, tol = 1e-12): void => {
  const want = typeof b === "number" ? [b] : b;
  expect(a.data.length).toBe(want.length);
  a.data.forEach((v, i) => expect(Math.abs(v - want[i])).toBeLessThanOrEqual(tol * (1 + Math.abs(want[i]))));
};

describe("grad", () => {
  it("differentiates a block expression written with plain Tensor methods", () => {
    const rng = new Rng(1);
    const X = randn([4, 3], rng), W = randn([5, 3], rng), V = randn([2, 5], rng), R = randn([4, 2], rng);
    const f = (X: Tensor, W: Tensor, V: Tensor, R: Tensor) => R.mul(X.matmul(W.T).tanh().matmul(V.T)).sum();
    const { value, grads } = valueAndGrad(f)(X, W, V, R);
    // Independent closed form: with H = tanh(XWᵀ), dL/dV = Rᵀ H, dL/dR = H Vᵀ, dL/dW = ((R V) ∘ (1 − H²))ᵀ X.
    const H = X.matmul(W.T).tanh();
    close(value, f(X, W, V, R).item());
    close(grads[2], Array.from(R.T.matmul(H).data));
    close(grads[3], Array.from(H.matmul(V.T).data));
    const D = R.matmul(V).mul(H.mul(H).neg().add(1));
    close(grads[1], Array.from(D.T.matmul(X).data));
    close(grads[0], Array.from(D.matmul(W).data));
  });

  it("returns zeros for arguments the output does not depend on, and for constants", () => {
    const [gx, gy] = grad((x, _y) => x.mul(2).sum())(tensor([1, 2]), tensor([[3]]));
    close(gx, [2, 2]);
    expect(gy.shape).toEqual([1, 1]);
    close(gy, [0]);
  });

  it("accumulates gradients of a tensor used several times", () => {
    const [g] = grad((x) => x.mul(x).add(x).sum())(tensor([1, -2, 3]));
    close(g, [3, -3, 7]);
  });

  it("rejects non-scalar outputs, non-tensor arguments and bad cotangents", () => {
    expect(() => grad((x) => x.mul(2))(tensor([1, 2]))).toThrow(/scalar.*\[2\]/);
    expect(() => grad((x) => x)(3 as unknown as Tensor)).toThrow(/argument 0 must be a Tensor/);
    expect(() => vjp((x) => x.mul(2), [tensor([1, 2])], tensor([1, 2, 3]))).toThrow(/cotangent shape \[3\].*\[2\]/);
  });

  it("vjp and jacobian agree with known Jacobians", () => {
    const x = tensor([0.5, -1, 2]);
    const { value, grads } = vjp((x) => x.mul(x), [x], tensor([1, 10, 100]));
    close(value, [0.25, 1, 4]);
    close(grads[0], [1, -20, 400]);
    const J = jacobian((x) => x.softmax())(x);
    expect(J.shape).toEqual([3, 3]);
    const s = x.softmax().data;
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
      expect(J.data[i * 3 + j]).toBeCloseTo(s[i] * ((i === j ? 1 : 0) - s[j]), 14);
    }
  });

  it("leaves recording off outside grad and restores it after an exception", () => {
    expect(() => grad(() => { throw new Error("boom"); })(tensor([1]))).toThrow("boom");
    const [g] = grad((x) => x.exp().sum())(tensor([0]));
    close(g, [1]);
  });

  it("jacobian of a linear map is its matrix, for matrix and batched inputs", () => {
    const A = randn([3, 4], new Rng(11));
    const J = jacobian((x) => A.matmul(x))(randn([4], new Rng(12)));
    expect(J.shape).toEqual([3, 4]);
    expect(Array.from(J.data)).toEqual(Array.from(A.data));
    // x [2, 4] ↦ x Aᵀ [2, 3]: ∂y[b, i]/∂x[c, j] = δ_bc A[i, j].
    const Jb = jacobian((x) => x.matmul(A.T))(randn([2, 4], new Rng(13)));
    expect(Jb.shape).toEqual([2, 3, 2, 4]);
    for (let b = 0; b < 2; b++) for (let i = 0; i < 3; i++) for (let c = 0; c < 2; c++) for (let j = 0; j < 4; j++) {
      expect(Jb.data[((b * 3 + i) * 2 + c) * 4 + j]).toBe(b === c ? A.data[i * 4 + j] : 0);
    }
  });

  it("is first order: a grad inside a differentiated function sees outer tensors as constants", () => {
    // d/dx [x · (d/dy (x·y²) at y=1)] with the inner derivative (2xy = 2x) frozen as a constant: 2x, not 4x.
    const [g] = grad((x) => x.mul(grad((y) => x.mul(y.mul(y)).sum())(tensor([1]))[0]).sum())(tensor([3]));
    expect(g.item()).toBe(6);
  });
});
