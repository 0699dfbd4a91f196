/**
 * Independent oracles for the tests: window counts by sliding a window along a padded axis one
 * position at a time, the definition of 1-D convolution, and receptive fields as sets of input
 * pixels found by walking the network backwards. None of them uses the calculator's formulas.
 */

/** Windows of a convolution: start at −p, step s, keep those whose last tap lies in the padded input. */
export function slideConv(n: number, k: number, s: number, p: number, dt: number): number {
  let count = 0;
  for (let start = -p; start + dt * (k - 1) <= n - 1 + p; start += s) count++;
  return count;
}

/**
 * Windows of a pooling layer: in floor mode those that fit in the padded input; in ceil mode, also
 * the first window that runs past the padded end, unless it starts in the right padding.
 */
export function slidePool(n: number, k: number, s: number, p: number, ceil: boolean): number {
  let count = 0;
  let start = -p;
  for (; start + k - 1 <= n - 1 + p; start += s) count++;
  if (ceil && start < n && start - s + k - 1 < n - 1 + p) count++;
  return count;
}

/** Output length of a transposed convolution by scatter: input pixel i writes taps i·s + m·dt − p. */
export function scatterTransposeLength(n: number, k: number, s: number, p: number, dt: number, op: number): number {
  let last = 0;
  for (let i = 0; i < n; i++) for (let m = 0; m < k; m++) last = Math.max(last, i * s + m * dt);
  return last + 1 + op - 2 * p;
}

/** y[n] = Σ_m x[m] k[n − m] over every n where some term exists. */
export function convolveByDefinition(x: number[], k: number[]): number[] {
  const length = x.length + k.length - 1;
  const y: number[] = [];
  for (let n = 0; n < length; n++) {
    let sum = 0;
    for (let m = 0; m < x.length; m++) {
      const j = n - m;
      if (j >= 0 && j < k.length) sum += x[m] * k[j];
    }
    y.push(sum);
  }
  return y;
}

export interface WalkLayer {
  span: number; // taps
  dilation: number;
  stride: number;
  padding: number;
}

/**
 * The input pixels (padding included, as coordinates below 0 or past the end) that output pixel
 * `q` of the last layer depends on, by walking each layer's window backwards.
 */
export function fieldByWalking(layers: WalkLayer[], q: number): number[] {
  let pixels = new Set<number>([q]);
  for (let l = layers.length - 1; l >= 0; l--) {
    const { span, dilation, stride, padding } = layers[l];
    const below = new Set<number>();
    for (const o of pixels) for (let m = 0; m < span; m++) below.add(o * stride - padding + m * dilation);
    pixels = below;
  }
  return [...pixels].sort((a, b) => a - b);
}
