import { describe, expect, it } from "vitest";
import { concat, eye, full, ones, Rng, rand, randn, stack, tensor, Tensor, zeros } from "../../src/tensor/index.js";

const arr = (t: Tensor): number[] => Array.from(t.data);

describe("construction", () => {
  it("builds from nested arrays, flat data with a shape, and numbers", () => {
    const t = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(t.shape).toEqual([2, 3]);
    expect(arr(t)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(tensor([1, 2, 3, 4, 5, 6], [3, 2]).toArray()).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(tensor(7).shape).toEqual([]);
    expect(tensor(7).item()).toBe(7);
    expect(zeros([2, 0]).size).toBe(0);
    expect(arr(ones([2]))).toEqual([1, 1]);
    expect(arr(full([3], 2.5))).toEqual([2.5, 2.5, 2.5]);
    expect(eye(2, 3).toArray()).toEqual([[1, 0, 0], [0, 1, 0]]);
    expect(JSON.stringify(tensor([[1, 2]]))).toBe('{"shape":[1,2],"data":[1,2]}');
  });

  it("names what is wrong with bad data", () => {
    expect(() => tensor([[1, 2], [3]])).toThrow(/ragged nested array at \[1\]/);
    expect(() => tensor([1, 2, 3], [2, 2])).toThrow(/3 values do not fill shape \[2,2\]/);
    expect(() => tensor([[1, "x" as unknown as number]])).toThrow(/expected a number at \[0\]\[1\]/);
    expect(() => zeros([2, -1])).toThrow(/non-negative integers/);
    expect(() => tensor([1, 2]).item()).toThrow(/shape \[2\] has 2 elements/);
    expect(() => new Tensor(new Float64Array(0), [undefined as unknown as number, 1])).toThrow("Tensor: shape [undefined,1] has an entry that is not a size");
    expect(() => new Tensor([1] as unknown as Float64Array, [1])).toThrow(/must be a Float64Array/);
  });

  it("draws seeded random tensors reproducibly, in range", () => {
    expect(arr(randn([5], new Rng(3)))).toEqual(arr(randn([5], new Rng(3))));
    const u = rand([1000], new Rng(4), -2, 3);
    expect(Math.min(...u.data)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...u.data)).toBeLessThan(3);
  });
});

describe("elementwise and broadcasting", () => {
  it("broadcasts like NumPy, including numbers", () => {
    const a = tensor([[1], [2], [3]]), b = tensor([10, 20]);
    expect(a.add(b).toArray()).toEqual([[11, 21], [12, 22], [13, 23]]);
    expect(a.mul(b).shape).toEqual([3, 2]);
    expect(b.sub(1).toArray()).toEqual([9, 19]);
    expect(b.div(tensor([[2], [5]])).toArray()).toEqual([[5, 10], [2, 4]]);
    expect(tensor(2).pow(tensor([1, 2, 3])).toArray()).toEqual([2, 4, 8]);
    expect(tensor([1, 5]).maximum(tensor([[3], [0]])).toArray()).toEqual([[3, 5], [1, 5]]);
    expect(tensor([1, 5]).minimum(2).toArray()).toEqual([1, 2]);
  });

  it("computes the activations", () => {
    const x = tensor([-2, 0, 3]);
    expect(arr(x.relu())).toEqual([0, 0, 3]);
    expect(arr(x.leakyRelu(0.1))).toEqual([-0.2, 0, 3]);
    expect(arr(x.leakyRelu())).toEqual([-0.02, 0, 3]);
    expect(arr(x.abs())).toEqual([2, 0, 3]);
    expect(arr(x.neg())).toEqual([2, -0, -3]);
    expect(x.sigmoid().data[1]).toBe(0.5);
    expect(tensor([-800, 800]).sigmoid().toArray()).toEqual([0, 1]);
    // softplus stays exact for large |x| (naive log(1+e^x) overflows to Infinity at 800).
    expect(tensor([800, -800, 0]).softplus().toArray()).toEqual([800, 0, Math.log(2)]);
    expect(arr(tensor([4, 9]).sqrt())).toEqual([2, 3]);
    expect(tensor([-2]).pow(2).item()).toBe(4);
  });

  it("rejects shapes that do not broadcast, naming both", () => {
    expect(() => tensor([1, 2, 3]).add(tensor([1, 2]))).toThrow("add: shapes [3] and [2] do not broadcast");
    expect(() => ones([2, 3]).mul(ones([3, 2]))).toThrow(/mul: shapes \[2,3\] and \[3,2\]/);
  });
});

