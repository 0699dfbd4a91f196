/** One subcommand of the `gradsheet` CLI: thin, parses its flags and calls the library. */
export interface Command {
  name: string;
  /** One line for `gradsheet --help`. */
  summary: string;
  /** Usage text for `gradsheet <name> --help`. */
  usage: string;
  /** Returns the exit code: 0 job done, 1 what it checked failed, 2 usage error. */
  run(argv: string[], io: CommandIO): Promise<number>;
}

export interface CommandIO {
  out(text: string): void;
  err(text: string): void;
}

/** A usage error: the CLI prints the message and the command's usage, and exits 2. */
export class UsageError extends Error {}
