/**
 * A Markdown file that opens with YAML front matter between two `---` lines: the YAML is read with
 * the `yaml` package (a real parser, so quoting, lists and nested maps mean what YAML says), and
 * every value keeps its file line, so a problem found later is reported as `file:line`.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from "yaml";

/** One problem with a file, at a 1-based line. */
export interface Problem {
  line: number;
  message: string;
}

/** A YAML value with the line it starts on. */
export type Yaml =
  | { kind: "scalar"; value: string | number | boolean | null; line: number }
  | { kind: "list"; items: Yaml[]; line: number }
  | { kind: "map"; entries: Array<{ key: string; keyLine: number; value: Yaml }>; line: number };

export interface FrontMatterFile {
  data: Yaml & { kind: "map" };
  /** The Markdown after the closing `---`. */
  body: string;
  /** 1-based line of the body's first line. */
  bodyLine: number;
}

export type FrontMatterRead = { ok: true; file: FrontMatterFile } | { ok: false; problems: Problem[] };

function located(node: Node | null | undefined, lines: LineCounter, offset: number, fallback: number): Yaml {
  const line = node?.range ? lines.linePos(node.range[0]).line + offset : fallback;
  if (isMap(node)) {
    const entries = node.items.map((pair) => {
      const keyNode = pair.key as Node | null;
      const keyLine = keyNode?.range ? lines.linePos(keyNode.range[0]).line + offset : line;
      const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
      return { key, keyLine, value: located(pair.value as Node | null, lines, offset, keyLine) };
    });
    return { kind: "map", entries, line };
  }
  if (isSeq(node)) return { kind: "list", items: node.items.map((item) => located(item as Node, lines, offset, line)), line };
  if (isScalar(node)) {
    const v = node.value;
    return { kind: "scalar", value: typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? v : v === null ? null : String(v), line };
  }
  return { kind: "scalar", value: null, line };
}

/** Splits `text` at its front matter and reads the YAML; YAML errors come back with their lines. */
export function readFrontMatterFile(text: string): FrontMatterRead {
  const lines = text.split(/\r?\n/);
  if (lines[0]?.trim() !== "---") return { ok: false, problems: [{ line: 1, message: "the file must start with YAML front matter: a '---' line" }] };
  const close = lines.findIndex((l, k) => k > 0 && l.trim() === "---");
  if (close < 0) return { ok: false, problems: [{ line: 1, message: "the front matter is not closed by a '---' line" }] };
  const yamlText = lines.slice(1, close).join("\n");
  const counter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter: counter, uniqueKeys: true, prettyErrors: false });
  // Line 1 of the YAML text is line 2 of the file.
  const problems: Problem[] = doc.errors.map((e) => ({
    line: (e.linePos?.[0]?.line ?? 1) + 1,
    message: `YAML: ${e.message.split("\n")[0]}`,
  }));
  if (problems.length > 0) return { ok: false, problems };
  const data = located(doc.contents as Node | null, counter, 1, 2);
  if (data.kind !== "map") return { ok: false, problems: [{ line: 2, message: "the front matter must be a map of 'key: value' lines" }] };
  return { ok: true, file: { data, body: lines.slice(close + 1).join("\n"), bodyLine: close + 2 } };
}

/** The entry of a map by key, or undefined. */
export function entry(map: Yaml & { kind: "map" }, key: string): Yaml | undefined {
  return map.entries.find((e) => e.key === key)?.value;
}

/** A scalar's text (numbers and booleans as written by YAML's reading of them), or null. */
export function scalarText(v: Yaml | undefined): string | null {
  if (!v || v.kind !== "scalar" || v.value === null) return null;
  return String(v.value);
}
