/**
 * One linear pass over the text: no regular expressions, so no backtracking blow-ups. Unicode from
 * PDF pastes is replaced by the LaTeX it stands for (with the Unicode character's position).
 */
import { fail } from "./errors.js";
import type { ParseLimits } from "./limits.js";
import {
  ASCII_KEYWORDS,
  FUNCTION_WORDS,
  GREEK,
  GREEK_VARIANTS,
  IGNORED_COMMANDS,
  LATEX_WORDS,
  TEXT_COMMANDS,
  UNICODE,
  UNICODE_SPACES,
} from "./vocabulary.js";

export type Dialect = "latex" | "ascii";

export type TokKind =
  | "num" // number literal; `value` set
  | "id" // a letter, or a whole known word
  | "cmd" // \name (text is the name without the backslash)
  | "op" // punctuation and operators, including "\\\\", "\\{", "\\}", "\\|"
  | "text" // \text{..}, \mathrm{..}, \operatorname{..}, \mathbb{..}: text is the content, arg the command
  | "begin" // \begin{env}
  | "end" // \end{env}
  | "sep" // a line break, \quad or \qquad: separates answer slots at top level
  | "run" // ASCII only: the letters and digits right after `_` (`delta_ij`)
  | "eof";

export interface Token {
  kind: TokKind;
  text: string;
  start: number;
  end: number;
  value?: number;
  arg?: string;
}

export interface TokenizeOptions {
  dialect: Dialect;
  limits: ParseLimits;
  /** Extra whole words (multi-letter symbol names of a symbol table) for the ASCII dialect. */
  words?: ReadonlySet<string>;
}

const ASCII_WORDS: ReadonlySet<string> = new Set([
  ...Object.keys(FUNCTION_WORDS),
  ...GREEK,
  ...Object.keys(GREEK_VARIANTS),
  ...ASCII_KEYWORDS,
]);

/** Words kept whole in LaTeX (a letter run equal to one of these): function words, Greek, keywords. */
function isLatexWord(w: string): boolean {
  if (w === "tr" || w === "Tr") return false;
  return LATEX_WORDS.has(w) || w in FUNCTION_WORDS || GREEK.has(w) || w in GREEK_VARIANTS;
}

/** Appends a token (in a Unicode substitution, with the substituted character's span). */
type Push = (kind: TokKind, text: string, start: number, end: number, extra?: Partial<Token>) => void;
/** The offset an error points at (the Unicode character, inside a substitution). */
type At = (k: number) => number;

const TWO_CHAR_OPS = new Map([["<=", "<="], [">=", ">="], ["!=", "!="], ["->", "->"], [".*", ".*"], ["**", "^"], ["==", "="]]);
const SINGLE_OPS = new Set("+-*/=<>()[]{}|,;&^_'!.:");

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isLower = (c: number): boolean => c >= 97 && c <= 122;

