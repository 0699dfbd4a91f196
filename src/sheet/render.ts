/**
 * The answer sheet: one self-contained HTML file with, for every question, its prompt, the
 * reference answer, the derivation from `proofs/` with each step's verdict, the verification badge
 * from the question's oracle, and its plots and tables. Deterministic for a seed.
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { questions as allQuestions, type Question, type Verification } from "../questions/index.js";
import { checkProof, readProof, proofFiles, proofsDir, type ProofResult, type StepResult } from "../proofs/index.js";
import { katexCss } from "./katex-assets.js";
import { escapeHtml, renderMath } from "./math.js";
import { renderMarkdown } from "./markdown.js";
import { lineSvg, type LinePlot } from "./svg.js";
import { finiteDifferencePlot, receptiveFieldPlot, secondMomentPlot } from "./plots.js";
import { anyTable, architectureTable, ARCHITECTURES } from "./tables.js";
import { SHEET_CSS } from "./style.js";

export interface SheetOptions {
  /** Question ids to include, in this order; default every question. */
  questions?: string[];
  seed?: number;
  /** Where the proofs are; default the package's `proofs/`. */
  proofsDir?: string;
  /** The questions to draw from; default the question bank (a question under development can be previewed). */
  bank?: Question[];
}

/** What the sheet found for one question: the line the CLI prints. */
export interface SheetResult {
  id: string;
  verified: boolean;
  method: string;
  trials: number;
  maxError: number;
  seed: number;
  detail?: string;
  /** The proof's file, and whether every step passed; null when the question has no proof. */
  proof: { file: string; ok: boolean; steps: number; failed: number; problems: string[] } | null;
  /** LaTeX in this question's section that KaTeX could not render. */
  renderFailures: string[];
}

export interface Sheet {
  html: string;
  results: SheetResult[];
  /** Every question verified, every proof checked and every formula rendered. */
  ok: boolean;
}

/** One line per question, as `gradsheet sheet` prints it. */
export function summaryLine(r: SheetResult): string {
  const status = r.verified ? "verified" : "NOT VERIFIED";
  const how = `${r.method}, ${r.trials} trial${r.trials === 1 ? "" : "s"}, max error ${r.maxError.toExponential(1)}, seed ${r.seed}`;
  const proof = r.proof ? `; proof ${r.proof.ok ? "checked" : "FAILED"} (${r.proof.steps - r.proof.failed}/${r.proof.steps} steps)` : "";
  const render = r.renderFailures.length ? `; ${r.renderFailures.length} formula(s) KaTeX could not render` : "";
  return `${r.id.padEnd(36)} ${status.padEnd(12)} ${how}${proof}${render}`;
}

/** A question is verified only when its oracle agrees, its derivation (if any) checks and its formulas render. */
export function fullyVerified(r: SheetResult): boolean {
  return r.verified && (r.proof?.ok ?? true) && r.renderFailures.length === 0;
}

/** The CLI's closing count: a failed proof step or an unrenderable formula un-verifies its question, as it fails the exit code. */
export function sheetSummary(results: SheetResult[]): string {
  const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;
  const problems = [
    [results.filter((r) => !r.verified).length, "rejected by its oracle", "rejected by their oracles"],
    [results.filter((r) => r.proof && !r.proof.ok).length, "proof failed", "proofs failed"],
    [results.filter((r) => r.renderFailures.length > 0).length, "with formulas KaTeX could not render", "with formulas KaTeX could not render"],
  ] as const;
  const issues = problems.filter(([n]) => n > 0).map(([n, one, many]) => plural(n, one, many));
  const head = `${plural(results.length, "question", "questions")}, ${results.filter(fullyVerified).length} verified`;
  return issues.length ? `${head} (${issues.join(", ")})` : head;
}

function runVerify(q: Question, seed: number): Verification {
  try {
    return q.verify(seed);
  } catch (e) {
    return { ok: false, method: "oracle crashed", trials: 0, maxError: Infinity, seed, detail: e instanceof Error ? e.message : String(e) };
  }
}

function badge(v: Verification): string {
  const cls = v.ok ? "badge" : "badge bad";
  const word = v.ok ? "✓ verified" : "✗ not verified";
  const err = Number.isFinite(v.maxError) ? v.maxError.toExponential(2) : String(v.maxError);
  const detail = v.detail ? `<div class="detail">${renderMarkdown(v.detail).html}</div>` : "";
  return (
    `<div class="${cls}"><strong>${word}</strong> · ${escapeHtml(v.method)} · ${v.trials} trial${v.trials === 1 ? "" : "s"} · ` +
    `largest error ${escapeHtml(err)} · seed ${v.seed}</div>${detail}`
  );
}

