/**
 * Parse failures: one internal exception type, caught at every public entry point and turned into
 * a `ParseError` result, so callers never see a throw.
 */
import type { ParseError, SourcePos } from "./ast.js";

/** Thrown inside the parser and resolver only; never escapes a public function. */
export class ParseFailure {
  constructor(
    readonly code: string,
    readonly message: string,
    readonly offset: number,
  ) {}
}

export function fail(code: string, message: string, offset: number): never {
  throw new ParseFailure(code, message, offset);
}

/** Offset -> 1-based line and column. */
export function positionOf(text: string, offset: number): SourcePos {
  const at = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < at; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { offset: at, line, column: at - lineStart + 1 };
}

/** Converts anything caught at an entry point into a ParseError; unexpected throws become "internal". */
export function toParseError(text: string, caught: unknown): ParseError {
  if (caught instanceof ParseFailure) {
    return { code: caught.code, message: caught.message, pos: positionOf(text, caught.offset) };
  }
  if (caught instanceof RangeError) {
    return { code: "too-deep", message: "the formula is nested too deeply to read", pos: positionOf(text, 0) };
  }
  const detail = caught instanceof Error ? caught.message : String(caught);
  return { code: "internal", message: `internal error while reading the formula: ${detail}`, pos: positionOf(text, 0) };
}
