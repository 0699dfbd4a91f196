/**
 * The bespoke oracles a question file may name with `oracle: NAME`: checks that no generic oracle
 * can do (a Monte Carlo, an identity between augmented matrices, a gradient with respect to a
 * scalar checked entry by entry). Each takes the published reference, a seed and the question's own
 * symbol table (from its file), so a corrupted reference can be shown to fail.
 */
import type { SymbolTable } from "../expr/types.js";
import type { Reference } from "./b/oracle.js";
import type { Verification } from "./types.js";
import { checkBiasAugmentation } from "./a/bias-augmentation.js";
import { checkPreluTheta } from "./a/prelu.js";
import { checkKaiming } from "./a/kaiming.js";

export type BespokeOracle = (reference: Reference, seed: number, symbols: SymbolTable) => Verification;

export const bespokeOracles: Readonly<Record<string, BespokeOracle>> = {
  "bias-by-augmentation": checkBiasAugmentation,
  "prelu-theta-grad": checkPreluTheta,
  "leaky-relu-kaiming": checkKaiming,
};
