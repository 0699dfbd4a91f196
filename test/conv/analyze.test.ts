import { describe, expect, it } from "vitest";
import { analysisJson, analyze, parseSpec, type AnalyzeResult } from "../../src/conv/index.js";

function ok(r: AnalyzeResult) {
  if (!r.ok) throw new Error(r.error);
  return r;
}

describe("the architecture table", () => {
  it("D.2: 31x31x5/85, 10x10x5/0, 8x8x5/230, 4x4x5/0, 5/405, total 720", () => {
    const a = ok(analyze("Input 64x64x1; Conv4-5-Pvalid-S2; Pool3; Conv3-5-Pvalid-S1; Pool2; FC5"));
    expect(a.layers.map((l) => [l.output, l.params])).toEqual([
      [[31, 31, 5], 85],
      [[10, 10, 5], 0],
      [[8, 8, 5], 230],
      [[4, 4, 5], 0],
      [[1, 1, 5], 405],
    ]);
    expect(a.totalParams).toBe(720);
    const json = analysisJson(a);
    expect(json).toMatchObject({
      convention: "pytorch",
      layers: [{ layer: "Conv4-5-Pvalid-S2", output: [31, 31, 5], params: 85, receptiveField: 4, jump: 2 }, {}, {}, {}, {}],
      totalParams: 720,
    });
    expect(Object.keys((json.layers as object[])[0]).sort()).toEqual(["jump", "layer", "output", "params", "receptiveField"]);
  });

  it("IFT6135 Q7: 24x24x128 = 73 728 outputs and 131 072 weights in the last layer", () => {
    const a = ok(analyze("Input 256x256x3; Conv8-64-P0-S2; Pool5; Conv4-128-P1-S1", { bias: false }));
    const last = a.layers[2];
    expect(last.output).toEqual([24, 24, 128]);
    expect(last.output.reduce((x, y) => x * y)).toBe(73_728);
    expect(last.params).toBe(131_072);
    expect(a.layers[0].params).toBe(8 * 8 * 3 * 64);
    const biased = ok(analyze("Input 256x256x3; Conv8-64-P0-S2; Pool5; Conv4-128-P1-S1"));
    expect(biased.layers[2].params).toBe(131_072 + 128);
  });

  it("five 5x5 convolutions, stride 1, padding 2, have a receptive field of 21", () => {
    const a = ok(analyze("Input 32x32x3\n" + Array(5).fill("Conv5-8-P2-S1").join("\n")));
    expect(a.layers.map((l) => l.receptiveField?.h.size)).toEqual([5, 9, 13, 17, 21]);
    expect(a.layers.every((l) => l.output.join("x") === "32x32x8")).toBe(true);
    expect(a.layers[4].receptiveField?.h.start).toBe(0);
  });

  it("IFT6135 Q8 2(b): pooling k = 8, s = 4 on 32x32x64 gives 7x7x64", () => {
    expect(ok(analyze("Input 32x32x64; MaxPool8-S4")).layers[0].output).toEqual([7, 7, 64]);
  });

  it("non-square inputs and kernels keep height and width apart", () => {
    const a = ok(analyze("Input 40x20x3; Conv5x3-4-P1-S1; Pool2; Conv3-2-Psame-S1-D2; FC7"));
    expect(a.layers[0].output).toEqual([38, 20, 4]);
    expect(a.layers[0].params).toBe((5 * 3 * 3 + 1) * 4);
    expect(a.layers[1].output).toEqual([19, 10, 4]);
    expect(a.layers[2].output).toEqual([19, 10, 2]);
    expect(a.layers[3].params).toBe((19 * 10 * 2 + 1) * 7);
    expect(analysisJson(a)).toMatchObject({ layers: [{ receptiveField: [5, 3] }, { receptiveField: [6, 4] }, { receptiveField: [14, 12] }, {}] });
  });

  it("both conventions: course D1 is pytorch D2, and the convention is stated", () => {
    const course = ok(analyze("Input 20x20x1; Conv3-1-P0-S1-D1", { convention: "course" }));
    const torch = ok(analyze("Input 20x20x1; Conv3-1-P0-S1-D2", { convention: "pytorch" }));
    expect(course.layers[0].output).toEqual(torch.layers[0].output);
    expect(course.layers[0].output).toEqual([16, 16, 1]);
    expect(course.layers[0].receptiveField?.h.size).toBe(5);
    expect(analysisJson(course).convention).toBe("course");
    expect(analyze("Input 20x20x1; Conv3-1-D0").ok).toBe(false);
    expect(ok(analyze("Input 20x20x1; Conv3-1-D0", { convention: "course" })).layers[0].output).toEqual([18, 18, 1]);
  });

  it("pooling variants: AvgPool, explicit stride, padding and ceil mode", () => {
    const a = ok(analyze("Input 32x32x3; AvgPool3-S2-ceil; maxpool3-s2-p1"));
    expect(a.layers[0].output).toEqual([16, 16, 3]);
    expect(a.layers[1].output).toEqual([8, 8, 3]);
    expect(a.layers.every((l) => l.params === 0)).toBe(true);
  });

  it("transposed convolutions: shape and parameters, no receptive field after them", () => {
    const a = ok(analyze("Input 7x7x16; ConvT4-8-P1-S2; ConvT3-3-P1-S2-O1; Conv3-1-P1-S1"));
    expect(a.layers[0].output).toEqual([14, 14, 8]);
    expect(a.layers[0].params).toBe(4 * 4 * 16 * 8 + 8);
    expect(a.layers[1].output).toEqual([28, 28, 3]);
    expect(a.layers.map((l) => l.receptiveField)).toEqual([null, null, null]);
    expect(analysisJson(a)).toMatchObject({ layers: [{ receptiveField: null, jump: null }, {}, {}] });
    const e = analyze("Input 7x7x16; ConvT3-3-P1-S2-O2");
    expect(e).toMatchObject({ ok: false, index: 1 });
    expect(!e.ok && e.error).toMatch(/output padding 2 must be smaller than the stride \(2\) or the dilation/);
  });
});

