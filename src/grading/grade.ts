/**
 * `grade(questionId, answer, { seed })`: one student answer to one question, judged slot by slot
 * (joint slots together), with partial credit, feedback codes and evidence. Never throws: any
 * failure, including a blown time budget or a bug, becomes an `invalid` grade saying what happened.
 */
import type { Expr, Slot } from "../expr/ast.js";
import { parseAnswer, children } from "../expr/index.js";
import { getQuestion, questionIds, type Question } from "../questions/index.js";
import type { Grade, GradeOptions, SlotVerdict, Verdict } from "./types.js";
import { guardAnswer } from "./guard.js";
import { pointAt } from "./location.js";
import { prepare, substituteSlots, type Prepared } from "./prepare.js";
import { judge, BudgetExceeded, type Candidate, type Judgement, type JudgeContext, type Note } from "./judge.js";
import { gradeValues } from "./values.js";
import { alignIndices, freeIndexLetters } from "./indices.js";
import { notClosedForm } from "./closed-form.js";

export const DEFAULT_SEED = 1;
export const DEFAULT_BUDGET_MS = 2000;

interface Acc {
  feedback: string[];
  codes: string[];
  slots: Record<string, SlotVerdict>;
  trials: number;
  maxRelError: number | null;
}

function note(acc: Acc, n: Note, prefix = ""): void {
  acc.feedback.push(prefix + n.message);
  acc.codes.push(n.code);
}

function finish(question: string, verdict: Verdict, score: number, acc: Acc, seed: number): Grade {
  return {
    question,
    verdict,
    score: Math.round(score * 1e6) / 1e6,
    feedback: acc.feedback,
    codes: acc.codes,
    slots: acc.slots,
    evidence: { trials: acc.trials, maxRelError: acc.maxRelError, seed },
  };
}

function emptyAcc(question: Question | undefined): Acc {
  const slots: Record<string, SlotVerdict> = {};
  for (const s of question?.slots ?? []) slots[s] = "invalid";
  return { feedback: [], codes: [], slots, trials: 0, maxRelError: null };
}

/** An `invalid` grade for a reason that concerns the whole answer. */
export function invalidGrade(questionId: string, code: string, message: string, seed = DEFAULT_SEED): Grade {
  const acc = emptyAcc(getQuestion(questionId));
  note(acc, { code, message });
  return finish(questionId, "invalid", 0, acc, seed);
}

function slotLabel(q: Question, slot: string): string {
  return q.slots.length > 1 ? `${slot}: ` : "";
}

/** The answer after the last `=` of a bare `\frac{\partial L}{\partial v_i} = o_i - y_i`. */
function rightHandSide(e: Expr): Expr {
  if (e.kind === "rel" && e.ops.every((o) => o === "=")) return e.operands[e.operands.length - 1];
  return e;
}

/** Matches the answer's slots to the question's, noting unknown, duplicate and unnamed slots. */
/**
 * A left side that names the entry (`D_{kl} = ...`, `\frac{\partial L}{\partial v_j} = ...`)
 * whose right side uses other free letters (`G_{ij} ...`, `o_i - y_i`) mixes up its indices: the
 * slot is wrong, whatever the right side alone would be.
 */
const mixedUp = new WeakMap<Expr, Note>();

function hasIndexForm(p: Prepared, slot: string): boolean {
  return (p.references.get(slot) ?? []).some((r) => freeIndexLetters(r).size > 0);
}

/** The slot's expression ready to judge: declared index letters checked, then mapped onto the reference's. */
function slotExpr(p: Prepared, slot: string, expr: Expr, declared: string[] | undefined): Expr {
  // Subscripts on the left of a scalar answer (`\sigma_w^2 = ...`) name no entry: nothing to check.
  if (!declared || declared.length === 0 || !hasIndexForm(p, slot)) return expr;
  checkDeclared(expr, declared);
  return mixedUp.has(expr) ? expr : alignIndices(p, slot, expr, declared);
}

function checkDeclared(expr: Expr, declared: string[]): Expr {
  const used = [...freeIndexLetters(expr)].sort();
  const want = [...new Set(declared)].sort();
  if (used.join() !== want.join()) {
    mixedUp.set(expr, {
      code: "free-indices",
      message: `The left side names the indices ${want.join(", ")}, but the right side's free indices are ${used.join(", ") || "none"}.`,
    });
  }
  return expr;
}

