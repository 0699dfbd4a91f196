import type { Command } from "./command.js";

/** A subcommand by name, its module loaded only when it runs: `grade` never pays for KaTeX or the CAS. */
export interface CommandEntry {
  name: string;
  load(): Promise<Command>;
}

/** Every subcommand; each lives in its own file beside this one. Keep the list sorted by name. */
export const commands: CommandEntry[] = [
  { name: "check", load: async () => (await import("./check.js")).checkCommand },
  { name: "conv", load: async () => (await import("./conv.js")).convCommand },
  { name: "derive", load: async () => (await import("./derive.js")).deriveCommand },
  { name: "equiv", load: async () => (await import("./equiv.js")).equivCommand },
  { name: "grade", load: async () => (await import("./grade.js")).gradeCommand },
  { name: "gradescope", load: async () => (await import("./gradescope.js")).gradescopeCommand },
  { name: "questions", load: async () => (await import("./questions.js")).questionsCommand },
  { name: "sheet", load: async () => (await import("./sheet.js")).sheetCommand },
];

/** All commands, loaded (for `--help` and for tests that read every usage text). */
export async function loadCommands(): Promise<Command[]> {
  return Promise.all(commands.map((c) => c.load()));
}
