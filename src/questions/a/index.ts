/** Section A of QUESTIONS.md (the core), except the convolution questions (src/questions/conv/). */
import type { Derivation, Question, Verification } from "../types.js";
import { toLatex } from "../../expr/index.js";
import { BANK_REFERENCE_IDS, deriveBankReference } from "../../symbolic/index.js";
import {
  softmaxJacobian,
  softmaxJacobianMatrix,
  softmaxCeGrad,
  softmaxVjp,
  sigmoidJacobian,
  checkSoftmaxJacobian,
  checkSoftmaxJacobianMatrix,
  checkSoftmaxCeGrad,
  checkSoftmaxVjp,
  checkSigmoidJacobian,
} from "./softmax.js";
import { blockGradientsAB, blockGradientsC, biasByAugmentation, checkBlockAB, checkBlockC, checkBiasAugmentation } from "./block.js";
import { preluThetaGrad, preluInputGrad, checkPreluTheta, checkPreluInput } from "./prelu.js";
import { leakyReluKaiming, checkKaiming } from "./kaiming.js";

/** The question with the symbolic engine's derivation of its reference attached, where there is one. */
function derived(q: Question): Question {
  if (!BANK_REFERENCE_IDS.includes(q.id)) return q;
  return {
    ...q,
    derivation: (): Derivation | null => {
      const d = deriveBankReference(q.id);
      if (!d.ok) return null;
      const slots: Record<string, string> = {};
      if (q.slots.length === 1) slots[q.slots[0]] = toLatex(d.expr);
      else for (const slot of q.slots) if (d.slots?.[slot]) slots[slot] = toLatex(d.slots[slot]);
      return { slots, steps: d.steps };
    },
  };
}

export const sectionA: Question[] = [
  softmaxJacobian,
  softmaxJacobianMatrix,
  softmaxCeGrad,
  softmaxVjp,
  sigmoidJacobian,
  blockGradientsAB,
  blockGradientsC,
  biasByAugmentation,
  preluThetaGrad,
  preluInputGrad,
  leakyReluKaiming,
].map(derived);

/**
 * Each question's oracle with the reference as a parameter: `verify(seed)` is the oracle applied to
 * the published reference; tests apply it to wrong references to show the oracle can fail.
 */
export const sectionAOracles: Record<string, (reference: Record<string, string>, seed: number) => Verification> = {
  "softmax-jacobian": checkSoftmaxJacobian,
  "softmax-jacobian-matrix": checkSoftmaxJacobianMatrix,
  "softmax-ce-grad": checkSoftmaxCeGrad,
  "softmax-vjp": checkSoftmaxVjp,
  "sigmoid-jacobian": checkSigmoidJacobian,
  "block-gradients-ab": checkBlockAB,
  "block-gradients-c": checkBlockC,
  "bias-by-augmentation": checkBiasAugmentation,
  "prelu-theta-grad": checkPreluTheta,
  "prelu-input-grad": checkPreluInput,
  "leaky-relu-kaiming": checkKaiming,
};
