/** Pulls formulas and fenced blocks out of a Markdown document, with line numbers. */

export interface Formula {
  latex: string;
  line: number;
  display: boolean;
}

export interface Fenced {
  lang: string;
  text: string;
  line: number;
}

/** Fenced code blocks (```lang ... ```). */
export function fencedBlocks(md: string): Fenced[] {
  const out: Fenced[] = [];
  const lines = md.split("\n");
  for (let k = 0; k < lines.length; k++) {
    const open = /^```(\w*)\s*$/.exec(lines[k]);
    if (!open) continue;
    const end = lines.findIndex((l, j) => j > k && /^```\s*$/.test(l));
    if (end < 0) break;
    out.push({ lang: open[1], text: lines.slice(k + 1, end).join("\n"), line: k + 2 });
    k = end;
  }
  return out;
}

/** Blanks fenced blocks and inline code spans (keeping line breaks), so their dollars are not math. */
function prose(md: string): string {
  const blanked = md.replace(/^```[\s\S]*?^```\s*$/gm, (b) => b.replace(/[^\n]/g, " "));
  return blanked.replace(/`[^`\n]*`/g, (c) => " ".repeat(c.length));
}

/** Every `$...$` and `$$...$$` formula outside code. */
export function formulasOf(md: string): Formula[] {
  const text = prose(md);
  const out: Formula[] = [];
  const re = /\$\$([\s\S]+?)\$\$|\$([^$\n]+?)\$/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const line = text.slice(0, m.index).split("\n").length;
    out.push({ latex: (m[1] ?? m[2]).trim(), line, display: m[1] !== undefined });
  }
  return out;
}
