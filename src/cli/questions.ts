import { UsageError, type Command } from "./command.js";
import { questions, type Question } from "../questions/index.js";
import type { SymbolDecl } from "../expr/types.js";

const USAGE = `usage: gradsheet questions [--json]

Lists every question of the bank: id, title, slots, and the symbols a student may use with their
shapes and aliases. --json prints an array of objects.`;

function symbolJson(d: SymbolDecl): Record<string, unknown> {
  return {
    name: d.name,
    kind: d.kind,
    ...(d.shape ? { shape: d.shape } : {}),
    ...(d.aliases && d.aliases.length > 0 ? { aliases: d.aliases } : {}),
    ...(d.domain ? { domain: d.domain } : {}),
    ...(d.definition ? { definition: d.definition } : {}),
    ...(d.family ? { family: d.family } : {}),
    ...(d.description ? { description: d.description } : {}),
  };
}

export function questionJson(q: Question): Record<string, unknown> {
  return {
    id: q.id,
    title: q.title,
    section: q.section,
    kind: q.kind,
    source: q.source,
    slots: q.slots,
    symbols: q.symbols.symbols.map(symbolJson),
    reference: q.reference,
    ...(q.mistakes && q.mistakes.length > 0 ? { mistakeCodes: q.mistakes.map((m) => m.code) } : {}),
  };
}

function shapeText(d: SymbolDecl): string {
  if (!d.shape) return d.kind;
  return d.shape.length === 0 ? "scalar" : `${d.shape[0]}×${d.shape[1]}`;
}

function human(q: Question): string {
  const syms = q.symbols.symbols
    .filter((d) => d.kind !== "index")
    .map((d) => `${d.name} (${shapeText(d)}${d.aliases && d.aliases.length > 0 ? `; also ${d.aliases.join(", ")}` : ""})`);
  return [`${q.id}  [${q.section}] ${q.title}`, `    slots: ${q.slots.join(", ") || "(none)"}`, `    symbols: ${syms.join("; ") || "(none)"}`].join("\n");
}

export const questionsCommand: Command = {
  name: "questions",
  summary: "list the question bank: ids, titles, slots, symbols with shapes and aliases",
  usage: USAGE,
  async run(argv, io) {
    const json = argv.includes("--json");
    const unknown = argv.filter((a) => a !== "--json");
    if (unknown.length > 0) throw new UsageError(`unknown argument '${unknown[0]}'`);
    const all = questions();
    io.out(json ? JSON.stringify(all.map(questionJson), null, 2) : all.map(human).join("\n"));
    return 0;
  },
};
