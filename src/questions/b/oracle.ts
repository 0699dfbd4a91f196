/**
 * Shared machinery of the section-B, section-D and convolution question modules: a tally that
 * turns many oracle-versus-reference comparisons into one `Verification`, a reader for the numbers
 * printed in a numeric reference, and the builder that binds a module's check to its reference.
 *
 * Each module's check takes the reference as an argument (never a captured constant), so the tests
 * can hand it a corrupted reference and watch the oracle reject it.
 */
import type { Plot, Question, Verification } from "../types.js";

export type Reference = Record<string, string>;
export type Check = (reference: Reference, seed: number) => Verification;

/** A question without its `verify`, which `withOracle` supplies from a check. */
export type QuestionSpec = Omit<Question, "verify">;

/**
 * Binds `check` to the question's reference. `verify` reads `this.reference` when called as a
 * method, so `{ ...q, reference: corrupted }.verify(seed)` checks the corrupted reference.
 * `derived` supplies slots produced by the symbolic engine; they are computed on first use of
 * `reference` (a derivation can take a CAS call), not when the catalogue is loaded.
 */
export function withOracle(spec: QuestionSpec, check: Check, derived?: () => Reference): Question {
  let reference: Reference | null = derived ? null : spec.reference;
  const q: Question = {
    ...spec,
    get reference(): Reference {
      if (reference === null) reference = { ...spec.reference, ...(derived as () => Reference)() };
      return reference;
    },
    verify(this: Question | undefined, seed: number): Verification {
      const ref = this && typeof this === "object" && this.reference ? this.reference : q.reference;
      try {
        return check(ref, seed);
      } catch (err) {
        // A reference the oracle cannot even read is a failed verification, not a crash of the sheet.
        return {
          ok: false,
          method: "oracle",
          trials: 0,
          maxError: Infinity,
          seed,
          detail: `the oracle could not check the reference: ${err instanceof Error ? err.message : String(err)}`,
        };
      }
    },
  };
  return q;
}

/** Collects comparisons; the first few disagreements become the detail of a failed verification. */
export class Tally {
  trials = 0;
  maxError = 0;
  private readonly failures: string[] = [];

  constructor(readonly tol: number) {}

  /** Relative error with an absolute floor of 1: |got − want| / max(1, |want|). */
  close(label: string, got: number, want: number, tol = this.tol): boolean {
    this.trials++;
    const err = Number.isFinite(got) && Number.isFinite(want) ? Math.abs(got - want) / Math.max(1, Math.abs(want)) : got === want ? 0 : Infinity;
    if (err > this.maxError) this.maxError = err;
    if (!(err <= tol)) {
      this.fail(`${label}: reference gives ${fmt(want)}, oracle gives ${fmt(got)}`);
      return false;
    }
    return true;
  }

  /** Absolute error |got − want| ≤ tol: for slopes, exponents and other quantities of natural scale. */
  within(label: string, got: number, want: number, tol: number): boolean {
    this.trials++;
    const err = Math.abs(got - want);
    if (!(err <= tol)) {
      if (!(err <= this.maxError)) this.maxError = Number.isNaN(err) ? Infinity : err;
      this.fail(`${label}: reference gives ${fmt(want)}, oracle gives ${fmt(got)} (tolerance ${fmt(tol)})`);
      return false;
    }
    if (err > this.maxError) this.maxError = err;
    return true;
  }

  /** Element by element over two equally long lists. */
  closeAll(label: string, got: ArrayLike<number>, want: ArrayLike<number>, tol = this.tol): boolean {
    if (got.length !== want.length) {
      this.trials++;
      this.maxError = Infinity;
      this.fail(`${label}: reference has ${want.length} entries, oracle has ${got.length}`);
      return false;
    }
    let ok = true;
    for (let i = 0; i < got.length; i++) ok = this.close(`${label}[${i}]`, got[i], want[i], tol) && ok;
    return ok;
  }

  /** A yes/no condition the oracle established. */
  holds(label: string, condition: boolean): boolean {
    this.trials++;
    if (!condition) {
      this.maxError = Infinity;
      this.fail(label);
    }
    return condition;
  }

  fail(message: string): void {
    if (this.failures.length < 3) this.failures.push(message);
    else if (this.failures.length === 3) this.failures.push("…");
  }

  get ok(): boolean {
    return this.failures.length === 0 && this.trials > 0;
  }

  result(method: string, seed: number, detail: string, extra?: { table?: unknown; plot?: Plot }): Verification {
    const v: Verification = {
      ok: this.ok,
      method,
      trials: this.trials,
      maxError: this.maxError,
      seed,
      detail: this.ok ? detail : `${detail} Disagreement: ${this.failures.join("; ")}`,
    };
    if (extra?.table !== undefined) v.table = extra.table;
    if (extra?.plot !== undefined) v.plot = extra.plot;
    return v;
  }
}

export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x)) return String(x);
  return Math.abs(x) >= 1e-3 && Math.abs(x) < 1e6 ? String(Number(x.toPrecision(6))) : x.toExponential(4);
}

/**
 * The numbers printed in a numeric reference, in reading order: `31 \times 31 \times 5` gives
 * [31, 31, 5], `[1, 2, 5]` gives [1, 2, 5], `-19` gives [-19], `\frac{1}{2}` gives [0.5].
 * Thin spaces (`\,`) inside a number are thousands separators.
 */
export function readNumbers(latex: string): number[] {
  const text = latex
    .replace(/\\frac\{(-?[\d.]+)\}\{(-?[\d.]+)\}/g, (_m, a: string, b: string) => String(Number(a) / Number(b)))
    .replace(/(\d)\\,(?=\d{3})/g, "$1");
  const out: number[] = [];
  for (const m of text.matchAll(/-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/g)) out.push(Number(m[0]));
  return out;
}

/** The one number of a numeric reference slot; an error names the slot when there is not exactly one. */
export function readNumber(reference: Reference, slot: string): number {
  const text = reference[slot];
  if (text === undefined) throw new Error(`reference has no slot '${slot}'`);
  const nums = readNumbers(text);
  if (nums.length !== 1) throw new Error(`reference slot '${slot}' should hold one number, holds '${text}'`);
  return nums[0];
}

/** The numbers of a vector reference slot. */
export function readVector(reference: Reference, slot: string): number[] {
  const text = reference[slot];
  if (text === undefined) throw new Error(`reference has no slot '${slot}'`);
  return readNumbers(text);
}

/** `[a, b, c]` in LaTeX, numbers printed exactly (integers) or to 6 significant digits. */
export function latexVector(xs: readonly number[]): string {
  return `[${xs.map(fmt).join(", ")}]`;
}