function assignSlots(q: Question, slots: Slot[], acc: Acc): Map<string, Expr> {
  const given = new Map<string, Expr>();
  const p = prepare(q);
  if (q.slots.length === 1 && slots.length === 1) {
    given.set(q.slots[0], slotExpr(p, q.slots[0], rightHandSide(slots[0].expr), slots[0].indices ?? lhsIndices(slots[0].expr)));
    return given;
  }
  const known = new Map(q.slots.map((s) => [s.toLowerCase(), s]));
  for (const s of slots) {
    if (s.name === null) {
      if (q.slots.length === 1) {
        if (!given.has(q.slots[0])) given.set(q.slots[0], slotExpr(p, q.slots[0], rightHandSide(s.expr), s.indices ?? lhsIndices(s.expr)));
        continue;
      }
      note(acc, { code: "missing-slot", message: `Name each part of the answer: write it as ${q.slots.map((n) => `${n} = ...`).join(", ")}.` });
      continue;
    }
    const slot = q.slots.includes(s.name) ? s.name : known.get(s.name.toLowerCase());
    if (slot === undefined) {
      note(acc, { code: "unknown-slot", message: `The question has no part ${s.name}; its parts are ${q.slots.join(", ")}.` });
      continue;
    }
    if (given.has(slot)) {
      note(acc, { code: "duplicate-slot", message: `${slot} is given twice; only the first is graded.` });
      continue;
    }
    given.set(slot, slotExpr(p, slot, s.expr, s.indices));
  }
  return given;
}

function candidatesFor(p: Prepared, slot: string, refs: Expr[]): () => Candidate[] {
  return () => {
    const out: Candidate[] = [];
    for (const m of p.mistakes) {
      const e = m.answer.get(slot);
      if (e && m.answer.size === 1) out.push({ code: m.code, message: m.message, expr: e });
    }
    refs.forEach((ref, k) => out.push(...p.mutations(`${slot}#${k}`, ref)));
    return out;
  };
}

function record(acc: Acc, j: Judgement): void {
  acc.trials += j.trials;
  if (j.maxRelError !== null) acc.maxRelError = Math.max(acc.maxRelError ?? 0, j.maxRelError);
}

/** Slots only determined together: judge the combination; on failure fall back to each slot alone. */
function isScalar(e: Expr): boolean {
  return e.kind === "num" || (e.kind === "neg" && e.arg.kind === "num");
}

function gradeJoint(ctx: JudgeContext, p: Prepared, given: Map<string, Expr>, acc: Acc): Set<string> {
  const joint = p.question.joint;
  if (!joint || !p.combine || !p.jointReference || !joint.slots.every((s) => given.has(s))) return new Set();
  if (joint.slots.some((s) => notClosedForm(p, s, given.get(s) as Expr) || mixedUp.has(given.get(s) as Expr))) return new Set();
  const indexed = joint.slots.map((s) => [...freeIndexLetters(given.get(s) as Expr)].sort());
  const letters = indexed.find((l) => l.length === 2);
  let mine = substituteSlots(p.combine, given);
  let ref = p.jointReference;
  let key = "joint";
  if (letters && indexed.some((l) => l.length === 0)) {
    key = `joint@${letters.join(",")}`;
    // One slot in index notation, another as a matrix: compare entry (i, j) of the combination,
    // reading every matrix-form slot, and the reference, at those indices.
    const at = (e: Expr): Expr => ({ kind: "index", base: e, indices: letters.map((name): Expr => ({ kind: "sym", name })) });
    const entry = (values: Map<string, Expr>): Map<string, Expr> =>
      new Map([...values].map(([slot, e]) => [slot, freeIndexLetters(e).size === 0 && !isScalar(e) ? at(e) : e]));
    mine = substituteSlots(p.combine, entry(new Map(joint.slots.map((s) => [s, given.get(s) as Expr]))));
    ref = substituteSlots(p.combine, entry(new Map(joint.slots.map((s) => [s, (p.references.get(s) as Expr[])[0]]))));
  }
  const refs = [ref];
  const candidates = (): Candidate[] => [...p.jointMistakes, ...p.mutations(key, ref)];
  const j = judge(ctx, mine, refs, candidates);
  record(acc, j);
  if (j.verdict === "correct") {
    for (const s of joint.slots) acc.slots[s] = "correct";
    if (joint.note) note(acc, { code: "joint-correct", message: joint.note });
    return new Set(joint.slots);
  }
  if (j.verdict === "invalid") {
    // An unreadable slot is reported by the per-slot pass below.
    return new Set();
  }
  const specific = j.notes.filter((n) => n.code !== "not-equivalent" && n.code !== "shape-mismatch" && n.code !== "free-indices");
  const own = new Set(p.jointMistakes.map((m) => m.code));
  // A generic mutation message speaks of "your answer": say that it is the combination.
  for (const n of specific) note(acc, n, own.has(n.code) ? "" : `${joint.combine.replace(/\\circ/g, "∘").replace(/\\tilde\{?(\w)\}?/g, "$1̃").replace(/\^\\top/g, "ᵀ")}: `);
  return new Set();
}

