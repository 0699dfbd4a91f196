import { describe, expect, test } from "vitest";
import { parse, toAscii, toLatex } from "../../src/expr/index.js";
import { ok } from "./helpers.js";

describe("printed forms of staff formulas", () => {
  test.each([
    ["S_i(\\delta_{ij} - S_j)", "S_i \\left(\\delta_{ij} - S_j\\right)", "S_i*(delta_{ij} - S_j)"],
    ["\\mathrm{diag}(s) - s s^\\top", "\\mathrm{diag}(s) - s s^\\top", "diag(s) - s*s^T"],
    ["((G V) \\circ h'(X W^\\top)) W", "\\left(G V \\circ h'(X W^\\top)\\right) W", "(G*V .* h'(X*W^T))*W"],
    ["\\frac{2}{(1+\\alpha^2) d_x}", "\\frac{2}{\\left(1 + \\alpha^2\\right) d_x}", "2/((1 + alpha^2)*d_x)"],
    ["\\left\\lfloor \\frac{W - F + 2P}{S} \\right\\rfloor + 1", "\\left\\lfloor \\frac{W - F + 2 P}{S}\\right\\rfloor + 1", "floor((W - F + 2*P)/S) + 1"],
    ["\\hat\\sigma'(z)", "\\hat{\\sigma}'(z)", "hat(sigma)'(z)"],
    ["\\frac{\\partial L}{\\partial Y} V", "\\frac{\\partial L}{\\partial Y} V", "partial(L, Y)*V"],
    ["x \\cdot (y)", "x y", "x*y"],
    ["(a + b)(c + d)", "\\left(a + b\\right) \\left(c + d\\right)", "(a + b)*(c + d)"],
    ["x (y + 1)", "x \\cdot \\left(y + 1\\right)", "x*(y + 1)"],
    ["2 \\cdot 3", "2 \\cdot 3", "2*3"],
    ["\\left(\\frac{G}{X W^\\top}\\right)^\\top X", "\\left(\\frac{G}{X W^\\top}\\right)^\\top X", "(G/(X*W^T))^T*X"],
    ["\\left(\\frac{a}{b}\\right)^2", "\\left(\\frac{a}{b}\\right)^2", "(a/b)^2"],
  ])("%s", (text, latex, ascii) => {
    const e = ok(text);
    expect(toLatex(e)).toBe(latex);
    expect(toAscii(e)).toBe(ascii);
  });
});

describe("dialect choice", () => {
  test("auto reads LaTeX when there is a backslash or a brace, ASCII otherwise", () => {
    // In ASCII `sigma` is one word; in LaTeX mode a letter run that is not a known word is a product.
    const ascii = ok("xy");
    const latex = ok("{xy}");
    expect(toLatex(ascii)).toBe("x y");
    expect(toLatex(latex)).toBe("x y");
    expect(toLatex(ok("alphax"))).toBe("\\alpha x");
    expect(toLatex(ok("{alphax}"))).toBe("a l p h a x");
    const forced = parse("alphax", { dialect: "latex" });
    expect(forced.ok && toLatex(forced.value)).toBe("a l p h a x");
  });
});
