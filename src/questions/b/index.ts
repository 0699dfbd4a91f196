/** Section B of QUESTIONS.md: derivations and facts from the same assignments, in catalogue order. */
import type { Question } from "../types.js";
import { scaledSigmoidGrad, reluHeaviside, sigmoidToHeaviside, heavisideDistributional } from "./heaviside.js";
import { softmaxTranslation, softmaxTemperature, softmaxTwoClass, softmaxKMinusOne } from "./softmax.js";
import { sigmoidTanhNetwork, interpolationNetwork } from "./networks.js";
import { mlpParamCount, glorotUniform } from "./mlp-init.js";
import { finiteDifferenceError } from "./finite-difference.js";
import { normLimits } from "./norms.js";
import { hessianMinimum, saddleProbability, gdNearSaddle } from "./optimization.js";

export const sectionB: Question[] = [
  scaledSigmoidGrad,
  reluHeaviside,
  sigmoidToHeaviside,
  heavisideDistributional,
  softmaxTranslation,
  softmaxTemperature,
  softmaxTwoClass,
  softmaxKMinusOne,
  sigmoidTanhNetwork,
  interpolationNetwork,
  mlpParamCount,
  glorotUniform,
  finiteDifferenceError,
  normLimits,
  hessianMinimum,
  saddleProbability,
  gdNearSaddle,
];