export function tokenize(src: string, opts: TokenizeOptions): Token[] {
  const out: Token[] = [];
  const asciiWords = opts.words && opts.words.size > 0 ? new Set([...ASCII_WORDS, ...opts.words]) : ASCII_WORDS;
  let maxWord = 0;
  for (const w of asciiWords) maxWord = Math.max(maxWord, w.length);
  scan(src, 0, src.length, null);
  out.push({ kind: "eof", text: "", start: src.length, end: src.length });
  return out;

  /** Tokenizes s[from, to); when `fixed` is set every token gets that span (Unicode substitutions). */
  function scan(s: string, from: number, to: number, fixed: [number, number] | null): void {
    let i = from;
    const push: Push = (kind, text, start, end, extra) => {
      const tok: Token = { kind, text, start: fixed ? fixed[0] : start, end: fixed ? fixed[1] : end };
      if (extra) Object.assign(tok, extra);
      out.push(tok);
    };
    const at: At = (k) => (fixed ? fixed[0] : k);
    while (i < to) {
      const c = s.charCodeAt(i);
      const ch = s[i];
      if (ch === "\n") {
        const last = out[out.length - 1];
        if (!(last && last.kind === "sep" && last.text === "newline")) push("sep", "newline", i, i + 1);
        i++;
        continue;
      }
      if (ch === " " || ch === "\t" || ch === "\r" || ch === "$" || (ch === "~" && opts.dialect === "latex")) {
        i++;
        continue;
      }
      if (ch === "%" && opts.dialect === "latex") {
        while (i < to && s[i] !== "\n") i++;
        continue;
      }
      if (isDigit(c) || (ch === "." && i + 1 < to && isDigit(s.charCodeAt(i + 1)))) {
        i = readNumber(s, i, to, push, at);
        continue;
      }
      if (isLetter(c)) {
        let j = i;
        while (j < to && isLetter(s.charCodeAt(j))) j++;
        splitWord(s.slice(i, j), i, push);
        i = j;
        continue;
      }
      if (ch === "\\") {
        i = readCommand(s, i, to, push, at);
        continue;
      }
      if (ch === "_" && opts.dialect === "ascii" && i + 1 < to) {
        const n = s.charCodeAt(i + 1);
        if (isLetter(n) || isDigit(n)) {
          push("op", "_", i, i + 1);
          // The run stops at a capital: `S_iS_j` is S_i S_j, as LaTeX reads it.
          let j = i + 2;
          while (j < to && (isLower(s.charCodeAt(j)) || isDigit(s.charCodeAt(j)))) j++;
          push("run", s.slice(i + 1, j), i + 1, j);
          i = j;
          continue;
        }
      }
      if (ch === "(" && s[i + 1] === "." && s[i + 2] === ")" && i + 2 < to) {
        push("op", "(.)", i, i + 3);
        i += 3;
        continue;
      }
      const two = i + 1 < to ? TWO_CHAR_OPS.get(s.slice(i, i + 2)) : undefined;
      if (two !== undefined) {
        push("op", two, i, i + 2);
        i += 2;
        continue;
      }
      if (SINGLE_OPS.has(ch)) {
        push("op", ch, i, i + 1);
        i++;
        continue;
      }
      if (c > 127) {
        const pair = s.slice(i, i + 2);
        const single = UNICODE[ch];
        const len = UNICODE[pair] !== undefined && c >= 0xd800 && c <= 0xdbff ? 2 : 1;
        let rep = len === 2 ? UNICODE[pair] : single;
        // A transpose glyph already under a caret (`W^⊤`, `W^{ᵀ}`) is just the exponent.
        if (rep === "^\\top " && (s[i - 1] === "^" || (s[i - 1] === "{" && s[i - 2] === "^"))) rep = "\\top ";
        if (rep !== undefined) {
          scan(rep, 0, rep.length, fixed ?? [i, i + len]);
          i += len;
          continue;
        }
        if (UNICODE_SPACES.has(ch)) {
          i++;
          continue;
        }
      }
      const shown = c >= 0xd800 && c <= 0xdbff ? s.slice(i, i + 2) : ch;
      fail("unexpected-character", `unexpected character "${shown}"`, at(i));
    }
  }

  function readNumber(s: string, i: number, to: number, push: Push, at: At): number {
    const start = i;
    let digits = 0;
    while (i < to && isDigit(s.charCodeAt(i))) {
      i++;
      digits++;
    }
    if (s[i] === "." && i + 1 < to && isDigit(s.charCodeAt(i + 1))) {
      i++;
      while (i < to && isDigit(s.charCodeAt(i))) {
        i++;
        digits++;
      }
    }
    if ((s[i] === "e" || s[i] === "E") && i + 1 < to) {
      let j = i + 1;
      if (s[j] === "+" || s[j] === "-") j++;
      if (j < to && isDigit(s.charCodeAt(j))) {
        while (j < to && isDigit(s.charCodeAt(j))) j++;
        i = j;
      }
    }
    const text = s.slice(start, i);
    if (digits > opts.limits.maxDigits) {
      fail("number-too-large", `the number ${text.slice(0, 12)}... has more than ${opts.limits.maxDigits} digits`, at(start));
    }
    const value = Number(text);
    if (!Number.isFinite(value) || Math.abs(value) > opts.limits.maxNumber) {
      fail("number-too-large", `the number ${text} is larger than ${opts.limits.maxNumber}`, at(start));
    }
    push("num", text, start, i, { value });
    return i;
  }

  function splitWord(word: string, start: number, push: Push): void {
    if (opts.dialect === "latex") {
      if (isLatexWord(word)) push("id", word, start, start + word.length);
      else for (let k = 0; k < word.length; k++) push("id", word[k], start + k, start + k + 1);
      return;
    }
    let k = 0;
    while (k < word.length) {
      let taken = 1;
      for (let len = Math.min(maxWord, word.length - k); len >= 2; len--) {
        if (asciiWords.has(word.slice(k, k + len))) {
          taken = len;
          break;
        }
      }
      push("id", word.slice(k, k + taken), start + k, start + k + taken);
      k += taken;
    }
  }

  function readCommand(s: string, i: number, to: number, push: Push, at: At): number {
    const start = i;
    if (i + 1 >= to) fail("syntax", "a lone backslash ends the formula", at(i));
    const n = s[i + 1];
    if (!isLetter(s.charCodeAt(i + 1))) {
      const pairs: Record<string, string> = { "\\": "\\\\", "{": "\\{", "}": "\\}", "|": "\\|", _: "_" };
      if (n in pairs) {
        push("op", pairs[n], i, i + 2);
        return i + 2;
      }
      if (",;:! >()[]".includes(n)) return i + 2;
      fail("unknown-command", `unknown command \\${n}`, at(i));
    }
    let j = i + 1;
    while (j < to && isLetter(s.charCodeAt(j))) j++;
    const name = s.slice(i + 1, j);
    if (name === "quad" || name === "qquad") {
      push("sep", name, start, j);
      return j;
    }
    if (IGNORED_COMMANDS.has(name)) return j;
    if (name === "begin" || name === "end") {
      let k = j;
      while (k < to && s[k] === " ") k++;
      if (s[k] !== "{") fail("syntax", `\\${name} needs an environment name in braces`, at(start));
      const close = s.indexOf("}", k);
      if (close < 0 || close >= to) fail("syntax", `\\${name}{ is never closed`, at(k));
      push(name === "begin" ? "begin" : "end", s.slice(k + 1, close).trim(), start, close + 1);
      return close + 1;
    }
    if (TEXT_COMMANDS.has(name)) {
      let k = j;
      if (s[k] === "*") k++;
      while (k < to && s[k] === " ") k++;
      if (k >= to) fail("syntax", `\\${name} needs an argument`, at(start));
      let content: string;
      let end: number;
      if (s[k] === "{") {
        let depth = 0;
        let m = k;
        for (; m < to; m++) {
          if (s[m] === "\\") {
            m++;
            continue;
          }
          if (s[m] === "{") depth++;
          else if (s[m] === "}" && --depth === 0) break;
        }
        if (m >= to) fail("syntax", `the argument of \\${name} is never closed`, at(k));
        content = s.slice(k + 1, m);
        end = m + 1;
      } else {
        content = s[k];
        end = k + 1;
      }
      if (name === "hspace") return end;
      push("text", content, start, end, { arg: name });
      return end;
    }
    push("cmd", name, start, j);
    return j;
  }
}

