/**
 * Reads a question file (Markdown with YAML front matter, docs/guide.md) into a `QuestionFile`:
 * every field checked for its form, every problem collected with its line rather than stopping at
 * the first. Whether the formulas read, fit and verify is for build.ts.
 */
import type { GradingMode, QuestionKind, Section } from "../questions/types.js";
import type { SymbolDecl } from "../expr/types.js";
import { parseSymbolLine, SymbolLineError } from "../expr/symbol-line.js";
import { entry, readFrontMatterFile, scalarText, type Problem, type Yaml } from "./front-matter.js";

/** A string from the file with its line. */
export interface Located {
  text: string;
  line: number;
}

export interface FileMistake {
  code: string;
  message: string;
  answer: Record<string, string>;
  line: number;
}

export interface QuestionFile {
  id: string;
  title: string;
  section: Section;
  source: string;
  /** The Markdown body before any `## Explanation` heading. */
  prompt: string;
  explanation?: string;
  symbols: SymbolDecl[];
  /** Line of each symbol's declaration, by name. */
  symbolLines: Record<string, number>;
  constraints: Located[];
  /** The forward pass, definitions separated by commas or given as a list. */
  forward?: Located;
  asks: Located[];
  upstream: string;
  slots: string[];
  slotsLine: number;
  reference: Record<string, Located>;
  forms: Record<string, Located[]>;
  mistakes: FileMistake[];
  joint?: { slots: string[]; combine: string; note?: string; line: number };
  /** A bespoke oracle registered in TypeScript (src/questions/oracles.ts), by name. */
  oracle?: Located;
  kind: QuestionKind;
  grading?: GradingMode;
  tolerance?: number;
  /** Random instances for the generic oracle (default 12). */
  trials: number;
  /** Line of the `id:` key, for problems about the question as a whole. */
  line: number;
}

export type ReadResult = { ok: true; file: QuestionFile; problems: Problem[] } | { ok: false; problems: Problem[] };

const KEYS = [
  "id", "title", "section", "source", "symbols", "constraints", "forward", "ask", "upstream", "slots", "reference",
  "forms", "mistakes", "joint", "oracle", "kind", "grading", "tolerance", "trials", "explanation",
] as const;
const SECTIONS: readonly Section[] = ["A", "B", "D"];
const KINDS: readonly QuestionKind[] = ["formula", "numeric", "table", "fact"];
const GRADINGS: readonly GradingMode[] = ["formula", "number", "vector", "table", "manual"];

class Reader {
  readonly problems: Problem[] = [];

  say(line: number, message: string): void {
    this.problems.push({ line, message });
  }

  text(v: Yaml | undefined, what: string, line: number): Located | undefined {
    if (v === undefined) return undefined;
    const t = scalarText(v);
    if (t === null || t.trim() === "") {
      this.say(v.line || line, `${what} must be a text value`);
      return undefined;
    }
    return { text: t.trim(), line: v.line };
  }

  /** A list of texts; one text is a list of one. */
  texts(v: Yaml | undefined, what: string, line: number): Located[] {
    if (v === undefined) return [];
    if (v.kind === "list") return v.items.map((item) => this.text(item, `an item of ${what}`, v.line)).filter((x): x is Located => x !== undefined);
    const one = this.text(v, what, line);
    return one ? [one] : [];
  }

  /** A map from slot (or symbol) names to texts. */
  map(v: Yaml | undefined, what: string): Array<{ key: string; value: Yaml; line: number }> {
    if (v === undefined) return [];
    if (v.kind !== "map") {
      this.say(v.line, `${what} must be a map of 'NAME: ...' lines`);
      return [];
    }
    return v.entries.map((e) => ({ key: e.key, value: e.value, line: e.keyLine }));
  }
}

function symbolOf(r: Reader, name: string, value: Yaml, line: number): SymbolDecl | null {
  const extra: { aliases?: string[]; description?: string; params?: string[] } = {};
  let spec: string | null;
  let specLine = line;
  if (value.kind === "map") {
    const type = entry(value, "type");
    spec = scalarText(type);
    specLine = type?.line ?? line;
    for (const e of value.entries) {
      if (e.key === "type") continue;
      if (e.key === "aliases") extra.aliases = r.texts(e.value, `the aliases of ${name}`, e.keyLine).map((a) => a.text);
      else if (e.key === "description") extra.description = r.text(e.value, `the description of ${name}`, e.keyLine)?.text;
      else if (e.key === "params") extra.params = r.texts(e.value, `the params of ${name}`, e.keyLine).map((a) => a.text);
      else r.say(e.keyLine, `symbol '${name}': unknown key '${e.key}' (type, aliases, description, params)`);
    }
    if (spec === null) {
      r.say(line, `symbol '${name}' needs 'type: KIND [SIZE] [, DOMAIN] [:= DEFINITION]'`);
      return null;
    }
  } else {
    spec = scalarText(value);
    if (spec === null) {
      r.say(line, `symbol '${name}' needs a declaration 'KIND [SIZE] [, DOMAIN] [:= DEFINITION]'`);
      return null;
    }
  }
  try {
    const decl = parseSymbolLine(`${name}: ${spec}`, specLine);
    return { ...decl, ...(extra.aliases ? { aliases: extra.aliases } : {}), ...(extra.description ? { description: extra.description } : {}), ...(extra.params ? { params: extra.params } : {}) };
  } catch (e) {
    if (e instanceof SymbolLineError) {
      r.say(e.line, e.message);
      return null;
    }
    throw e;
  }
}