describe("matmul, transpose, reshape", () => {
  it("multiplies 2-D, batched and vector operands like torch.matmul", () => {
    const A = tensor([[1, 2], [3, 4], [5, 6]]), B = tensor([[1, 0, 2], [0, 1, 3]]);
    expect(A.matmul(B).toArray()).toEqual([[1, 2, 8], [3, 4, 18], [5, 6, 28]]);
    expect(A.matmul(tensor([1, 1])).toArray()).toEqual([3, 7, 11]);
    expect(tensor([1, 1, 1]).matmul(A).toArray()).toEqual([9, 12]);
    expect(tensor([1, 2]).matmul(tensor([3, 4])).item()).toBe(11);
    const batch = tensor([[[1, 0], [0, 1]], [[2, 0], [0, 2]]]);
    expect(batch.matmul(tensor([[1, 2], [3, 4]])).toArray()).toEqual([[[1, 2], [3, 4]], [[2, 4], [6, 8]]]);
  });

  it("agrees with a naive triple loop on products large enough for the packed kernel", () => {
    const rng = new Rng(9);
    for (const [m, k, n] of [[37, 50, 29], [8, 600, 9]]) {
      const A = randn([m, k], rng), B = randn([k, n], rng);
      const C = A.matmul(B), Ct = B.T.matmul(A.T), D = A.T.T.matmul(B.T.T);
      for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += A.data[i * k + p] * B.data[p * n + j];
        expect(C.data[i * n + j]).toBeCloseTo(s, 10);
        expect(Ct.data[j * m + i]).toBeCloseTo(s, 10);
        expect(D.data[i * n + j]).toBeCloseTo(s, 10);
      }
    }
  });

  it("names both shapes when inner sizes differ", () => {
    expect(() => ones([4, 3]).matmul(ones([5, 3]))).toThrow("matmul: inner sizes differ: [4,3] @ [5,3]");
    expect(() => ones([3]).matmul(ones([4, 2]))).toThrow("matmul: inner sizes differ: [3] @ [4,2]");
    expect(() => ones([2, 2, 3]).matmul(ones([3, 3, 1]))).toThrow(/batch axes.*\[2\] and \[3\]/);
  });

  it("transposes, permutes and reshapes", () => {
    const x = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(x.T.toArray()).toEqual([[1, 4], [2, 5], [3, 6]]);
    expect(x.transpose().toArray()).toEqual(x.T.toArray());
    expect(x.transpose(0, 1).toArray()).toEqual(x.T.toArray());
    expect(x.transpose(1, 1).toArray()).toEqual(x.toArray());
    expect(x.transpose(-1, -1).shape).toEqual([2, 3]);
    const y = tensor([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24], [2, 3, 4]);
    expect(y.transpose(0, 2).shape).toEqual([4, 3, 2]);
    expect(y.transpose(0, 2).toArray()).toEqual(y.permute(2, 1, 0).toArray());
    expect(y.permute([1, 2, 0]).shape).toEqual([3, 4, 2]);
    expect(y.permute(1, 2, 0).data[1]).toBe(13);
    expect(y.reshape(6, -1).shape).toEqual([6, 4]);
    expect(y.reshape([24]).toArray()).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    expect(() => y.reshape(5, -1)).toThrow(/cannot reshape \[2,3,4\] \(24 elements\) to \[5,-1\]/);
    expect(() => y.T).toThrow(/T: needs a 2-D tensor/);
    expect(() => y.permute(0, 0, 1)).toThrow(/not a permutation/);
    expect(tensor([1, 2]).expand(3, 2).toArray()).toEqual([[1, 2], [1, 2], [1, 2]]);
  });
});

describe("slicing and joining", () => {
  const x = tensor([[1, 2, 3], [4, 5, 6]]);
  it("slices, selects and picks entries", () => {
    expect(x.slice(1, 1).toArray()).toEqual([[2, 3], [5, 6]]);
    expect(x.slice(1, 0, -1).toArray()).toEqual([[1, 2], [4, 5]]);
    expect(x.slice(0, 1, 2).toArray()).toEqual([[4, 5, 6]]);
    expect(x.select(0, 1).toArray()).toEqual([4, 5, 6]);
    expect(x.select(1, -1).toArray()).toEqual([3, 6]);
    expect(x.at(1, 2).item()).toBe(6);
    expect(x.pick([2, 0]).toArray()).toEqual([3, 4]);
    expect(() => x.pick([3, 0])).toThrow("pick: column 3 for row 0 is not in 0..2");
    expect(x.at(1, 2).shape).toEqual([]);
    expect(x.unsqueeze(1).shape).toEqual([2, 1, 3]);
    expect(x.unsqueeze(-1).shape).toEqual([2, 3, 1]);
    expect(x.unsqueeze(1).squeeze().shape).toEqual([2, 3]);
    expect(() => x.select(0, 2)).toThrow("select: index 2 is out of range for axis 0 (size 2) of [2,3]");
    expect(() => x.slice(1, 2, 1)).toThrow(/cannot take \[2, 1\) of axis 1/);
    expect(() => x.squeeze(0)).toThrow(/axis 0 of \[2,3\] has size 2, not 1/);
    expect(() => x.at(1)).toThrow(/need 2 indices/);
  });

  it("concatenates and stacks", () => {
    expect(concat([x, tensor([[7, 8, 9]])]).toArray()).toEqual([[1, 2, 3], [4, 5, 6], [7, 8, 9]]);
    expect(concat([x, tensor([[0], [0]])], 1).toArray()).toEqual([[1, 2, 3, 0], [4, 5, 6, 0]]);
    expect(stack([tensor([1, 2]), tensor([3, 4])]).toArray()).toEqual([[1, 2], [3, 4]]);
    expect(stack([tensor([1, 2]), tensor([3, 4])], 1).toArray()).toEqual([[1, 3], [2, 4]]);
    expect(() => concat([x, tensor([[1, 2]])])).toThrow("concat: shapes [2,3] and [1,2] differ outside axis 0");
    expect(() => stack([])).toThrow(/at least one/);
  });
});

