import type { Command } from "./command.js";
import { convCommand } from "./conv.js";

/** Every subcommand; each lives in its own file beside this one. Keep the list sorted by name. */
export const commands: Command[] = [
  convCommand,
];