/** Collects KaTeX failures while rendering one question. */
class Collector {
  failures: string[] = [];
  md(text: string, headingBase = 0): string {
    const r = renderMarkdown(text, { headingBase });
    for (const f of r.failures) this.failures.push(`${f.latex}: ${f.error}`);
    return r.html;
  }
  math(latex: string, display: boolean): string {
    const r = renderMath(latex, display);
    if (!r.ok) this.failures.push(`${latex}: ${r.error ?? ""}`);
    return r.html;
  }
}

function answerHtml(q: Question, c: Collector): string {
  const rows = q.slots.length ? q.slots : Object.keys(q.reference);
  // References are LaTeX whatever the kind (tables are bmatrix, facts \text{...}).
  const parts = rows.map((slot) => {
    const ref = q.reference[slot] ?? "";
    return c.math(/=/.test(ref) && rows.length === 1 ? ref : `${slot} = ${ref}`, true);
  });
  return `<div class="answer">${parts.join("")}</div>`;
}

function verdictHtml(steps: StepResult[]): string {
  if (steps.length === 0) return `<span class="verdict"></span>`;
  const bad = steps.filter((s) => !s.ok);
  if (bad.length === 0) {
    const n = steps.filter((s) => s.kind === "step").length;
    const parts = [n === 0 ? "" : n === 1 ? "checked" : `${n} steps checked`, steps.some((s) => s.kind === "answer") ? "= the answer" : ""].filter(Boolean);
    const methods = [...new Set(steps.map((s) => s.method))].join("; ");
    return `<span class="verdict ok" title="${escapeHtml(methods)}">✓ ${parts.join(", ")}</span>`;
  }
  const msgs = bad.map((s) => `✗ line ${s.line}: ${s.message}`).join(" ");
  return `<span class="verdict bad">${escapeHtml(msgs)}</span>`;
}

