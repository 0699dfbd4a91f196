/** Pointing at a place in a student's answer: "line 1, column 7" and the line with a caret under it. */
import type { SourcePos } from "../expr/ast.js";

const EXCERPT_RADIUS = 32;

/** The 1-based line and column of an offset (for errors that carry only an offset). */
export function positionOf(text: string, offset: number): SourcePos {
  const clamped = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let k = 0; k < clamped; k++) {
    if (text.charCodeAt(k) === 10) {
      line++;
      lineStart = k + 1;
    }
  }
  return { offset: clamped, line, column: clamped - lineStart + 1 };
}

/**
 * "at line 2, column 5:" followed by the line (cut to a window around the place) and a caret.
 * Control characters in the excerpt are shown as `?` so the excerpt itself stays printable.
 */
export function pointAt(text: string, pos: SourcePos): string {
  const offset = Math.max(0, Math.min(pos.offset, text.length));
  let start = text.lastIndexOf("\n", offset - 1) + 1;
  let end = text.indexOf("\n", offset);
  if (end < 0) end = text.length;
  let prefix = "";
  let suffix = "";
  if (offset - start > EXCERPT_RADIUS) {
    start = offset - EXCERPT_RADIUS;
    prefix = "…";
  }
  if (end - offset > EXCERPT_RADIUS) {
    end = offset + EXCERPT_RADIUS;
    suffix = "…";
  }
  const printable = (s: string): string => s.replace(/[\u0000-\u001f\u007f]|[\ud800-\udfff]/g, "?");
  const excerpt = prefix + printable(text.slice(start, end)) + suffix;
  const caret = " ".repeat(prefix.length + (offset - start)) + "^";
  return `at line ${pos.line}, column ${pos.column}:\n    ${excerpt}\n    ${caret}`;
}