function choice<T extends string>(r: Reader, v: Yaml | undefined, what: string, allowed: readonly T[], fallback: T | undefined): T | undefined {
  const t = r.text(v, what, v?.line ?? 1);
  if (!t) return fallback;
  if (!(allowed as readonly string[]).includes(t.text)) {
    r.say(t.line, `${what} must be one of ${allowed.join(", ")}, not '${t.text}'`);
    return fallback;
  }
  return t.text as T;
}

function positiveNumber(r: Reader, v: Yaml | undefined, what: string, integer: boolean): number | undefined {
  if (v === undefined) return undefined;
  const n = v.kind === "scalar" && typeof v.value === "number" ? v.value : NaN;
  if (!(n > 0) || (integer && !Number.isInteger(n))) {
    r.say(v.line, `${what} must be a positive ${integer ? "integer" : "number"}`);
    return undefined;
  }
  return n;
}

/** Prompt and model answer: the body, cut at a `## Explanation` heading. */
function splitBody(body: string): { prompt: string; explanation?: string } {
  const m = /^##\s+Explanation\s*$/im.exec(body);
  if (!m) return { prompt: body.trim() };
  return { prompt: body.slice(0, m.index).trim(), explanation: body.slice(m.index + m[0].length).trim() };
}

export function readQuestionFile(text: string, fileName = "question.md"): ReadResult {
  const fm = readFrontMatterFile(text);
  if (!fm.ok) return { ok: false, problems: fm.problems };
  const r = new Reader();
  const data = fm.file.data;
  for (const e of data.entries) {
    if (!(KEYS as readonly string[]).includes(e.key)) r.say(e.keyLine, `unknown key '${e.key}' (${KEYS.join(", ")})`);
  }
  const idLine = data.entries.find((e) => e.key === "id")?.keyLine ?? 2;
  const id = r.text(entry(data, "id"), "id", idLine);
  if (!id) r.say(2, "the question needs an 'id: ...' (lowercase letters, digits and dashes)");
  else if (!/^[a-z0-9][a-z0-9-]*$/.test(id.text)) r.say(id.line, `the id '${id.text}' may use only lowercase letters, digits and dashes`);
  const title = r.text(entry(data, "title"), "title", idLine);
  if (!title) r.say(idLine, "the question needs a 'title: ...'");

  const symbols: SymbolDecl[] = [];
  const symbolLines: Record<string, number> = {};
  for (const s of r.map(entry(data, "symbols"), "symbols")) {
    const decl = symbolOf(r, s.key, s.value, s.line);
    if (!decl) continue;
    if (symbolLines[decl.name] !== undefined) r.say(s.line, `symbol '${decl.name}' is declared twice`);
    symbols.push(decl);
    symbolLines[decl.name] = s.line;
  }

  const forwardValue = entry(data, "forward");
  const forwardParts = r.texts(forwardValue, "forward", idLine);
  const forward = forwardParts.length > 0 ? { text: forwardParts.map((p) => p.text).join(", "), line: forwardParts[0].line } : undefined;
  const asks = r.texts(entry(data, "ask"), "ask", idLine);

  const reference: Record<string, Located> = {};
  for (const e of r.map(entry(data, "reference"), "reference")) {
    const t = r.text(e.value, `the reference for ${e.key}`, e.line);
    if (t) reference[e.key] = t;
  }
  const slotsValue = entry(data, "slots");
  let slots = r.texts(slotsValue, "slots", idLine).map((s) => s.text);
  if (slots.length === 0) slots = Object.keys(reference);
  const slotsLine = slotsValue?.line ?? idLine;
  if (slots.length === 0) r.say(idLine, "the question needs 'slots: [NAME, ...]' (the parts a student fills in)");
  if (new Set(slots).size !== slots.length) r.say(slotsLine, "a slot is named twice");
  for (const [slot, t] of Object.entries(reference)) if (!slots.includes(slot)) r.say(t.line, `the reference names '${slot}', which is not a slot (${slots.join(", ")})`);

  const forms: Record<string, Located[]> = {};
  for (const e of r.map(entry(data, "forms"), "forms")) {
    if (!slots.includes(e.key)) r.say(e.line, `forms: '${e.key}' is not a slot (${slots.join(", ")})`);
    forms[e.key] = r.texts(e.value, `the forms of ${e.key}`, e.line);
  }

  const mistakes: FileMistake[] = [];
  const mistakesValue = entry(data, "mistakes");
  if (mistakesValue && mistakesValue.kind !== "list") r.say(mistakesValue.line, "mistakes must be a list of '- code: ..., message: ..., answer: ...'");
  for (const m of mistakesValue?.kind === "list" ? mistakesValue.items : []) {
    if (m.kind !== "map") {
      r.say(m.line, "a mistake is a map with code, message and answer");
      continue;
    }
    const code = r.text(entry(m, "code"), "a mistake's code", m.line);
    const message = r.text(entry(m, "message"), "a mistake's message", m.line);
    const answerValue = entry(m, "answer");
    const answer: Record<string, string> = {};
    if (answerValue?.kind === "map") {
      for (const e of answerValue.entries) {
        const t = r.text(e.value, `the answer of mistake ${code?.text ?? "?"}`, e.keyLine);
        if (!slots.includes(e.key)) r.say(e.keyLine, `mistake ${code?.text ?? "?"}: '${e.key}' is not a slot`);
        if (t) answer[e.key] = t.text;
      }
    } else {
      const t = r.text(answerValue, `the answer of mistake ${code?.text ?? "?"}`, m.line);
      if (t && slots.length === 1) answer[slots[0]] = t.text;
      else if (t) r.say(t.line, `mistake ${code?.text ?? "?"}: with several slots the answer is a map 'SLOT: LATEX'`);
    }
    for (const e of m.entries) if (!["code", "message", "answer"].includes(e.key)) r.say(e.keyLine, `a mistake has code, message and answer, not '${e.key}'`);
    if (code && message && Object.keys(answer).length > 0) mistakes.push({ code: code.text, message: message.text, answer, line: m.line });
    else if (!code || !message || answerValue === undefined) r.say(m.line, "a mistake needs code, message and answer");
  }

  let joint: QuestionFile["joint"];
  const jointValue = entry(data, "joint");
  if (jointValue) {
    if (jointValue.kind !== "map") r.say(jointValue.line, "joint must be a map with slots, combine and note");
    else {
      const js = r.texts(entry(jointValue, "slots"), "joint slots", jointValue.line).map((s) => s.text);
      const combine = r.text(entry(jointValue, "combine"), "joint combine", jointValue.line);
      const note = r.text(entry(jointValue, "note"), "joint note", jointValue.line);
      for (const s of js) if (!slots.includes(s)) r.say(jointValue.line, `joint: '${s}' is not a slot`);
      if (js.length < 2 || !combine) r.say(jointValue.line, "joint needs at least two slots and a 'combine' formula");
      else joint = { slots: js, combine: combine.text, ...(note ? { note: note.text } : {}), line: jointValue.line };
    }
  }

  const constraints = r.texts(entry(data, "constraints"), "constraints", idLine);
  const oracle = r.text(entry(data, "oracle"), "oracle", idLine);
  const upstream = r.text(entry(data, "upstream"), "upstream", idLine)?.text ?? "G";
  const kind = choice(r, entry(data, "kind"), "kind", KINDS, "formula") as QuestionKind;
  const grading = choice(r, entry(data, "grading"), "grading", GRADINGS, undefined);
  const section = choice(r, entry(data, "section"), "section", SECTIONS, "B") as Section;
  const tolerance = positiveNumber(r, entry(data, "tolerance"), "tolerance", false);
  const trials = positiveNumber(r, entry(data, "trials"), "trials", true) ?? 12;
  const source = r.text(entry(data, "source"), "source", idLine)?.text ?? fileName;
  const body = splitBody(fm.file.body);
  const explanation = r.text(entry(data, "explanation"), "explanation", idLine)?.text ?? body.explanation;

  if (!forward && !oracle && Object.keys(reference).length === 0) {
    r.say(idLine, "the question needs a 'forward:' pass and an 'ask:', or a 'reference:' with an 'oracle:'");
  }
  if (forward && asks.length === 0) r.say(forward.line, "a forward pass needs an 'ask:' (gradient of L wrt W, or jacobian of y wrt x)");
  if (!id || !title) return { ok: false, problems: r.problems };
  const file: QuestionFile = {
    id: id.text,
    title: title.text,
    section,
    source,
    prompt: body.prompt,
    ...(explanation ? { explanation } : {}),
    symbols,
    symbolLines,
    constraints,
    ...(forward ? { forward } : {}),
    asks,
    upstream,
    slots,
    slotsLine,
    reference,
    forms,
    mistakes,
    ...(joint ? { joint } : {}),
    ...(oracle ? { oracle } : {}),
    kind,
    ...(grading ? { grading } : {}),
    ...(tolerance !== undefined ? { tolerance } : {}),
    trials,
    line: idLine,
  };
  return { ok: true, file, problems: r.problems };
}
