/**
 * The layer notation: `Input HxWxC; ConvK-N-P{valid|same|int}-S{s}[-D{d}]; PoolK[-S{s}]; FCn`.
 * Items are separated by `;` or new lines, `#` starts a comment, whitespace inside an item and the
 * case of keywords do not matter. Extensions (docs/conv.md): `KhxKw` kernels, `MaxPoolK`,
 * `AvgPoolK`, `-P{p}` and `-ceil` on pools, `ConvTK-N-P{p}-S{s}[-D{d}][-O{op}]` for a transposed
 * convolution. Parsing never throws: an error names the item (Input = 0) and the reason.
 */
import { ConvError } from "./errors.js";
import { type Padding, requireInt, MAX_SIZE } from "./arithmetic.js";

export interface InputSpec {
  kind: "input";
  h: number;
  w: number;
  c: number;
  text: string;
}

export interface ConvSpec {
  kind: "conv";
  kh: number;
  kw: number;
  filters: number;
  padding: Padding;
  stride: number;
  /** As written, in the convention chosen at analysis; null when not written (no dilation). */
  dilation: number | null;
  text: string;
}

export interface ConvTransposeSpec {
  kind: "convT";
  kh: number;
  kw: number;
  filters: number;
  padding: number;
  stride: number;
  dilation: number | null;
  outputPadding: number;
  text: string;
}

export interface PoolSpec {
  kind: "pool";
  mode: "max" | "avg";
  kh: number;
  kw: number;
  /** null: the kernel (non-overlapping windows). */
  stride: number | null;
  padding: number;
  ceil: boolean;
  text: string;
}

export interface FCSpec {
  kind: "fc";
  units: number;
  text: string;
}

export type LayerSpec = ConvSpec | ConvTransposeSpec | PoolSpec | FCSpec;

export interface Spec {
  input: InputSpec;
  layers: LayerSpec[];
}

export type SpecResult = { ok: true; spec: Spec } | { ok: false; error: string; index: number; layer: string };

export const MAX_SPEC_LENGTH = 100_000;
export const MAX_LAYERS = 1000;

const NOTATION_HELP =
  "expected Input HxWxC, ConvK-N-P{valid|same|p}-S{s}[-D{d}], ConvTK-N-P{p}-S{s}[-D{d}][-O{op}], PoolK[-S{s}][-P{p}][-ceil], MaxPoolK, AvgPoolK or FCn";

interface Item {
  text: string;
  compact: string;
}

