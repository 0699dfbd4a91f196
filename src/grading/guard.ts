/**
 * Cheap checks on raw student text before any parsing: length, characters, nesting. They bound the
 * work every later stage can be asked to do, whatever the text holds.
 */
import type { SourcePos } from "../expr/ast.js";
import { positionOf } from "./location.js";

/** Longest answer accepted, in UTF-16 code units (a page of LaTeX). */
export const MAX_ANSWER_LENGTH = 4000;
/** Deepest bracket nesting accepted ({, (, [ together). */
export const MAX_NESTING = 64;

export interface GuardFailure {
  code: "bad-input" | "empty" | "too-long" | "bad-character" | "too-deep";
  message: string;
  pos?: SourcePos;
}

export function guardAnswer(answer: unknown): GuardFailure | null {
  if (typeof answer !== "string") return { code: "bad-input", message: `The answer must be text, not ${answer === null ? "null" : typeof answer}.` };
  if (answer.trim().length === 0) return { code: "empty", message: "The answer is empty." };
  if (answer.length > MAX_ANSWER_LENGTH) {
    return { code: "too-long", message: `The answer is ${answer.length} characters long; the limit is ${MAX_ANSWER_LENGTH}.` };
  }
  let depth = 0;
  for (let k = 0; k < answer.length; k++) {
    const c = answer.charCodeAt(k);
    if (c === 0 || (c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 127) {
      const what = c === 0 ? "a NUL byte" : `the control character U+${c.toString(16).padStart(4, "0").toUpperCase()}`;
      return { code: "bad-character", message: `The answer contains ${what}.`, pos: positionOf(answer, k) };
    }
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = answer.charCodeAt(k + 1);
      if (!(d >= 0xdc00 && d <= 0xdfff)) return { code: "bad-character", message: "The answer contains a broken UTF-16 character (a lone high surrogate).", pos: positionOf(answer, k) };
      k++;
      continue;
    }
    if (c >= 0xdc00 && c <= 0xdfff) return { code: "bad-character", message: "The answer contains a broken UTF-16 character (a lone low surrogate).", pos: positionOf(answer, k) };
    if (c === 40 || c === 91 || c === 123) {
      depth++;
      if (depth > MAX_NESTING) return { code: "too-deep", message: `Brackets are nested more than ${MAX_NESTING} deep.`, pos: positionOf(answer, k) };
    } else if (c === 41 || c === 93 || c === 125) {
      depth = Math.max(0, depth - 1);
    }
  }
  return null;
}
