/** Bounds that keep hostile input cheap: every one is checked before the work it bounds. */
export interface ParseLimits {
  /** Longest accepted text, in UTF-16 code units. */
  maxLength: number;
  /** Deepest nesting of brackets, scripts, fractions, unary operators and chains. */
  maxDepth: number;
  /** Largest number literal. */
  maxNumber: number;
  /** Most digits in one number literal. */
  maxDigits: number;
}

export const DEFAULT_LIMITS: ParseLimits = {
  maxLength: 20_000,
  maxDepth: 200,
  maxNumber: 1e15,
  maxDigits: 30,
};