describe("reductions and softmax", () => {
  const x = tensor([[1, 5, 2], [7, 0, 3]]);
  it("sums, averages and maximises over axes with keepdims", () => {
    expect(x.sum().item()).toBe(18);
    expect(x.sum(0).toArray()).toEqual([8, 5, 5]);
    expect(x.sum(1, true).toArray()).toEqual([[8], [10]]);
    expect(x.sum(-1).toArray()).toEqual([8, 10]);
    expect(x.mean(0).toArray()).toEqual([4, 2.5, 2.5]);
    expect(x.max().item()).toBe(7);
    expect(x.max(1).toArray()).toEqual([5, 7]);
    expect(x.max([0, 1], true).toArray()).toEqual([[7]]);
    expect(x.min(0).toArray()).toEqual([1, 0, 2]);
    const y = tensor(Array.from({ length: 24 }, (_, i) => i), [2, 3, 4]);
    expect(y.sum([0, 2]).toArray()).toEqual([60, 92, 124]);
    expect(y.sum(1).toArray()).toEqual([[12, 15, 18, 21], [48, 51, 54, 57]]);
    // An empty axis list reduces nothing (NumPy's axis=()), unlike torch 1.x's dim=[].
    expect(x.sum([]).toArray()).toEqual(x.toArray());
    expect(x.max([]).toArray()).toEqual(x.toArray());
  });

  it("rejects bad axes", () => {
    expect(() => x.sum(2)).toThrow("sum: axis 2 is out of range for a tensor with 2 dimension(s)");
    expect(() => x.sum([1, -1])).toThrow(/axis 1 repeated/);
  });

  it("computes softmax and logSoftmax stably", () => {
    const s = tensor([[1000, 1001], [-1000, -1000]]).softmax(1);
    expect(s.data[0]).toBeCloseTo(1 / (1 + Math.E), 15);
    expect(s.data[2]).toBe(0.5);
    const ls = tensor([1000, 1000]).logSoftmax();
    expect(ls.toArray()).toEqual([-Math.LN2, -Math.LN2]);
    const c = x.softmax(0);
    expect(c.data[0] + c.data[3]).toBeCloseTo(1, 15);
    expect(c.data[0]).toBeCloseTo(Math.exp(1) / (Math.exp(1) + Math.exp(7)), 15);
  });
});

describe("linear algebra and norms", () => {
  it("inverse, det and log|det| of small matrices (pivoting, negative determinants)", () => {
    const a = tensor([[0, 2], [3, 4]]); // a zero leading entry needs a row swap
    expect(a.det().item()).toBeCloseTo(-6, 12);
    expect(a.logAbsDet().item()).toBeCloseTo(Math.log(6), 12);
    const inv = a.inverse();
    expect(Array.from(a.matmul(inv).data).map((v) => Math.round(v * 1e12) / 1e12)).toEqual([1, 0, 0, 1]);
    const r = randn([5, 5], new Rng(3)).add(eye(5).mul(3));
    const id = r.matmul(r.inverse());
    expect(Math.max(...Array.from(id.sub(eye(5)).data, Math.abs))).toBeLessThan(1e-12);
    expect(r.logAbsDet().item()).toBeCloseTo(Math.log(Math.abs(r.det().item())), 10);
    expect(tensor([[2]]).inverse().item()).toBe(0.5);
  });

  it("a singular or non-square matrix is a clear error; a singular det is 0", () => {
    const s = tensor([[1, 2], [2, 4]]);
    expect(s.det().item()).toBe(0);
    expect(s.logAbsDet().item()).toBe(-Infinity);
    expect(() => s.inverse()).toThrow(/singular/);
    expect(() => tensor([[1, 2, 3]]).det()).toThrow(/square 2-D matrix, got shape \[1,3\]/);
  });

  it("norms over all entries and the population variance", () => {
    const x = tensor([[3, -4], [0, 12]]);
    expect(x.norm().item()).toBe(13);
    expect(x.norm(1).item()).toBe(19);
    expect(x.norm(Infinity).item()).toBe(12);
    expect(tensor([1, 2, 3, 4]).variance().item()).toBe(1.25);
    expect(tensor([1, 2, 3, 4]).variance(0, false, 1).item()).toBeCloseTo(5 / 3, 14);
    expect(x.variance(0).toArray()).toEqual([2.25, 64]);
  });
});
