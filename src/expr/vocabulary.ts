/**
 * The words the expression language knows: Greek letters, built-in functions, keywords, the
 * Unicode a PDF paste brings. One table each, so the tokenizer, parser, resolver and printers agree.
 */

/** Greek letter names (LaTeX command = ASCII word). Variants fold into one canonical letter. */
export const GREEK = new Set([
  "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda",
  "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega",
  "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega", "ell",
]);

/** `\varepsilon` and `\epsilon` are one symbol: students use them interchangeably. */
export const GREEK_VARIANTS: Record<string, string> = {
  varepsilon: "epsilon",
  varphi: "phi",
  vartheta: "theta",
  varsigma: "sigma",
  varrho: "rho",
  varpi: "pi",
};

/** Canonical Greek name for a command or word, or undefined. */
export function greekName(word: string): string | undefined {
  const w = GREEK_VARIANTS[word] ?? word;
  return GREEK.has(w) ? w : undefined;
}

/** The built-in functions of ast.ts `Call` (plus sin and cos, which the tensor engine has). */
export const BUILTIN_FUNCTIONS = new Set([
  "exp", "log", "sqrt", "abs", "sigma", "tanh", "softplus", "relu", "lrelu", "prelu", "max", "min",
  "diag", "floor", "ceil", "softmax", "logsoftmax", "sign", "H", "norm", "trace", "sin", "cos",
  "det", "mean", "var",
]);

/** Spellings of built-in functions as words (`\mathrm{ReLU}`, ASCII `relu`, `\ln`) -> canonical name. */
export const FUNCTION_WORDS: Record<string, string> = {
  exp: "exp", log: "log", ln: "log", sqrt: "sqrt", abs: "abs", sigmoid: "sigma", tanh: "tanh",
  softplus: "softplus", relu: "relu", ReLU: "relu", Relu: "relu", lrelu: "lrelu", LReLU: "lrelu",
  LeakyReLU: "lrelu", leakyrelu: "lrelu", prelu: "prelu", PReLU: "prelu", max: "max", min: "min",
  diag: "diag", Diag: "diag", floor: "floor", ceil: "ceil", softmax: "softmax", Softmax: "softmax",
  logsoftmax: "logsoftmax", LogSoftmax: "logsoftmax", sign: "sign", sgn: "sign", norm: "norm",
  trace: "trace", tr: "trace", Tr: "trace", sin: "sin", cos: "cos", det: "det", mean: "mean", var: "var",
};

/** LaTeX commands that are function names (`\exp x`, `\max(0, x)`). `\sigma` is a letter, see GREEK. */
export const FUNCTION_COMMANDS: Record<string, string> = {
  exp: "exp", log: "log", ln: "log", tanh: "tanh", max: "max", min: "min", sin: "sin", cos: "cos",
  sgn: "sign", tr: "trace", det: "det",
};

/** ASCII keywords: words that are not split into letters. */
export const ASCII_KEYWORDS = new Set([
  "sum", "prod", "lim", "int", "inf", "infty", "ones", "odot", "circ", "hat", "tilde", "bar",
  "cases", "if", "otherwise", "else", "deriv", "partial", "ind", "Var", "cdot", "times",
]);

/** Words read whole in LaTeX too (a run of letters equal to one of these is not a product). */
export const LATEX_WORDS = new Set(["if", "otherwise", "else", "sum", "prod", "lim", "int", "infty", "odot", "Var"]);

/** Decorations that become part of a name: `\hat\sigma` is "\\hat{\\sigma}". */
export const DECORATIONS: Record<string, string> = {
  hat: "hat", widehat: "hat", tilde: "tilde", widetilde: "tilde", bar: "bar", overline: "bar",
  vec: "vec", dot: "dot", ddot: "ddot", check: "check", breve: "breve",
};

/** Bold and similar: `\mathbf{X}` is X. */
export const BOLD = new Set(["mathbf", "boldsymbol", "bm", "pmb", "mathbfit", "bold", "symbf"]);

/** Commands that read a raw text argument. */
export const TEXT_COMMANDS = new Set([
  "text", "mathrm", "operatorname", "textrm", "textit", "mathit", "mbox", "textbf", "mathbb",
  "mathcal", "mathscr", "mathsf", "mathfrak", "hspace", "mathop", "textsf", "texttt", "mathtt",
]);

/** Commands with no meaning in a formula. */
export const IGNORED_COMMANDS = new Set([
  "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr", "Biggl", "Biggr",
  "bigm", "Bigm", "displaystyle", "textstyle", "scriptstyle", "limits", "nolimits", "enspace",
  "thinspace", "medspace", "thickspace", "negthinspace", "negmedspace", "nonumber", "notag", "left.",
]);

/** Relations: command or operator -> RelOp. */
export const RELATIONS: Record<string, "=" | "<" | ">" | "<=" | ">=" | "!="> = {
  "=": "=", "<": "<", ">": ">", "<=": "<=", ">=": ">=", "!=": "!=",
  "\\le": "<=", "\\leq": "<=", "\\leqslant": "<=", "\\ge": ">=", "\\geq": ">=", "\\geqslant": ">=",
  "\\ne": "!=", "\\neq": "!=", "\\lt": "<", "\\gt": ">",
};

