import { describe, expect, it } from "vitest";
import { katexCss } from "../../src/sheet/katex-assets.js";
import { renderMath } from "../../src/sheet/math.js";
import { renderMarkdown } from "../../src/sheet/markdown.js";
import { lineSvg } from "../../src/sheet/svg.js";
import { finiteDifferencePlot, receptiveFieldPlot, secondMomentPlot } from "../../src/sheet/plots.js";
import { anyTable, architectureTable } from "../../src/sheet/tables.js";

describe("KaTeX at build time", () => {
  it("renders a formula and reports a formula it cannot read", () => {
    const good = renderMath("\\frac{\\partial L}{\\partial X} = (G V \\circ h'(X W^\\top)) W", true);
    expect(good.ok).toBe(true);
    expect(good.html).toContain('class="katex-display"');
    const bad = renderMath("\\frac{a}{", false);
    expect(bad.ok).toBe(false);
    expect(bad.error).toMatch(/KaTeX parse error/);
    expect(renderMath("\\notacommand{x}", false).ok).toBe(false);
  });

  it("embeds every KaTeX font as a woff2 data URL", () => {
    const css = katexCss();
    expect(css).not.toMatch(/url\(fonts\//);
    const fonts = css.match(/url\(data:font\/woff2;base64,/g) ?? [];
    expect(fonts.length).toBeGreaterThanOrEqual(19);
    expect(css).toContain("font-family:KaTeX_Main");
  });
});

describe("Markdown", () => {
  it("renders headings, paragraphs, lists, code and math, and collects KaTeX failures", () => {
    const r = renderMarkdown("# Title\n\nSome *text* with $x^2$ and `code`.\n\n- one $a$\n- two\n\n$$\\frac{1}{2}$$\n\nbad $\\frac{$ math");
    expect(r.html).toContain("<h1>Title</h1>");
    expect(r.html).toContain("<em>text</em>");
    expect(r.html).toContain("<code>code</code>");
    expect(r.html).toContain("<ul><li>");
    expect(r.html).toContain('class="katex-display"');
    expect(r.failures).toHaveLength(1);
    expect(r.failures[0].latex).toBe("\\frac{");
    expect(renderMarkdown("## Sub", { headingBase: 3 }).html).toBe("<h5>Sub</h5>");
  });

  it("escapes HTML in prose", () => {
    expect(renderMarkdown("a <script>alert(1)</script> b").html).not.toContain("<script>");
  });
});

describe("plots", () => {
  it("draws a log-log SVG with one polyline per series and a legend", () => {
    const svg = lineSvg({ title: "t", xLabel: "x", yLabel: "y", logX: true, logY: true, series: [{ name: "a & b", points: [[1, 1], [10, 100], [100, 1e4]] }] });
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.match(/<polyline/g)).toHaveLength(1);
    expect(svg).toContain("a &amp; b");
    expect(svg).toContain(">100<");
  });

  it("finite differences: truncation error falls with ε², then rounding takes over", () => {
    const plot = finiteDifferencePlot();
    const measured = plot.series[1].points; // exp at x = 1
    const at = (n: number) => measured.find(([x]) => Math.abs(Math.log10(x) - n) < 1e-9)?.[1] ?? NaN;
    // ε = 1e-2 to 1e-3: error shrinks about 100-fold (second order).
    expect(at(2) / at(3)).toBeGreaterThan(50);
    expect(at(2) / at(3)).toBeLessThan(200);
    // The smallest error is in the middle (ε near 1e-5), and tiny steps are worse again.
    const best = measured.reduce((m, p) => (p[1] < m[1] ? p : m));
    expect(Math.log10(best[0])).toBeGreaterThan(3.5);
    expect(Math.log10(best[0])).toBeLessThan(7);
    expect(at(12)).toBeGreaterThan(100 * best[1]);
  });

  it("second moment: the LeakyReLU-corrected variance stays steady, 2/d grows and 1/d shrinks", () => {
    const plot = secondMomentPlot(3, { width: 32, depth: 16, batch: 32 });
    const [corrected, kaiming, lecun] = plot.series.map((s) => s.points[s.points.length - 1][1]);
    // Width 32: each layer multiplies the second moment by a factor of mean 1 and spread about
    // sqrt(2/32), so after 16 layers the corrected curve wanders within a factor of a few.
    expect(corrected).toBeGreaterThan(0.1);
    expect(corrected).toBeLessThan(10);
    expect(kaiming).toBeGreaterThan(3 * corrected); // (1 + α²)^16 = 35 in expectation
    expect(lecun).toBeLessThan(corrected / 100); // ((1 + α²)/2)^16 = 5e-4 in expectation
    expect(secondMomentPlot(3, { width: 32, depth: 16, batch: 32 })).toEqual(plot);
  });

  it("receptive field: 21 after five 5×5 convolutions", () => {
    const plot = receptiveFieldPlot();
    expect(plot.series[0].points.map((p) => p[1])).toEqual([1, 5, 9, 13, 17, 21]);
  });
});

describe("tables", () => {
  it("renders the D.2 architecture table from the conv calculator", () => {
    const html = architectureTable("Input 64x64x1; Conv4-5-Pvalid-S2; Pool3; Conv3-5-Pvalid-S1; Pool2; FC5", "D.2");
    for (const cell of ["31 × 31 × 5", "85", "10 × 10 × 5", "8 × 8 × 5", "230", "405"]) expect(html).toContain(`<td>${cell}</td>`);
  });

  it("renders records and rows, and refuses what is not a table", () => {
    expect(anyTable([{ a: 1, b: [2, 3] }])).toContain("<td>2 × 3</td>");
    expect(anyTable([["h1", "h2"], [1, 2]])).toContain("<th>h2</th>");
    expect(anyTable("no")).toBeNull();
    expect(anyTable([])).toBeNull();
  });
});