describe("impossible architectures name the layer and the reason", () => {
  const cases: [string, number, RegExp][] = [
    ["Input 10x10x1; Conv3-2-P0-S1; Conv11-3", 2, /layer 2 \(Conv11-3\): the kernel \(11\) is larger than the padded input \(8 \+ 2·0 = 8\)/],
    ["Input 10x10x1; Conv3-2-S0", 1, /layer 1 \(Conv3-2-S0\): stride must be at least 1, got 0/],
    ["Input 10x10x1; Conv3-2-Pfoo", 1, /unknown padding 'foo' in 'Pfoo'/],
    ["Input 10x10x1; Conv3-2-P1-S1.5", 1, /'S1\.5': the stride must be a whole number/],
    ["Input 10x10x1; Conv3-2-Dx", 1, /'Dx': the dilation must be a whole number/],
    ["Input 10x10x1; Conv3-2-Q1", 1, /unknown option 'Q1' in a convolution; expected P\{valid\|same\|p\}, S\{s\}, D\{d\}/],
    ["Input 10x10x1; Conv3-2-Psame-S2", 1, /padding 'same' needs stride 1/],
    ["Input 10x10x1; Conv4-2-Psame", 1, /odd number/],
    ["FC5; Input 10x10x1", 0, /layer 0 \(FC5\): a layer before Input/],
    ["Input 10x10x1; FC5; Input 3x3x1", 2, /Input must come first, and only once/],
    ["Input 10x10x1; Pool11", 1, /pooling window \(11\) is larger than the padded input/],
    ["Input 10x10x1; Pool4-P3", 1, /more than half the kernel/],
    ["Input 10x10x1; Conv3", 1, /needs its number of filters/],
    ["Input 10x10x1; Dense5", 1, /malformed layer 'Dense5'/],
    ["Input 10x10x1; Conv3-2-S1-S2", 1, /stride is given twice/],
    ["Input 10x10x1; Pool2-D2", 1, /pooling takes no dilation/],
    ["Input 10x10x1; Conv3-2-ceil", 1, /has no ceil mode/],
    ["Input 10x10x1; Conv3-2-P", 1, /padding needs a value/],
    ["Input 10by10; Conv3-2", 0, /malformed Input/],
    ["Input 0x10x1; Conv3-2", 0, /input height must be at least 1/],
    ["Input 10x40x1; Conv3-2-P0-S1; Conv9-1", 2, /along the height, the kernel \(9\) is larger/],
    ["Input 10x10x1; Conv99999999-1", 1, /too large/],
    ["", 0, /empty/],
  ];
  it.each(cases)("%s", (spec, index, message) => {
    const r = analyze(spec);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.index).toBe(index);
    expect(r.error).toMatch(message);
    const json = analysisJson(r);
    expect(json).toMatchObject({ index, error: r.error });
  });
});

describe("the notation", () => {
  it("accepts new lines, comments, spaces and any case", () => {
    const r = parseSpec("input 8X8x2 # the image\n  CONV3 - 4 - pSAME - s1-d1 ;\n\n pool2-S2 ; fc3");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.spec.input).toMatchObject({ h: 8, w: 8, c: 2 });
    expect(r.spec.layers.map((l) => l.kind)).toEqual(["conv", "pool", "fc"]);
    expect(r.spec.layers[0]).toMatchObject({ kh: 3, kw: 3, filters: 4, padding: "same", stride: 1, dilation: 1 });
  });

  it("defaults: padding 0, stride 1, no dilation; pooling stride = kernel; Input HxW has one channel", () => {
    const r = parseSpec("Input 9x9; Conv3-2; Pool3");
    expect(r.ok && r.spec.input.c).toBe(1);
    const a = ok(analyze("Input 9x9; Conv3-2; Pool3"));
    expect(a.layers.map((l) => l.output)).toEqual([
      [7, 7, 2],
      [2, 2, 2],
    ]);
  });

  it("rejects a spec that is too long without parsing it", () => {
    const r = parseSpec("Input 9x9;" + "Conv1-1;".repeat(20_000));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/too long/);
  });
});
