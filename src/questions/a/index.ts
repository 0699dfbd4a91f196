/** Section A of QUESTIONS.md (the core), except the convolution questions (src/questions/conv/). */
import type { Question, Verification } from "../types.js";
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
];

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
