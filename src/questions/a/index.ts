/** Section A of QUESTIONS.md (the core), except the convolution questions (src/questions/conv/). */
import type { Question } from "../types.js";

export const sectionA: Question[] = [];
