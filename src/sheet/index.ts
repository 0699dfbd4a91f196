export { renderSheet, summaryLine, sheetSummary, fullyVerified, selectQuestions, type Sheet, type SheetOptions, type SheetResult } from "./render.js";
export { renderMath } from "./math.js";
export { renderMarkdown } from "./markdown.js";
export { lineSvg, type LinePlot, type LineSeries } from "./svg.js";
export { katexCss } from "./katex-assets.js";
