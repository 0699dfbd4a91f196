/**
 * LaTeX to HTML with KaTeX at build time. One bad formula must not lose the sheet, yet must not pass
 * silently: with throwOnError false KaTeX paints an undefined command red and adds no error node, so
 * each formula is first rendered strictly, and a ParseError marks it failed (the lenient rendering,
 * with its `katex-error` node or red text, goes on the sheet).
 */
import katex from "katex";

export interface RenderedMath {
  html: string;
  ok: boolean;
  /** KaTeX's message when `ok` is false. */
  error?: string;
}

const OPTIONS = {
  strict: "ignore" as const,
  output: "html" as const,
  trust: false,
  maxSize: 50,
  maxExpand: 1000,
};

export function renderMath(latex: string, display: boolean): RenderedMath {
  try {
    return { html: katex.renderToString(latex, { ...OPTIONS, displayMode: display, throwOnError: true }), ok: true };
  } catch (e) {
    const html = katex.renderToString(latex, { ...OPTIONS, displayMode: display, throwOnError: false });
    return { html, ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}
