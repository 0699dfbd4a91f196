/**
 * A question made ready for grading: its references (and other published forms), known mistakes
 * and the joint-slot combination parsed once, kept per question id. Reference text that does not
 * parse is a bug in the question bank, reported loudly.
 */
import type { Expr } from "../expr/ast.js";
import type { SymbolTable } from "../expr/types.js";
import { parse, inferShapes, mapChildren } from "../expr/index.js";
import type { Question } from "../questions/index.js";
import { mutationsOf, type Mutation } from "./mutations.js";
import { fingerprintEnvs } from "./fingerprint.js";
import type { Env } from "../numeric/index.js";

export interface PreparedMistake {
  code: string;
  message: string;
  /** slot -> parsed wrong answer. */
  answer: Map<string, Expr>;
}

export interface Prepared {
  question: Question;
  /** slot -> the reference and its other forms, reference first. */
  references: Map<string, Expr[]>;
  mistakes: PreparedMistake[];
  /** The joint combination with the slot names still free (substituted per answer). */
  combine: Expr | null;
  /** The combination applied to the reference slots, and to each known mistake covering the joint slots. */
  jointReference: Expr | null;
  jointMistakes: Array<{ code: string; message: string; expr: Expr }>;
  mutations(key: string, ref: Expr): Mutation[];
  envs(): Env[];
}

const cache = new Map<string, Prepared>();

function parseRef(question: Question, text: string, what: string, symbols?: SymbolTable): Expr {
  const r = parse(text, symbols ? { symbols } : {});
  if (!r.ok) throw new Error(`question '${question.id}': ${what} '${text}' does not parse: ${r.error.message}`);
  return r.value;
}

/** Replaces the slot names of a joint combination by the slots' expressions. */
export function substituteSlots(e: Expr, values: Map<string, Expr>): Expr {
  if (e.kind === "sym") return values.get(e.name) ?? e;
  return mapChildren(e, (c) => substituteSlots(c, values));
}

export function prepare(question: Question): Prepared {
  const hit = cache.get(question.id);
  if (hit) return hit;
  const references = new Map<string, Expr[]>();
  for (const slot of question.slots) {
    const texts = [question.reference[slot], ...(question.referenceForms?.[slot] ?? [])];
    if (texts[0] === undefined) throw new Error(`question '${question.id}': no reference for slot '${slot}'`);
    references.set(slot, texts.map((t) => parseRef(question, t, `reference for ${slot}`, question.symbols)));
  }
  const mistakes: PreparedMistake[] = (question.mistakes ?? []).map((m) => ({
    code: m.code,
    message: m.message,
    answer: new Map(Object.entries(m.answer).map(([slot, text]) => [slot, parseRef(question, text, `mistake ${m.code}`, question.symbols)])),
  }));
  const combine = question.joint ? parseRef(question, question.joint.combine, "joint combination") : null;
  const joint = question.joint;
  const jointReference =
    combine && joint ? substituteSlots(combine, new Map(joint.slots.map((slot) => [slot, (references.get(slot) as Expr[])[0]]))) : null;
  const jointMistakes =
    combine && joint
      ? mistakes.filter((m) => joint.slots.every((slot) => m.answer.has(slot))).map((m) => ({ code: m.code, message: m.message, expr: substituteSlots(combine, m.answer) }))
      : [];
  const mutationCache = new Map<string, Mutation[]>();
  let envs: Env[] | null = null;
  const prepared: Prepared = {
    question,
    references,
    mistakes,
    combine,
    jointReference,
    jointMistakes,
    mutations(key, ref) {
      let m = mutationCache.get(key);
      if (!m) {
        m = mutationsOf(ref, question.symbols, { nonScalar: !isScalarQuestionSlot(question, ref) });
        mutationCache.set(key, m);
      }
      return m;
    },
    envs() {
      envs ??= fingerprintEnvs(question.symbols, 0x5eed, 3);
      return envs;
    },
  };
  cache.set(question.id, prepared);
  return prepared;
}

/** A scalar answer (the Kaiming variance) has no transpose mistake but may confuse std and variance. */
function isScalarQuestionSlot(question: Question, ref: Expr): boolean {
  const r = inferShapes(ref, question.symbols);
  return r.ok && r.shape.length === 0;
}