function splitItems(text: string): Item[] {
  const items: Item[] = [];
  for (const line of text.split(/\r?\n|\r/)) {
    const code = line.replace(/#.*$/, "");
    for (const part of code.split(";")) {
      const t = part.trim().replace(/\s+/g, " ");
      if (t !== "") items.push({ text: t, compact: t.replace(/\s+/g, "") });
    }
  }
  return items;
}

function number(name: string, digits: string, min: number): number {
  if (digits.length > String(MAX_SIZE).length) throw new ConvError(`${name} ${digits} is too large (at most ${MAX_SIZE})`);
  return requireInt(name, Number(digits), min);
}

function parseInput(compact: string): Omit<InputSpec, "text"> {
  const m = /^input[:=]?(\d+)[x×*](\d+)(?:[x×*](\d+))?$/i.exec(compact);
  if (!m) throw new ConvError("malformed Input: expected Input HxWxC (height x width x channels), e.g. Input 64x64x3");
  return {
    kind: "input",
    h: number("input height", m[1], 1),
    w: number("input width", m[2], 1),
    c: m[3] === undefined ? 1 : number("input channels", m[3], 1),
  };
}

interface Options {
  padding?: Padding;
  stride?: number;
  dilation?: number;
  outputPadding?: number;
  ceil?: boolean;
}

type OptionName = keyof Options;

function parseOptions(tokens: string[], allowed: OptionName[], what: string): Options {
  const o: Options = {};
  const set = <K extends OptionName>(key: K, value: Options[K], token: string): void => {
    if (!allowed.includes(key)) {
      const reason: Record<OptionName, string> = {
        padding: "takes no padding",
        stride: "takes no stride",
        dilation: "takes no dilation",
        outputPadding: "takes no output padding (only a transposed convolution ConvT does)",
        ceil: "has no ceil mode (only pooling does)",
      };
      throw new ConvError(`'${token}': ${what} ${reason[key]}`);
    }
    if (o[key] !== undefined) throw new ConvError(`'${token}': ${key} is given twice`);
    o[key] = value;
  };
  for (const token of tokens) {
    let m: RegExpExecArray | null;
    if ((m = /^p(valid|same|\d+)$/i.exec(token))) {
      const v = m[1].toLowerCase();
      set("padding", v === "valid" || v === "same" ? v : number("padding", v, 0), token);
    } else if ((m = /^s(\d+)$/i.exec(token))) set("stride", number("stride", m[1], 1), token);
    else if ((m = /^d(\d+)$/i.exec(token))) set("dilation", number("dilation", m[1], 0), token);
    else if ((m = /^op?(\d+)$/i.exec(token))) set("outputPadding", number("output padding", m[1], 0), token);
    else if (/^ceil$/i.test(token)) set("ceil", true, token);
    else if (/^p$/i.test(token)) throw new ConvError(`'${token}': padding needs a value: P{valid|same|integer ≥ 0}`);
    else if (/^p/i.test(token) && allowed.includes("padding")) {
      throw new ConvError(`unknown padding '${token.slice(1)}' in '${token}': expected P{valid|same|integer ≥ 0}`);
    } else if (/^[sd]/i.test(token) && allowed.includes(token[0].toLowerCase() === "s" ? "stride" : "dilation")) {
      const name = token[0].toLowerCase() === "s" ? "stride" : "dilation";
      throw new ConvError(`'${token}': the ${name} must be a whole number written right after ${token[0].toUpperCase()}, e.g. ${token[0].toUpperCase()}2`);
    } else {
      const names: Record<OptionName, string> = {
        padding: "P{valid|same|p}",
        stride: "S{s}",
        dilation: "D{d}",
        outputPadding: "O{op}",
        ceil: "ceil",
      };
      throw new ConvError(`unknown option '${token}' in ${what}; expected ${allowed.map((a) => names[a]).join(", ")}`);
    }
  }
  return o;
}

function parseLayer(compact: string, text: string): LayerSpec {
  const tokens = compact.split("-");
  const head = /^(convt|conv|maxpool|avgpool|pool|fc)(\d+)(?:[x×](\d+))?$/i.exec(tokens[0]);
  if (!head) {
    if (/^input/i.test(compact)) throw new ConvError("Input must come first, and only once");
    if (/^(convt|conv|maxpool|avgpool|pool|fc)$/i.test(tokens[0])) {
      throw new ConvError(`'${tokens[0]}' needs a size right after it (e.g. Conv3-16-P1-S1, Pool2, FC10)`);
    }
    throw new ConvError(`malformed layer '${text}': ${NOTATION_HELP}`);
  }
  const kind = head[1].toLowerCase();
  const rest = tokens.slice(1);
  if (kind === "fc") {
    if (head[3] !== undefined || rest.length > 0) throw new ConvError(`malformed fully connected layer: expected FCn, e.g. FC10`);
    return { kind: "fc", units: number("number of outputs", head[2], 1), text };
  }
  const kh = number("kernel size", head[2], 1);
  const kw = head[3] === undefined ? kh : number("kernel width", head[3], 1);
  if (kind === "conv" || kind === "convt") {
    const label = kind === "conv" ? "a convolution" : "a transposed convolution";
    if (rest.length === 0 || !/^\d+$/.test(rest[0])) {
      throw new ConvError(`${label} needs its number of filters after the kernel size: Conv${head[2]}-N-...`);
    }
    const filters = number("number of filters", rest[0], 1);
    if (kind === "conv") {
      const o = parseOptions(rest.slice(1), ["padding", "stride", "dilation"], label);
      return { kind: "conv", kh, kw, filters, padding: o.padding ?? 0, stride: o.stride ?? 1, dilation: o.dilation ?? null, text };
    }
    const o = parseOptions(rest.slice(1), ["padding", "stride", "dilation", "outputPadding"], label);
    if (o.padding === "same") throw new ConvError("padding 'same' is not defined for a transposed convolution; give an integer");
    return {
      kind: "convT",
      kh,
      kw,
      filters,
      padding: o.padding === "valid" || o.padding === undefined ? 0 : o.padding,
      stride: o.stride ?? 1,
      dilation: o.dilation ?? null,
      outputPadding: o.outputPadding ?? 0,
      text,
    };
  }
  const o = parseOptions(rest, ["padding", "stride", "ceil"], "pooling");
  if (o.padding === "same" || o.padding === "valid") {
    throw new ConvError(`pooling takes an integer padding, not '${o.padding}'`);
  }
  return {
    kind: "pool",
    mode: kind === "avgpool" ? "avg" : "max",
    kh,
    kw,
    stride: o.stride ?? null,
    padding: o.padding ?? 0,
    ceil: o.ceil ?? false,
    text,
  };
}

/** Parses a whole spec. The Input must be the first item. */
export function parseSpec(text: string): SpecResult {
  if (text.length > MAX_SPEC_LENGTH) {
    return { ok: false, error: `the spec is too long (${text.length} characters, at most ${MAX_SPEC_LENGTH})`, index: 0, layer: "" };
  }
  const items = splitItems(text);
  if (items.length === 0) return { ok: false, error: "the spec is empty: start with Input HxWxC", index: 0, layer: "" };
  if (items.length > MAX_LAYERS + 1) {
    return { ok: false, error: `too many layers (${items.length - 1}, at most ${MAX_LAYERS})`, index: MAX_LAYERS + 1, layer: items[MAX_LAYERS + 1].text };
  }
  const first = items[0];
  if (!/^input/i.test(first.compact)) {
    return {
      ok: false,
      error: `layer 0 (${first.text}): a layer before Input; the spec must start with Input HxWxC`,
      index: 0,
      layer: first.text,
    };
  }
  let input: InputSpec;
  try {
    input = { ...parseInput(first.compact), text: first.text };
  } catch (e) {
    return fail(e, 0, first.text);
  }
  const layers: LayerSpec[] = [];
  for (let i = 1; i < items.length; i++) {
    try {
      layers.push(parseLayer(items[i].compact, items[i].text));
    } catch (e) {
      return fail(e, i, items[i].text);
    }
  }
  return { ok: true, spec: { input, layers } };
}

function fail(e: unknown, index: number, layer: string): { ok: false; error: string; index: number; layer: string } {
  if (!(e instanceof ConvError)) throw e;
  return { ok: false, error: e.at(index, layer).message, index, layer };
}
