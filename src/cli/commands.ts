import type { Command } from "./command.js";
import { checkCommand } from "./check.js";
import { convCommand } from "./conv.js";
import { deriveCommand } from "./derive.js";
import { equivCommand } from "./equiv.js";
import { gradeCommand } from "./grade.js";
import { questionsCommand } from "./questions.js";
import { sheetCommand } from "./sheet.js";

/** Every subcommand; each lives in its own file beside this one. Keep the list sorted by name. */
export const commands: Command[] = [
  checkCommand,
  convCommand,
  deriveCommand,
  equivCommand,
  gradeCommand,
  questionsCommand,
  sheetCommand,
];
