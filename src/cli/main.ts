import { packageInfo } from "./package-root.js";
import { commands, loadCommands } from "./commands.js";
import { UsageError, type CommandIO } from "./command.js";

function packageVersion(): string {
  return packageInfo()?.version ?? "unknown";
}

export async function helpText(): Promise<string> {
  const loaded = await loadCommands();
  const width = Math.max(8, ...commands.map((c) => c.name.length));
  const lines = [
    "gradsheet: verified answer sheets, checked derivations and auto-grading for deep-learning theory questions",
    "",
    "usage: gradsheet <command> [options]",
    "       gradsheet --help | --version",
    "",
    "commands:",
    ...loaded.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Run `gradsheet <command> --help` for a command's options.",
    "Exit codes: 0 job done, 1 what was checked failed, 2 usage error.",
  ];
  return lines.join("\n");
}

export async function main(argv: string[], io: CommandIO): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === "--help" || first === "-h" || first === "help") {
    io.out(await helpText());
    return first === undefined ? 2 : 0;
  }
  if (first === "--version" || first === "-v") {
    io.out(packageVersion());
    return 0;
  }
  const entry = commands.find((c) => c.name === first);
  if (!entry) {
    io.err(`gradsheet: unknown command '${first}'. Commands: ${commands.map((c) => c.name).join(", ") || "(none)"}`);
    return 2;
  }
  const command = await entry.load();
  if (rest.includes("--help") || rest.includes("-h")) {
    io.out(command.usage);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`gradsheet ${command.name}: ${e.message}`);
      io.err(command.usage);
      return 2;
    }
    throw e;
  }
}

/** Entry point of the installed command (bin/gradsheet.js). */
export function runFromProcess(): void {
  const io: CommandIO = {
    out: (t) => process.stdout.write(t.endsWith("\n") ? t : t + "\n"),
    err: (t) => process.stderr.write(t.endsWith("\n") ? t : t + "\n"),
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`gradsheet: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 70;
    },
  );
}