function gradeSlots(ctx: JudgeContext, p: Prepared, given: Map<string, Expr>, acc: Acc): void {
  const q = p.question;
  const done = gradeJoint(ctx, p, given, acc);
  for (const slot of q.slots) {
    if (done.has(slot)) continue;
    const expr = given.get(slot);
    if (!expr) {
      acc.slots[slot] = "missing";
      note(acc, { code: "missing-slot", message: `The answer has no ${slot}: write it as ${q.slots.map((n) => `${n} = ...`).join(", ")}.` });
      continue;
    }
    const open = notClosedForm(p, slot, expr) ?? mixedUp.get(expr) ?? null;
    if (open) {
      acc.slots[slot] = "incorrect";
      note(acc, open, slotLabel(q, slot));
      continue;
    }
    const refs = p.references.get(slot) as Expr[];
    const j = judge(ctx, expr, refs, candidatesFor(p, slot, refs));
    record(acc, j);
    acc.slots[slot] = j.verdict;
    if (j.verdict === "correct" && q.slots.length > 1) note(acc, { code: "correct", message: `${slot} is right.` });
    for (const n of j.notes) if (!acc.codes.includes(n.code)) note(acc, n, slotLabel(q, slot));
  }
}

function overall(q: Question, acc: Acc): { verdict: Verdict; score: number } {
  const verdicts = q.slots.map((s) => acc.slots[s]);
  const right = verdicts.filter((v) => v === "correct").length;
  const score = q.slots.length === 0 ? 0 : right / q.slots.length;
  if (right === q.slots.length && q.slots.length > 0) return { verdict: "correct", score: 1 };
  if (verdicts.every((v) => v === "invalid" || v === "missing") && verdicts.some((v) => v === "invalid")) return { verdict: "invalid", score: 0 };
  return { verdict: "incorrect", score };
}

/**
 * Offset just after the last `=` outside brackets (not part of `<=`, `>=`, `!=`, `==`), or -1: a
 * one-slot answer written as an equation whose left side uses names the question does not declare
 * (`\sigma^2 = ...`, `\frac{\partial L}{\partial v_i} = ...`) is graded by its right side.
 */
export function afterLastEquals(text: string): number {
  let depth = 0;
  let found = -1;
  for (let k = 0; k < text.length; k++) {
    const c = text[k];
    if (c === "{" || c === "(" || c === "[") depth++;
    else if (c === "}" || c === ")" || c === "]") depth = Math.max(0, depth - 1);
    else if (c === "=" && depth === 0 && !"<>!=".includes(text[k - 1] ?? "") && text[k + 1] !== "=") found = k + 1;
  }
  return found;
}

/** A trailing quantifier (`, \forall i`, `\quad \text{for all } i`) says nothing the answer's indices do not. */
const TRAILING_QUANTIFIER = /\s*[,;]?\s*(?:\\[,;:!]|\\q?quad)?\s*(?:\\forall|\\text\{\s*for (?:all|every)\s*\})\s*[a-z](?:\s*,\s*[a-z])*\s*(?:\\in\s*[^=]*)?$/;

