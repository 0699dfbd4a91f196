/**
 * The proof checker: every step of every chain is judged equal to the one before it, and the end
 * of the last chain(s) equal to the question's reference answer. A step the checker cannot judge
 * (a formula that does not parse, or does not evaluate) fails: an unchecked step is not a checked one.
 */
import type { Expr } from "../expr/ast.js";
import type { SymbolDecl, SymbolTable } from "../expr/types.js";
import { parse } from "../expr/index.js";
import { getQuestion, type Question } from "../questions/index.js";
import { readProof, splitEqualities, type Chain, type ProofDoc } from "./read.js";
import { judgeEqual, type Judgement } from "./judge.js";
import type { ProofResult, StepResult } from "./result.js";

export interface CheckOptions {
  /** Shown in every report line; default "proof". */
  file?: string;
  seed?: number;
  /** Random instances per step (default 16; Monte Carlo steps use 3 instances of 16 replications). */
  trials?: number;
  /** Where the proof's question is looked up (default the question bank): a question under development can be passed in. */
  lookup?: (id: string) => Question | undefined;
}

/**
 * The question's symbols with the proof's local ones added (a local symbol replaces a question symbol
 * of its name), and its constraints with the proof's assumptions.
 */
export function proofTable(question: Question, local: SymbolDecl[], assumptions: string[] = []): SymbolTable {
  const names = new Set(local.map((s) => s.name));
  const constraints = [...(question.symbols.constraints ?? []), ...assumptions];
  return {
    ...question.symbols,
    symbols: [...question.symbols.symbols.filter((s) => !names.has(s.name)), ...local],
    ...(constraints.length > 0 ? { constraints } : {}),
  };
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The right-hand side of a reference written as `E_{ij} = ...`; the reference itself otherwise. */
function referenceValue(latex: string): string {
  const parts = splitEqualities(latex);
  return parts[parts.length - 1].text.trim();
}

/**
 * An answer in slot names with each slot replaced by its reference, bracketed: `(A \circ B) W`
 * becomes `(\left(G V\right) \circ \left(h'(X W^\top)\right)) W`. Slot names are matched as whole
 * names, never inside a command or a longer name.
 */
export function substituteSlots(answer: string, reference: Record<string, string>): string {
  const slots = Object.keys(reference).sort((a, b) => b.length - a.length);
  if (slots.length === 0) return answer;
  const pattern = new RegExp(`(?<![\\\\A-Za-z])(${slots.map(escapeRegex).join("|")})(?![A-Za-z])`, "g");
  return answer.replace(pattern, (name: string) => `\\left(${referenceValue(reference[name])}\\right)`);
}

const MAX_FORM_COMBINATIONS = 8;

/** Every way to substitute the slots with their reference or one of its other published forms. */
function substitutions(answer: string, q: Question): string[] {
  let refs: Array<Record<string, string>> = [{ ...q.reference }];
  for (const [slot, forms] of Object.entries(q.referenceForms ?? {})) {
    refs = refs.flatMap((r) => [r, ...forms.map((f) => ({ ...r, [slot]: f }))]).slice(0, MAX_FORM_COMBINATIONS);
  }
  return [...new Set(refs.map((r) => substituteSlots(answer, r)))];
}

/** The targets the last chains must reach, with the line that states each. */
function targets(doc: ProofDoc, q: Question): Array<{ forms: string[]; line: number }> | string {
  const fm = doc.front;
  if (fm.answers.length) {
    return fm.answers.map((a, k) => ({ forms: substitutions(a, q), line: fm.answerLines[k] }));
  }
  const slots = Object.keys(q.reference);
  if (slots.length !== 1) {
    return `question '${q.id}' has ${slots.length} answer slots (${slots.join(", ")}): say what the proof concludes with 'answer:' in the front matter`;
  }
  const slot = slots[0];
  const forms = [referenceValue(q.reference[slot]), ...(q.referenceForms?.[slot] ?? []).map(referenceValue)];
  return [{ forms, line: 1 }];
}

interface Ctx {
  file: string;
  /** What a step's random instances are seeded from with its line: the question, never the path as typed. */
  question: string;
  seed: number;
  trials: number;
  table: SymbolTable;
  tableKey: string;
  parsed: Map<string, Expr | string>;
}

function parsed(ctx: Ctx, latex: string): Expr | string {
  const hit = ctx.parsed.get(latex);
  if (hit !== undefined) return hit;
  const r = parse(latex, { symbols: ctx.table });
  const v = r.ok ? r.value : `'${latex}' does not parse: ${r.error.message} (column ${r.error.pos.column})`;
  ctx.parsed.set(latex, v);
  return v;
}

/**
 * Judgements by everything they depend on. Checking is deterministic, so a step seen before (the
 * sheet re-checking a proof, a test checking a proof and then a copy with one step changed) is
 * not judged again.
 */
const judged = new Map<string, Judgement>();
const JUDGED_MAX = 4096;

function judgeCached(ctx: Ctx, l: Expr, r: Expr, left: string, right: string, label: string): Judgement {
  const key = JSON.stringify([ctx.tableKey, ctx.seed, ctx.trials, label, left, right]);
  const hit = judged.get(key);
  if (hit) return hit;
  const j = judgeEqual(l, r, { table: ctx.table, seed: ctx.seed, trials: ctx.trials, label });
  if (judged.size >= JUDGED_MAX) judged.delete(judged.keys().next().value as string);
  judged.set(key, j);
  return j;
}

function judgeStep(ctx: Ctx, base: Omit<StepResult, "ok" | "method" | "message">): StepResult {
  const l = parsed(ctx, base.left);
  const r = parsed(ctx, base.right);
  if (typeof l === "string" || typeof r === "string") {
    return { ...base, ok: false, method: "parser", message: typeof l === "string" ? l : (r as string) };
  }
  const j = judgeCached(ctx, l, r, base.left, base.right, `${ctx.question}:${base.line}:${base.kind}`);
  const step: StepResult = { ...base, ok: j.ok, method: j.method, message: j.message, maxError: j.maxError };
  if (j.counterexample) step.counterexample = j.counterexample;
  return step;
}

function checkChain(ctx: Ctx, chain: Chain, index: number): StepResult[] {
  const out: StepResult[] = [];
  for (let k = 1; k < chain.operands.length; k++) {
    out.push(
      judgeStep(ctx, {
        kind: "step",
        file: ctx.file,
        line: chain.operands[k].line,
        chain: index,
        block: chain.blockOf[k],
        left: chain.operands[k - 1].latex,
        right: chain.operands[k].latex,
        reason: chain.reasons[k],
      }),
    );
  }
  return out;
}

/** Checks a proof's Markdown; never throws on bad input (the errors are in the result). */
export function checkProof(markdown: string, opts: CheckOptions = {}): ProofResult {
  const file = opts.file ?? "proof";
  const fail = (line: number, message: string, question?: string): ProofResult => {
    const r: ProofResult = { ok: false, file, steps: [], errors: [{ line, message }] };
    if (question) r.question = question;
    return r;
  };
  const read = readProof(markdown);
  if (!read.ok) return fail(read.error.line, read.error.message);
  const doc = read.value;
  const id = doc.front.question as string;
  const q = (opts.lookup ?? getQuestion)(id);
  if (!q) return fail(2, `unknown question '${id}'`, id);
  const table = proofTable(q, doc.front.symbols, doc.front.assumptions);
  const ctx: Ctx = { file, question: id, seed: opts.seed ?? 1, trials: opts.trials ?? 16, table, tableKey: JSON.stringify(table), parsed: new Map() };
  const steps = doc.chains.flatMap((c, k) => checkChain(ctx, c, k));
  const errors: ProofResult["errors"] = [];
  const goal = targets(doc, q);
  if (typeof goal === "string") errors.push({ line: 2, message: goal });
  else if (goal.length > doc.chains.length) {
    errors.push({ line: goal[0].line, message: `the front matter states ${goal.length} answers but the proof has ${doc.chains.length} chain(s)` });
  } else {
    goal.forEach((g, k) => {
      const c = doc.chains.length - goal.length + k;
      const chain = doc.chains[c];
      const last = chain.operands[chain.operands.length - 1];
      const base = { kind: "answer" as const, file, line: last.line, chain: c, block: chain.blockOf[chain.blockOf.length - 1], left: last.latex, reason: "the question's reference answer" };
      let best: StepResult | null = null;
      for (const form of g.forms) {
        const s = judgeStep(ctx, { ...base, right: form });
        if (s.ok) {
          best = s;
          break;
        }
        best ??= s;
      }
      if (best && !best.ok) best.message = `the proof ends in ${last.latex}, which is not the reference answer ${g.forms[0]}: ${best.message}`;
      if (best) steps.push(best);
    });
  }
  if (steps.length === 0 && errors.length === 0) errors.push({ line: doc.front.bodyLine, message: "the proof has no equality to check" });
  return { ok: errors.length === 0 && steps.every((s) => s.ok), file, question: id, steps, errors };
}
