/**
 * Receptive fields by the closed form: after layers 1..L (kernel k_l, stride s_l, left padding p_l),
 *   size  r_L = 1 + Σ_l (k_l − 1) ∏_{i<l} s_i
 *   jump  j_L = ∏_l s_l
 *   start c_L = Σ_l ((k_l − 1)/2 − p_l) ∏_{i<l} s_i
 * where k is the effective kernel d(k − 1) + 1 under PyTorch's dilation d. `start` is the centre
 * of the first output pixel's field in input pixel coordinates (input pixel i sits at i), so that
 * output pixel q of layer L sees input pixels c_L + q·j_L ± (r_L − 1)/2; padding makes it negative.
 */
import { type Convention, toTorchDilation } from "./convention.js";
import { requireInt } from "./arithmetic.js";

export interface AxisField {
  size: number;
  jump: number;
  start: number;
}

/** One layer along one axis, with its effective kernel (dilation already applied). */
export interface FieldStep {
  span: number;
  stride: number;
  padding: number;
}

/** The field after each step, accumulating the closed-form sums. */
export function fieldsAfter(steps: FieldStep[]): AxisField[] {
  const out: AxisField[] = [];
  let size = 1;
  let start = 0;
  let jump = 1; // ∏_{i<l} s_i while visiting layer l
  for (const step of steps) {
    size += (step.span - 1) * jump;
    start += ((step.span - 1) / 2 - step.padding) * jump;
    jump *= step.stride;
    out.push({ size, jump, start });
  }
  return out;
}

export interface FieldLayer {
  kernel: number;
  stride?: number;
  padding?: number;
  /** In `convention`; omitted or null: no dilation. */
  dilation?: number | null;
}

/** The receptive field (size, jump, start) after each layer of a stack of square convolutions or poolings. */
export function receptiveField(layers: FieldLayer[], opts: { convention?: Convention } = {}): AxisField[] {
  const convention = opts.convention ?? "pytorch";
  return fieldsAfter(
    layers.map((l) => {
      const dt = toTorchDilation(l.dilation ?? null, convention);
      return {
        span: dt * (requireInt("kernel size", l.kernel, 1) - 1) + 1,
        stride: requireInt("stride", l.stride ?? 1, 1),
        padding: requireInt("padding", l.padding ?? 0, 0),
      };
    }),
  );
}
