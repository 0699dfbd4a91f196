import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { analyze, receptiveField } from "../../src/conv/index.js";
import { fieldByWalking, type WalkLayer } from "./windows.js";

const layer = fc.record({
  span: fc.integer({ min: 1, max: 5 }),
  dilation: fc.integer({ min: 1, max: 3 }),
  stride: fc.integer({ min: 1, max: 3 }),
  padding: fc.integer({ min: 0, max: 3 }),
});

describe("receptive field by the closed form", () => {
  it("five 5x5, stride 1: 21", () => {
    const f = receptiveField(Array(5).fill({ kernel: 5, stride: 1, padding: 2 }));
    expect(f.map((x) => x.size)).toEqual([5, 9, 13, 17, 21]);
    expect(f[4].jump).toBe(1);
  });

  it("equals the extent of the pixels found by walking the network backwards, dilation included", () => {
    fc.assert(
      fc.property(fc.array(layer, { minLength: 1, maxLength: 5 }), fc.integer({ min: 0, max: 4 }), (layers: WalkLayer[], q) => {
        const fields = receptiveField(
          layers.map((l) => ({ kernel: l.span, stride: l.stride, padding: l.padding, dilation: l.dilation })),
        );
        const last = fields[fields.length - 1];
        const pixels = fieldByWalking(layers, q);
        const lo = pixels[0];
        const hi = pixels[pixels.length - 1];
        expect(hi - lo + 1).toBe(last.size);
        expect((lo + hi) / 2).toBe(last.start + q * last.jump);
        expect(last.jump).toBe(layers.reduce((j, l) => j * l.stride, 1));
      }),
      { numRuns: 500 },
    );
  });

  it("reads dilation per convention: course d = 1 is pytorch d = 2", () => {
    expect(receptiveField([{ kernel: 3, dilation: 1 }], { convention: "course" })[0].size).toBe(5);
    expect(receptiveField([{ kernel: 3, dilation: 2 }])[0].size).toBe(5);
    expect(receptiveField([{ kernel: 3 }], { convention: "course" })[0].size).toBe(3);
  });

  it("the table's start accounts for padding", () => {
    const a = analyze("Input 9x9x1; Conv3-1-P1-S2; Pool2");
    if (!a.ok) throw new Error(a.error);
    expect(a.layers[0].receptiveField?.h).toEqual({ size: 3, jump: 2, start: 0 });
    expect(a.layers[1].receptiveField?.h).toEqual({ size: 5, jump: 4, start: 1 });
    expect(fieldByWalking([{ span: 3, dilation: 1, stride: 2, padding: 1 }, { span: 2, dilation: 1, stride: 2, padding: 0 }], 0)).toEqual([-1, 0, 1, 2, 3]);
  });
});