/** For each opening `{` (and, separately, `(`) token, the index of its matching closer, or -1; linear. */
export function matchBraces(toks: Token[], open = "{", close = "}"): Int32Array {
  const match = new Int32Array(toks.length).fill(-1);
  const stack: number[] = [];
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k];
    if (t.kind !== "op") continue;
    if (t.text === open) stack.push(k);
    else if (t.text === close && stack.length > 0) {
      const o = stack.pop() as number;
      match[o] = k;
    }
  }
  return match;
}

/** Display environments that only lay out lines: their `&` are alignment marks, their `\\\\` line breaks. */
const LAYOUT_ENVS = new Set(["aligned", "align", "align*", "alignat", "alignat*", "gather", "gather*", "gathered", "equation", "equation*", "split", "multline", "multline*", "displaymath", "math"]);

/**
 * Drops layout environments: `\\begin{aligned} A &= G V \\\\ B &= X \\end{aligned}` reads as two lines.
 * Inside them `&` is dropped and `\\\\` becomes a line break (a slot separator in answers).
 */
export function unwrapLayout(toks: Token[]): Token[] {
  if (!toks.some((t) => t.kind === "begin" && LAYOUT_ENVS.has(t.text))) return toks;
  const out: Token[] = [];
  const envs: string[] = [];
  for (const t of toks) {
    const inLayout = envs.length > 0 && LAYOUT_ENVS.has(envs[envs.length - 1]);
    if (t.kind === "begin") {
      envs.push(t.text);
      if (LAYOUT_ENVS.has(t.text)) continue;
    } else if (t.kind === "end") {
      if (envs[envs.length - 1] === t.text) envs.pop();
      if (LAYOUT_ENVS.has(t.text)) continue;
    } else if (inLayout && t.kind === "op" && t.text === "&") continue;
    else if (inLayout && t.kind === "op" && t.text === "\\\\") {
      out.push({ kind: "sep", text: "newline", start: t.start, end: t.end });
      continue;
    }
    out.push(t);
  }
  return out;
}
