import type { Command } from "./command.js";
import { convCommand } from "./conv.js";
import { gradeCommand } from "./grade.js";
import { questionsCommand } from "./questions.js";

/** Every subcommand; each lives in its own file beside this one. Keep the list sorted by name. */
export const commands: Command[] = [
  convCommand,
  gradeCommand,
  questionsCommand,
];
