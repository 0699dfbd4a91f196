/**
 * The small Markdown the question prompts, explanations and proofs use: headings, paragraphs, bullet
 * lists, `code`, **bold**, *italic*, inline `$...$` and display `$$...$$` math. Math goes through
 * KaTeX; every formula KaTeX could not read is collected in `failures`.
 */
import { escapeHtml, renderMath } from "./math.js";

export interface MarkdownOutput {
  html: string;
  /** LaTeX that KaTeX could not render, with its message. */
  failures: Array<{ latex: string; error: string }>;
}

function inline(text: string, failures: MarkdownOutput["failures"]): string {
  let out = "";
  let k = 0;
  let plain = "";
  const flush = () => {
    out += escapeHtml(plain)
      .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
      .replace(/(^|[\s(])\*([^*\s][^*]*)\*(?=$|[\s).,;:])/g, "$1<em>$2</em>");
    plain = "";
  };
  while (k < text.length) {
    const c = text[k];
    if (c === "\\" && text[k + 1] === "$") {
      plain += "$";
      k += 2;
      continue;
    }
    if (c === "$") {
      const display = text[k + 1] === "$";
      const delim = display ? "$$" : "$";
      const end = text.indexOf(delim, k + delim.length);
      if (end > k + delim.length) {
        flush();
        const latex = text.slice(k + delim.length, end);
        const r = renderMath(latex, display);
        if (!r.ok) failures.push({ latex, error: r.error ?? "" });
        out += r.html;
        k = end + delim.length;
        continue;
      }
    }
    if (c === "`") {
      const end = text.indexOf("`", k + 1);
      if (end > k) {
        flush();
        out += `<code>${escapeHtml(text.slice(k + 1, end))}</code>`;
        k = end + 1;
        continue;
      }
    }
    plain += c;
    k++;
  }
  flush();
  return out;
}

/** Renders Markdown; `headingBase` shifts heading levels (a proof's `#` becomes an h4 on the sheet). */
export function renderMarkdown(text: string, opts: { headingBase?: number } = {}): MarkdownOutput {
  const failures: MarkdownOutput["failures"] = [];
  const base = opts.headingBase ?? 0;
  const blocks = text.replace(/\r\n/g, "\n").split(/\n\s*\n/);
  const html: string[] = [];
  for (const raw of blocks) {
    const block = raw.trim();
    if (!block) continue;
    const heading = /^(#{1,6})\s+(.*)$/.exec(block);
    if (heading && !block.includes("\n")) {
      const level = Math.min(6, heading[1].length + base);
      html.push(`<h${level}>${inline(heading[2], failures)}</h${level}>`);
      continue;
    }
    const lines = block.split("\n");
    if (lines.every((l) => /^\s*[-*]\s+/.test(l) || /^\s{2,}\S/.test(l))) {
      const items: string[] = [];
      for (const l of lines) {
        if (/^\s*[-*]\s+/.test(l)) items.push(l.replace(/^\s*[-*]\s+/, ""));
        else items[items.length - 1] += " " + l.trim();
      }
      html.push(`<ul>${items.map((i) => `<li>${inline(i, failures)}</li>`).join("")}</ul>`);
      continue;
    }
    const body = block.startsWith("$$") && block.endsWith("$$") ? inline(block, failures) : `<p>${inline(lines.join(" "), failures)}</p>`;
    html.push(body);
  }
  return { html: html.join("\n"), failures };
}
