import { describe, expect, it } from "vitest";
import { grad } from "../../src/autodiff/index.js";
import { crossEntropy, prelu, tensor, zeros } from "../../src/tensor/index.js";

describe("crossEntropy", () => {
  it("is the mean negative log-likelihood (hand-computed)", () => {
    // Uniform logits over 2 classes: −log(1/2) = ln 2 per example.
    expect(crossEntropy(tensor([[0, 0], [5, 5]]), [0, 1]).item()).toBeCloseTo(Math.LN2, 15);
    // Logits [ln 1, ln 3]: p = [1/4, 3/4]; targets 1 and 0 → (−ln 3/4 − ln 1/4)/2.
    const z = tensor([[0, Math.log(3)], [0, Math.log(3)]]);
    expect(crossEntropy(z, tensor([1, 0])).item()).toBeCloseTo((-Math.log(0.75) - Math.log(0.25)) / 2, 15);
    // One-hot rows give the same as indices; soft targets weigh the log-probabilities.
    expect(crossEntropy(z, tensor([[0, 1], [1, 0]])).item()).toBeCloseTo(crossEntropy(z, [1, 0]).item(), 15);
    expect(crossEntropy(tensor([0, Math.log(3)]), tensor([0.5, 0.5])).item())
      .toBeCloseTo(-(0.5 * Math.log(0.25) + 0.5 * Math.log(0.75)), 15);
    expect(crossEntropy(tensor([0, Math.log(3)]), tensor(1)).item()).toBeCloseTo(-Math.log(0.75), 15);
  });

  it("stays finite when a non-target logit is −∞, like torch", () => {
    expect(crossEntropy(tensor([[0, 0, -Infinity]]), [1]).item()).toBeCloseTo(Math.LN2, 15);
    const [g] = grad((z) => crossEntropy(z, [1]))(tensor([[0, 0, -Infinity]]));
    expect(Array.from(g.data)).toEqual([0.5, -0.5, 0]);
  });

  it("has gradient (softmax − onehot)/B", () => {
    const [g] = grad((z) => crossEntropy(z, [1, 0]))(tensor([[0, Math.log(3)], [0, 0]]));
    const want = [0.25 / 2, (0.75 - 1) / 2, (0.5 - 1) / 2, 0.5 / 2];
    g.data.forEach((v, i) => expect(v).toBeCloseTo(want[i], 15));
  });

  it("explains bad targets", () => {
    expect(() => crossEntropy(zeros([2, 3]), [0, 3])).toThrow("crossEntropy: target 1 is 3, not a class index in 0..2");
    expect(() => crossEntropy(zeros([2, 3]), [0])).toThrow(/must have shape \[2\].*got 1 values/);
    expect(() => crossEntropy(zeros([2, 3]), zeros([2, 2]))).toThrow(/probability targets \[2,2\] must match logits \[2,3\]/);
    expect(() => crossEntropy(zeros([2, 3, 1]), [0, 1])).toThrow(/logits must be \[batch, classes\], got shape \[2,3,1\]/);
  });
});

describe("prelu", () => {
  it("scales negatives by a scalar or a per-channel θ", () => {
    expect(prelu(tensor([-2, 3]), 0.25).toArray()).toEqual([-0.5, 3]);
    expect(prelu(tensor([[-2, -2], [4, -4]]), tensor([0.5, 2])).toArray()).toEqual([[-1, -4], [4, -8]]);
    const x = tensor([[[[-1]], [[-1]], [[1]]]]);
    expect(prelu(x, tensor([1, 2, 3])).toArray()).toEqual([[[[-1]], [[-2]], [[1]]]]);
  });

  it("sums θ's gradient over the broadcast axes", () => {
    const [, gt] = grad((x, t) => prelu(x, t).sum())(tensor([[-2, -3], [4, -5]]), tensor([0.5, 2]));
    expect(Array.from(gt.data)).toEqual([-2, -8]);
  });

  it("explains a θ of the wrong size", () => {
    expect(() => prelu(zeros([2, 3]), tensor([1, 2]))).toThrow(/one value per channel \(axis 1 of x \[2,3\]: 3\)/);
  });
});

describe("size guards", () => {
  it("rejects absurd shapes and nesting with a message instead of crashing", () => {
    expect(() => zeros([1e6, 1e6])).toThrow(/has more than \d+ elements/);
    let deep: unknown = 1;
    for (let i = 0; i < 40; i++) deep = [deep];
    expect(() => tensor(deep as number[])).toThrow(/nested more than 32 levels/);
  });
});
