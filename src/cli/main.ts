#!/usr/bin/env node
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { commands } from "./commands.js";
import { UsageError, type CommandIO } from "./command.js";

function packageVersion(): string {
  // dist/cli/main.js and src/cli/main.ts both sit two levels below the package root.
  const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
  return pkg.version;
}

export function helpText(): string {
  const width = Math.max(8, ...commands.map((c) => c.name.length));
  const lines = [
    "gradsheet: verified answer sheets, checked derivations and auto-grading for deep-learning theory questions",
    "",
    "usage: gradsheet <command> [options]",
    "       gradsheet --help | --version",
    "",
    "commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Run `gradsheet <command> --help` for a command's options.",
    "Exit codes: 0 job done, 1 what was checked failed, 2 usage error.",
  ];
  return lines.join("\n");
}

export async function main(argv: string[], io: CommandIO): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === "--help" || first === "-h" || first === "help") {
    io.out(helpText());
    return first === undefined ? 2 : 0;
  }
  if (first === "--version" || first === "-v") {
    io.out(packageVersion());
    return 0;
  }
  const command = commands.find((c) => c.name === first);
  if (!command) {
    io.err(`gradsheet: unknown command '${first}'. Commands: ${commands.map((c) => c.name).join(", ") || "(none)"}`);
    return 2;
  }
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

const invokedDirectly = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (invokedDirectly) {
  const io: CommandIO = {
    out: (t) => process.stdout.write(t.endsWith("\n") ? t : t + "\n"),
    err: (t) => process.stderr.write(t.endsWith("\n") ? t : t + "\n"),
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`gradsheet: internal error: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
      process.exitCode = 70;
    },
  );
}
