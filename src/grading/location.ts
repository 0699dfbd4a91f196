/** Pointing at a place in a student's answer: "line 1, column 7" and the line with a caret under it. */
import type { SourcePos } from "../expr/ast.js";
import { positionOf } from "../expr/errors.js";

const EXCERPT_RADIUS = 32;

/** The 1-based line and column of an offset (for errors that carry only an offset). */
export { positionOf };

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
