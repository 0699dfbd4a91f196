/**
 * Grading answers that are numbers, vectors or tables rather than formulas (a receptive field of 21,
 * the three conv1d results, an architecture table): each slot is evaluated to numbers and compared
 * entry by entry with the reference, within the question's relative tolerance.
 */
import { parseAnswer, parse } from "../expr/index.js";
import type { Expr } from "../expr/ast.js";
import { evaluate, sampleEnv, type Env } from "../numeric/index.js";
import { Rng } from "../tensor/rng.js";
import type { Question, GradingMode } from "../questions/index.js";
import type { Grade, SlotVerdict } from "./types.js";
import { pointAt } from "./location.js";

function numbers(e: Expr, env: Env): { ok: true; shape: number[]; data: number[] } | { ok: false; message: string } {
  const r = evaluate(e, env);
  if (!r.ok) return { ok: false, message: r.message };
  return { ok: true, shape: r.value.shape.filter((d) => d !== 1), data: Array.from(r.value.data) };
}

function show(data: number[]): string {
  const fmt = (x: number): string => (Number.isInteger(x) ? String(x) : x.toPrecision(6));
  return data.length === 1 ? fmt(data[0]) : `[${data.map(fmt).join(", ")}]`;
}

export function gradeValues(q: Question, answer: string, mode: Exclude<GradingMode, "formula" | "manual">, seed: number): Grade {
  const feedback: string[] = [];
  const codes: string[] = [];
  const slots: Record<string, SlotVerdict> = {};
  const say = (code: string, message: string): void => {
    feedback.push(message);
    codes.push(code);
  };
  const done = (verdict: Grade["verdict"], score: number): Grade => ({
    question: q.id,
    verdict,
    score,
    feedback,
    codes,
    slots,
    evidence: { trials: 1, maxRelError: null, seed },
  });
  for (const s of q.slots) slots[s] = "invalid";
  const parsed = parseAnswer(answer, { symbols: q.symbols });
  if (!parsed.ok) {
    say(parsed.error.code, `${parsed.error.message} ${pointAt(answer, parsed.error.pos)}`);
    return done("invalid", 0);
  }
  const env = sampleEnv(q.symbols, new Rng(seed));
  const tolerance = q.tolerance ?? 1e-6;
  const byName = new Map<string, Expr>();
  parsed.value.forEach((s, k) => {
    // A one-slot question does not grade the slot's name (`r_0 = 21` answers receptive-field).
    const name = q.slots.length === 1 && parsed.value.length === 1 ? q.slots[0] : s.name ?? q.slots[k];
    if (name === undefined) return;
    if (byName.has(name)) say("duplicate-slot", `${name} is given twice; only the first is graded.`);
    else byName.set(name, s.expr);
  });
  let right = 0;
  for (const slot of q.slots) {
    const label = q.slots.length > 1 ? `${slot}: ` : "";
    const mine = byName.get(slot);
    if (!mine) {
      slots[slot] = "missing";
      say("missing-slot", `The answer has no ${slot}.`);
      continue;
    }
    const refParsed = parse(q.reference[slot], { symbols: q.symbols });
    if (!refParsed.ok) throw new Error(`question '${q.id}': reference for ${slot} does not parse`);
    const want = numbers(refParsed.value, env);
    const got = numbers(mine, env);
    if (!want.ok) throw new Error(`question '${q.id}': reference for ${slot} does not evaluate: ${want.message}`);
    if (!got.ok) {
      slots[slot] = "invalid";
      say("unsupported", label + got.message);
      continue;
    }
    const sameShape = got.shape.join("x") === want.shape.join("x");
    const close = sameShape && got.data.every((x, k) => Math.abs(x - want.data[k]) <= tolerance * Math.max(1, Math.abs(want.data[k])));
    if (close) {
      slots[slot] = "correct";
      right++;
      continue;
    }
    slots[slot] = "incorrect";
    const kind = mode === "number" ? "value" : "entries";
    say(sameShape ? "wrong-value" : "shape-mismatch", `${label}${show(got.data)} is not right: check the ${kind}${sameShape ? "" : ` (expected ${want.data.length} numbers, got ${got.data.length})`}.`);
  }
  const score = q.slots.length === 0 ? 0 : right / q.slots.length;
  if (right === q.slots.length && right > 0) {
    say("correct", "Correct.");
    return done("correct", 1);
  }
  const all = q.slots.map((s) => slots[s]);
  return done(all.every((v) => v === "invalid" || v === "missing") && all.some((v) => v === "invalid") ? "invalid" : "incorrect", score);
}
