/**
 * The formula in a Markdown answer. Students write math between display or inline delimiters
 * (`$...$`, `$$...$$`, `\(...\)`, `\[...\]`, or a bare `\begin{align}...\end{align}`) and often
 * prose around it; the grader reads only the formula. When the text has math, each math span becomes
 * one line of the answer and the prose is dropped (except a slot name written just before the math,
 * as in `A = $G V$`); when it has none, the text itself is the answer, with Markdown emphasis,
 * inline-code ticks and `<br>` taken out. One linear scan: hostile text costs its length, no more.
 */

export type MathText = { ok: true; text: string } | { ok: false; code: "unclosed-math"; message: string };

/** Environments MathJax (and so Jupyter) renders as display math without `$$` around them. */
const MATH_ENVS = new Set(["equation", "equation*", "align", "align*", "aligned", "gather", "gather*", "multline", "multline*", "eqnarray", "eqnarray*", "displaymath", "math"]);

/** `A =`, `\tilde{X} =`, `**B** =` at the end of the prose before a math span: the slot it fills. */
const SLOT_BEFORE = /(?:^|[\s(:,;])(?:\*\*|__)?(\\?[A-Za-z]+(?:\{[A-Za-z]\})?(?:_\{?[A-Za-z0-9]+\}?)?)(?:\*\*|__)?\s*=\s*$/;

function lineOf(s: string, at: number): number {
  let line = 1;
  for (let k = 0; k < at; k++) if (s.charCodeAt(k) === 10) line++;
  return line;
}

/** Index of `close` at or after `from`, stepping over backslash escapes (so `\$` never closes `$`). */
function findClose(s: string, from: number, close: string): number {
  for (let k = from; k < s.length; k++) {
    if (s.startsWith(close, k)) return k;
    if (s[k] === "\\") k++;
  }
  return -1;
}

/** Text without math: its first paragraph (words after a blank line are the student's explanation). */
function cleanProse(text: string): string {
  const paragraph = text.trim().split(/\n[ \t]*\n/)[0];
  return paragraph
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/\*\*|__|`/g, "")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
    .join("\n");
}

/** The answer a grader should read from one Markdown answer (see the module comment). */
export function mathText(markdown: string): MathText {
  const s = markdown.replace(/\r\n?/g, "\n");
  const spans: string[] = [];
  let prose = "";
  let sawMath = false;
  const unclosed = (open: string, at: number): MathText => ({
    ok: false,
    code: "unclosed-math",
    message: `The math opened with ${open} on line ${lineOf(s, at)} of the answer is never closed.`,
  });
  const take = (body: string): void => {
    sawMath = true;
    const slot = SLOT_BEFORE.exec(prose.slice(-80));
    const formula = body.trim();
    if (formula.length > 0) spans.push(slot && !/^\s*[A-Za-z\\{}_0-9]*\s*=/.test(formula) ? `${slot[1]} = ${formula}` : formula);
    prose = "";
  };
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === "\\") {
      const next = s[i + 1];
      if (next === "$") {
        prose += "$";
        i += 2;
        continue;
      }
      if (next === "(" || next === "[") {
        const close = next === "(" ? "\\)" : "\\]";
        const j = findClose(s, i + 2, close);
        if (j < 0) return unclosed(`\\${next}`, i);
        take(s.slice(i + 2, j));
        i = j + 2;
        continue;
      }
      const env = /^\\begin\{([A-Za-z]+\*?)\}/.exec(s.slice(i, i + 40));
      if (env && MATH_ENVS.has(env[1])) {
        const end = `\\end{${env[1]}}`;
        const j = s.indexOf(end, i);
        if (j < 0) return unclosed(`\\begin{${env[1]}}`, i);
        take(s.slice(i, j + end.length));
        i = j + end.length;
        continue;
      }
      prose += c + (next ?? "");
      i += 2;
      continue;
    }
    if (c === "$") {
      const display = s[i + 1] === "$";
      const open = display ? "$$" : "$";
      const j = findClose(s, i + open.length, open);
      if (j < 0) return unclosed(open, i);
      take(s.slice(i + open.length, j));
      i = j + open.length;
      continue;
    }
    prose += c;
    i++;
  }
  return { ok: true, text: sawMath ? spans.join("\n") : cleanProse(prose) };
}