function parseSlots(q: Question, text: string): ReturnType<typeof parseAnswer> {
  const answer = text.replace(TRAILING_QUANTIFIER, "");
  const parsed = parseAnswer(answer, { symbols: q.symbols });
  if (parsed.ok || q.slots.length !== 1) return parsed;
  const cut = afterLastEquals(answer);
  if (cut <= 0 || answer.slice(cut).trim().length === 0) return parsed;
  const rhs = parseAnswer(answer.slice(cut), { symbols: q.symbols });
  if (!rhs.ok) return parsed;
  // The left side names the entry (`\frac{\partial L}{\partial v_j}`): keep its index letters.
  const declared = new Set(q.symbols.symbols.filter((d) => d.kind !== "index").map((d) => d.name));
  // `\nabla_v L`: v is the question's vector, not an index letter.
  const letters = subscriptLetters(answer.slice(0, cut - 1)).filter((l) => !declared.has(l));
  if (letters.length > 0 && rhs.value.length === 1 && !rhs.value[0].indices) rhs.value[0] = { ...rhs.value[0], indices: letters };
  return rhs;
}

/** Single-letter subscripts in text (`v_j`, `S_{k}`, `x_{l}`), in order, each once. */
function subscriptLetters(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/_\{?\s*([a-z])\s*\}?/g)) if (!out.includes(m[1])) out.push(m[1]);
  return out;
}

/** Index letters of the left side of `lhs = rhs`, in order of appearance (`S_k`, `x_l` → k, l). */
function lhsIndices(e: Expr): string[] | undefined {
  if (e.kind !== "rel" || !e.ops.every((o) => o === "=") || e.operands.length < 2) return undefined;
  const out: string[] = [];
  const visit = (x: Expr): void => {
    if (x.kind === "index") for (const i of x.indices) if (i.kind === "sym" && !out.includes(i.name)) out.push(i.name);
    for (const c of children(x)) visit(c);
  };
  visit(e.operands[0]);
  return out.length > 0 ? out : undefined;
}

function gradeFormula(q: Question, answer: string, seed: number, budgetMs: number): Grade {
  const acc = emptyAcc(q);
  const parsed = parseSlots(q, answer);
  if (!parsed.ok) {
    const e = parsed.error;
    note(acc, { code: e.code, message: `${e.message} ${pointAt(answer, e.pos)}` });
    return finish(q.id, "invalid", 0, acc, seed);
  }
  const given = assignSlots(q, parsed.value, acc);
  const p = prepare(q);
  const ctx: JudgeContext = { prepared: p, seed, deadline: Date.now() + budgetMs, source: answer };
  gradeSlots(ctx, p, given, acc);
  const { verdict, score } = overall(q, acc);
  if (verdict === "correct" && !acc.codes.includes("correct") && !acc.codes.includes("joint-correct")) {
    note(acc, { code: "correct", message: "Correct." });
  }
  return finish(q.id, verdict, score, acc, seed);
}

/** Grades one answer to one question. Deterministic for a given answer and seed. */
export function grade(questionId: string, answer: string, opts: GradeOptions = {}): Grade {
  const seed = Number.isSafeInteger(opts.seed) ? (opts.seed as number) : DEFAULT_SEED;
  const budgetMs = opts.budgetMs ?? DEFAULT_BUDGET_MS;
  const q = typeof questionId === "string" ? getQuestion(questionId) : undefined;
  if (!q) {
    return invalidGrade(String(questionId), "unknown-question", `There is no question '${String(questionId)}'. Questions: ${questionIds().join(", ")}.`, seed);
  }
  const bad = guardAnswer(answer);
  if (bad) return invalidGrade(q.id, bad.code, bad.pos ? `${bad.message.replace(/\.$/, "")} ${pointAt(answer, bad.pos)}` : bad.message, seed);
  try {
    const mode = q.grading ?? (q.kind === "formula" ? "formula" : q.kind === "numeric" ? "number" : "manual");
    if (mode === "manual") return invalidGrade(q.id, "manual-only", `'${q.id}' is answered in prose and is not graded automatically.`, seed);
    if (mode === "formula") return gradeFormula(q, answer, seed, budgetMs);
    return gradeValues(q, answer, mode, seed);
  } catch (e) {
    if (e instanceof BudgetExceeded) {
      return invalidGrade(q.id, "time-budget", `Grading this answer took longer than its time budget (${budgetMs} ms) and was abandoned.`, seed);
    }
    const why = e instanceof RangeError ? "the answer is too deeply nested to evaluate" : e instanceof Error ? e.message : String(e);
    return invalidGrade(q.id, "internal-error", `The grader could not judge this answer: ${why}.`, seed);
  }
}
