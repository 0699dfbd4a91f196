/**
 * The architecture table: output volume, parameter count and receptive field of every layer of a
 * spec, under one dilation convention. Never throws on a spec: an impossible layer comes back as
 * `{ ok: false }` with a message naming the layer (index and text) and the reason.
 */
import { ConvError } from "./errors.js";
import { type Convention, toTorchDilation } from "./convention.js";
import { convAxis, convTransposeAxis, effectiveKernel, poolAxis, resolveConvPadding } from "./arithmetic.js";
import { type AxisField, type FieldStep, fieldsAfter } from "./receptive.js";
import { type LayerSpec, type Spec, parseSpec } from "./notation.js";

export type Volume = [height: number, width: number, channels: number];

export interface LayerResult {
  /** Position in the spec: the Input is 0, the first layer 1. */
  index: number;
  layer: string;
  kind: LayerSpec["kind"];
  output: Volume;
  params: number;
  /** Per axis; null from the first transposed convolution on (its output pixels see unequal fields). */
  receptiveField: { h: AxisField; w: AxisField } | null;
}

export interface Analysis {
  convention: Convention;
  bias: boolean;
  input: Volume;
  layers: LayerResult[];
  totalParams: number;
}

export type AnalyzeResult =
  | ({ ok: true } & Analysis)
  | { ok: false; convention: Convention; error: string; index: number; layer: string };

export interface AnalyzeOptions {
  convention?: Convention;
  /** Count biases (default true). */
  bias?: boolean;
}

interface Step {
  output: Volume;
  params: number;
  field: [FieldStep, FieldStep] | null;
}

function exact(what: string, n: number): number {
  if (!Number.isSafeInteger(n)) throw new ConvError(`the ${what} (${n}) is too large to count exactly`);
  return n;
}

function step(layer: LayerSpec, [h, w, c]: Volume, convention: Convention, bias: boolean): Step {
  const b = bias ? 1 : 0;
  switch (layer.kind) {
    case "conv": {
      const dt = toTorchDilation(layer.dilation, convention);
      const ph = resolveConvPadding(layer.padding, layer.kh, layer.stride, dt);
      const pw = resolveConvPadding(layer.padding, layer.kw, layer.stride, dt);
      const oh = along("height", () => convAxis(h, layer.kh, layer.stride, ph, dt), h !== w || layer.kh !== layer.kw);
      const ow = along("width", () => convAxis(w, layer.kw, layer.stride, pw, dt), h !== w || layer.kh !== layer.kw);
      return {
        output: [oh, ow, layer.filters],
        params: exact("parameter count", (layer.kh * layer.kw * c + b) * layer.filters),
        field: [
          { span: effectiveKernel(layer.kh, dt), stride: layer.stride, padding: ph },
          { span: effectiveKernel(layer.kw, dt), stride: layer.stride, padding: pw },
        ],
      };
    }
    case "convT": {
      const dt = toTorchDilation(layer.dilation, convention);
      const t = (n: number, k: number) => convTransposeAxis(n, k, layer.stride, layer.padding, dt, layer.outputPadding);
      const split = h !== w || layer.kh !== layer.kw;
      return {
        output: [along("height", () => t(h, layer.kh), split), along("width", () => t(w, layer.kw), split), layer.filters],
        params: exact("parameter count", layer.kh * layer.kw * c * layer.filters + b * layer.filters),
        field: null,
      };
    }
    case "pool": {
      const sh = layer.stride ?? layer.kh;
      const sw = layer.stride ?? layer.kw;
      const split = h !== w || layer.kh !== layer.kw;
      return {
        output: [
          along("height", () => poolAxis(h, layer.kh, sh, layer.padding, layer.ceil), split),
          along("width", () => poolAxis(w, layer.kw, sw, layer.padding, layer.ceil), split),
          c,
        ],
        params: 0,
        field: [
          { span: layer.kh, stride: sh, padding: layer.padding },
          { span: layer.kw, stride: sw, padding: layer.padding },
        ],
      };
    }
    case "fc": {
      const nIn = exact("flattened input size", h * w * c);
      // A fully connected layer is a convolution whose kernel covers its whole input.
      return {
        output: [1, 1, layer.units],
        params: exact("parameter count", (nIn + b) * layer.units),
        field: [
          { span: h, stride: 1, padding: 0 },
          { span: w, stride: 1, padding: 0 },
        ],
      };
    }
  }
}

/** Runs one axis, prefixing its error with the axis when height and width differ. */
function along(axis: string, f: () => number, named: boolean): number {
  try {
    return f();
  } catch (e) {
    if (named && e instanceof ConvError) throw new ConvError(`along the ${axis}, ${e.message}`);
    throw e;
  }
}

/** Analyzes a spec (text in the layer notation, or already parsed). */
export function analyze(spec: string | Spec, opts: AnalyzeOptions = {}): AnalyzeResult {
  const convention = opts.convention ?? "pytorch";
  const bias = opts.bias ?? true;
  let parsed: Spec;
  if (typeof spec === "string") {
    const r = parseSpec(spec);
    if (!r.ok) return { ok: false, convention, error: r.error, index: r.index, layer: r.layer };
    parsed = r.spec;
  } else {
    parsed = spec;
  }
  const input: Volume = [parsed.input.h, parsed.input.w, parsed.input.c];
  const steps: Step[] = [];
  let volume = input;
  for (let i = 0; i < parsed.layers.length; i++) {
    const layer = parsed.layers[i];
    try {
      const s = step(layer, volume, convention, bias);
      steps.push(s);
      volume = s.output;
    } catch (e) {
      if (!(e instanceof ConvError)) throw e;
      return { ok: false, convention, error: e.at(i + 1, layer.text).message, index: i + 1, layer: layer.text };
    }
  }
  const broken = steps.findIndex((s) => s.field === null);
  const known = broken === -1 ? steps : steps.slice(0, broken);
  const fh = fieldsAfter(known.map((s) => (s.field as [FieldStep, FieldStep])[0]));
  const fw = fieldsAfter(known.map((s) => (s.field as [FieldStep, FieldStep])[1]));
  const layers = parsed.layers.map((layer, i): LayerResult => ({
    index: i + 1,
    layer: layer.text,
    kind: layer.kind,
    output: steps[i].output,
    params: steps[i].params,
    receptiveField: i < known.length ? { h: fh[i], w: fw[i] } : null,
  }));
  let totalParams = 0;
  for (const l of layers) totalParams += l.params;
  if (!Number.isSafeInteger(totalParams)) {
    return { ok: false, convention, error: `the total parameter count (${totalParams}) is too large to count exactly`, index: layers.length, layer: layers[layers.length - 1].layer };
  }
  return { ok: true, convention, bias, input, layers, totalParams };
}

/** A value that is the same on both axes as one number, otherwise [height, width]. */
export function perAxis(h: number, w: number): number | [number, number] {
  return h === w ? h : [h, w];
}

/** The JSON of INTERFACE.md for an analysis. */
export function analysisJson(a: AnalyzeResult): Record<string, unknown> {
  if (!a.ok) return { convention: a.convention, error: a.error, index: a.index, layer: a.layer };
  return {
    convention: a.convention,
    layers: a.layers.map((l) => ({
      layer: l.layer,
      output: l.output,
      params: l.params,
      receptiveField: l.receptiveField ? perAxis(l.receptiveField.h.size, l.receptiveField.w.size) : null,
      jump: l.receptiveField ? perAxis(l.receptiveField.h.jump, l.receptiveField.w.jump) : null,
    })),
    totalParams: a.totalParams,
  };
}
