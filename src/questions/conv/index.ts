/** The convolution questions of section A and the D.2 convolution facts. */
import type { Question } from "../types.js";
import { convOutputSizeQuestion } from "./output-size.js";
import { convArchitectureTable, convQ7, convFacts } from "./architecture.js";
import { convConfigSolve } from "./config-solve.js";
import { receptiveFieldQuestion } from "./receptive-field.js";
import { conv1dModes } from "./conv1d.js";

/** Section A's convolution questions, in QUESTIONS.md order. */
export const convQuestions: Question[] = [convOutputSizeQuestion, convArchitectureTable, convConfigSolve, receptiveFieldQuestion, conv1dModes];

/** The D.2 facts beyond section A: IFT6135 Q7 and the true/false statements. */
export const convFactQuestions: Question[] = [convQ7, convFacts];