function derivationHtml(text: string, file: string, result: ProofResult, c: Collector): string {
  const doc = readProof(text);
  if (!doc.ok) return `<p class="verdict bad">✗ ${escapeHtml(`${file}:${doc.error.line}: ${doc.error.message}`)}</p>`;
  const out: string[] = [`<div class="derivation">`];
  for (const e of result.errors) out.push(`<p class="verdict bad">✗ ${escapeHtml(`${file}:${e.line}: ${e.message}`)}</p>`);
  let blockIndex = 0;
  for (const [k, seg] of doc.value.segments.entries()) {
    if (seg.kind === "prose") {
      // The proof's own `# Title` repeats the question's title, which heads the section already.
      const text = k === 0 ? seg.text.replace(/^\s*# [^\n]*\n/, "") : seg.text;
      out.push(c.md(text, 3));
      continue;
    }
    const here = result.steps.filter((s) => s.block === blockIndex);
    const bad = here.some((s) => !s.ok);
    const cls = here.length === 0 ? "step" : bad ? "step bad" : "step good";
    out.push(`<div class="${cls}"><div>${c.math(seg.block.latex, true)}</div>${verdictHtml(here)}</div>`);
    blockIndex++;
  }
  out.push(`</div>`);
  return out.join("\n");
}

function plotsFor(q: Question, v: Verification, seed: number): LinePlot[] {
  const plots: LinePlot[] = [];
  if (v.plot) plots.push({ ...v.plot, series: v.plot.series.map((s) => ({ name: s.name, points: s.points })) });
  if (q.id === "finite-difference-error") plots.push(finiteDifferencePlot());
  if (q.id === "leaky-relu-kaiming") plots.push(secondMomentPlot(seed));
  if (q.id === "receptive-field") plots.push(receptiveFieldPlot());
  return plots;
}

/** Proof files by the question they prove. */
function proofIndex(dir: string): Map<string, { file: string; text: string }> {
  const map = new Map<string, { file: string; text: string }>();
  for (const path of proofFiles(dir)) {
    const text = readFileSync(path, "utf8");
    const doc = readProof(text);
    const id = doc.ok ? doc.value.front.question : basename(path, ".md");
    if (id) map.set(id, { file: `proofs/${basename(path)}`, text });
  }
  return map;
}

/** Selects questions by id; unknown ids are an error naming them and what exists. */
export function selectQuestions(ids?: string[], bank?: Question[]): Question[] {
  const all = bank ?? allQuestions();
  if (!ids || ids.length === 0) return all;
  const byId = new Map(all.map((q) => [q.id, q]));
  const unknown = ids.filter((id) => !byId.has(id));
  if (unknown.length) throw new Error(`unknown question${unknown.length > 1 ? "s" : ""} ${unknown.map((u) => `'${u}'`).join(", ")}; known: ${all.map((q) => q.id).join(", ")}`);
  return ids.map((id) => byId.get(id) as Question);
}

function questionSection(q: Question, seed: number, proofs: Map<string, { file: string; text: string }>, lookup: (id: string) => Question | undefined): { html: string; result: SheetResult } {
  const c = new Collector();
  const v = runVerify(q, seed);
  const parts: string[] = [];
  parts.push(`<section class="question" id="q-${escapeHtml(q.id)}">`);
  parts.push(`<h2>${c.md(q.title).replace(/^<p>|<\/p>$/g, "")}<span class="qid">${escapeHtml(q.id)}</span></h2>`);
  parts.push(`<p class="source">Section ${q.section} · ${escapeHtml(q.source)}</p>`);
  parts.push(`<h3>Question</h3>${c.md(q.prompt)}`);
  parts.push(`<h3>Answer</h3>${answerHtml(q, c)}`);
  if (q.explanation) parts.push(c.md(q.explanation));
  let proof: SheetResult["proof"] = null;
  const p = proofs.get(q.id);
  if (p) {
    const checked = checkProof(p.text, { file: p.file, seed, lookup });
    const problems = [
      ...checked.errors.map((e) => `${p.file}:${e.line}: ${e.message}`),
      ...checked.steps.filter((st) => !st.ok).map((st) => `${st.file}:${st.line}: ${st.left} = ${st.right}: ${st.message}`),
    ];
    proof = { file: p.file, ok: checked.ok, steps: checked.steps.length, failed: problems.length, problems };
    parts.push(`<h3>Derivation <span class="detail">(${escapeHtml(p.file)}, every step checked)</span></h3>`);
    parts.push(derivationHtml(p.text, p.file, checked, c));
  }
  parts.push(`<h3>Verification</h3>${badge(v)}`);
  for (const arch of ARCHITECTURES[q.id] ?? []) parts.push(architectureTable(arch.spec, arch.caption));
  const t = anyTable(v.table);
  if (t) parts.push(`<p class="detail">What the oracle measured:</p>${t}`);
  for (const plot of plotsFor(q, v, seed)) parts.push(`<figure>${lineSvg(plot)}</figure>`);
  parts.push(`</section>`);
  const result: SheetResult = {
    id: q.id,
    verified: v.ok,
    method: v.method,
    trials: v.trials,
    maxError: v.maxError,
    seed: v.seed,
    proof,
    renderFailures: c.failures,
  };
  if (v.detail !== undefined) result.detail = v.detail;
  return { html: parts.join("\n"), result };
}

/** Builds the sheet. Throws only for unknown question ids. */
export function renderSheet(opts: SheetOptions = {}): Sheet {
  const seed = opts.seed ?? 1;
  const qs = selectQuestions(opts.questions, opts.bank);
  const proofs = proofIndex(opts.proofsDir ?? proofsDir());
  const byId = new Map((opts.bank ?? allQuestions()).map((q) => [q.id, q]));
  const sections = qs.map((q) => questionSection(q, seed, proofs, (id) => byId.get(id)));
  const results = sections.map((s) => s.result);
  const verified = results.filter((r) => r.verified).length;
  const proved = results.flatMap((r) => (r.proof ? [r.proof] : []));
  const steps = proved.reduce((n, p) => n + p.steps, 0);
  const failedSteps = proved.reduce((n, p) => n + p.failed, 0);
  const toc = results
    .map((r, k) => {
      const good = fullyVerified(r);
      return `<li><a href="#q-${escapeHtml(r.id)}">${escapeHtml(qs[k].title)}</a> <span class="${good ? "mark-ok" : "mark-bad"}">${good ? "✓" : "✗"}</span></li>`;
    })
    .join("");
  const html = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="gradsheet">
<title>Answer sheet: deep-learning theory questions</title>
<style>${katexCss()}</style>
<style>${SHEET_CSS}</style>
</head>
<body>
<header class="sheet">
<h1>Answer sheet</h1>
<p>${qs.length} question${qs.length === 1 ? "" : "s"}; ${verified} verified by an independent oracle; ${proved.length} derivation${proved.length === 1 ? "" : "s"} with ${steps} step${steps === 1 ? "" : "s"}, ${Math.max(0, steps - failedSteps)} checked true. Seed ${seed}: the same seed rebuilds the same sheet.</p>
<p>Every answer was evaluated on random instances against autodiff, brute force or Monte Carlo; every derivation step was checked against the one before it.</p>
</header>
<nav class="toc"><ol>${toc}</ol></nav>
${sections.map((s) => s.html).join("\n")}
</body>
</html>
`;
  const ok = results.every(fullyVerified);
  return { html, results, ok };
}
