/** Section D of QUESTIONS.md (the fourth assignment), in catalogue order; D.2's conv facts live in ../conv/. */
import type { Question } from "../types.js";
import { convFactQuestions } from "../conv/index.js";
import { threeLayerBackprop, backpropMemory } from "./three-layer.js";
import { reluOneSided } from "./relu-one-sided.js";
import { swishLimitZero, swishLimitInfinity } from "./activations.js";
import { crossEntropyMleKl, mixtureLogisticNetwork } from "./probability.js";
import { gdOneStep } from "./gd-one-step.js";
import { mlpBackprop } from "./mlp-backprop.js";

export const sectionD: Question[] = [
  threeLayerBackprop,
  backpropMemory,
  reluOneSided,
  swishLimitZero,
  swishLimitInfinity,
  ...convFactQuestions,
  crossEntropyMleKl,
  gdOneStep,
  mixtureLogisticNetwork,
  mlpBackprop,
];