/**
 * Unicode from PDF pastes -> the LaTeX source it stands for. The tokenizer splices these in, so the
 * rest of the parser never sees Unicode.
 */
export const UNICODE: Record<string, string> = {
  "\u2212": "-", "\u2013": "-", "\u2014": "-", "\u00d7": "\\times ", "\u00b7": "\\cdot ",
  "\u22c5": "\\cdot ", "\u2219": "\\cdot ", "\u2299": "\\odot ", "\u2218": "\\circ ",
  "\u1d40": "^\\top ", "\u2032": "'", "\u2033": "''", "\u2202": "\\partial ", "\u2207": "\\nabla ",
  "\u2211": "\\sum ", "\u220f": "\\prod ", "\u221a": "\\sqrt ", "\u2264": "\\le ", "\u2265": "\\ge ",
  "\u2260": "\\ne ", "\u221e": "\\infty ", "\u2192": "\\to ", "\u230a": "\\lfloor ",
  "\u230b": "\\rfloor ", "\u2308": "\\lceil ", "\u2309": "\\rceil ", "\u222b": "\\int ",
  "\u2016": "\\| ", "\u00b2": "^2 ", "\u00b3": "^3 ", "\u00f7": "/", "\u2113": "\\ell ",
  "\u03b1": "\\alpha ", "\u03b2": "\\beta ", "\u03b3": "\\gamma ", "\u03b4": "\\delta ",
  "\u03b5": "\\epsilon ", "\u03f5": "\\epsilon ", "\u03b6": "\\zeta ", "\u03b7": "\\eta ",
  "\u03b8": "\\theta ", "\u03d1": "\\theta ", "\u03b9": "\\iota ", "\u03ba": "\\kappa ",
  "\u03bb": "\\lambda ", "\u03bc": "\\mu ", "\u03bd": "\\nu ", "\u03be": "\\xi ", "\u03c0": "\\pi ",
  "\u03c1": "\\rho ", "\u03c3": "\\sigma ", "\u03c2": "\\sigma ", "\u03c4": "\\tau ",
  "\u03c5": "\\upsilon ", "\u03c6": "\\phi ", "\u03d5": "\\phi ", "\u03c7": "\\chi ",
  "\u03c8": "\\psi ", "\u03c9": "\\omega ", "\u0393": "\\Gamma ", "\u0394": "\\Delta ",
  "\u0398": "\\Theta ", "\u039b": "\\Lambda ", "\u039e": "\\Xi ", "\u03a0": "\\Pi ",
  "\u03a3": "\\Sigma ", "\u03a6": "\\Phi ", "\u03a8": "\\Psi ", "\u03a9": "\\Omega ",
  "\ud835\udfd9": "\\mathbb{1}", "\ud835\udfcf": "\\mathbf{1}", "\u22a4": "^\\top ", "\u2208": "\\in ", "\u2026": "\\ldots ", "\u22ef": "\\cdots ",
  "\u27e8": "\\langle ", "\u27e9": "\\rangle ",
};

/** Spaces a paste may carry. */
export const UNICODE_SPACES = new Set(["\u00a0", "\u2009", "\u200a", "\u200b", "\u2002", "\u2003", "\u202f", "\ufeff"]);

/** Subscripts read as one word, not as indices: `C_{in}`, `n_{out}`, `x_{max}`. */
export const SUB_WORDS: ReadonlySet<string> = new Set(["in", "out", "max", "min"]);

const KNOWN_COMMANDS: readonly string[] = [
  ...GREEK, ...Object.keys(GREEK_VARIANTS), ...Object.keys(FUNCTION_COMMANDS), ...Object.keys(DECORATIONS), ...BOLD, ...TEXT_COMMANDS,
  "frac", "dfrac", "tfrac", "sqrt", "left", "right", "partial", "nabla", "sum", "prod", "lim", "int", "infty",
  "lfloor", "rfloor", "lceil", "rceil", "lvert", "rvert", "lVert", "rVert", "cdot", "times", "circ", "odot", "top",
  "intercal", "prime", "to", "rightarrow", "le", "leq", "ge", "geq", "ne", "neq", "begin", "end", "quad", "qquad",
];

/** Edit distance with adjacent transpositions (`farc` is one step from `frac`); names are short. */
function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The known command closest to a misspelt one (`\simga` -> `\sigma`), if one is close. */
export function suggestCommand(name: string): string | undefined {
  if (name.length > 20) return undefined;
  let best: string | undefined;
  let bestD = name.length <= 3 ? 1 : 2;
  for (const k of KNOWN_COMMANDS) {
    const d = distance(name, k);
    if (d > 0 && d <= bestD && (best === undefined || d < bestD)) {
      best = k;
      bestD = d;
    }
  }
  return best;
}
