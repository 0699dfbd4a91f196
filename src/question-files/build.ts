/**
 * A question file made into a `Question`. With a `forward:` pass and an `ask:`, the symbolic engine
 * derives the reference (unless the file gives one) and the generic oracle checks whatever
 * reference is published against the autodiff engine on random shapes: `gradient of L wrt W`
 * against autodiff of sum(G ∘ Y) (or of L itself when the forward pass ends in the loss),
 * `jacobian of y wrt x` against the autodiff Jacobian. An ask may say what is checked in terms of
 * the slots (`gradient of L wrt X = (A \circ B) W`), for answers that are parts of a gradient.
 * Without a forward pass, `oracle:` names a bespoke TypeScript oracle (Monte Carlo, brute force).
 */
import type { Expr } from "../expr/ast.js";
import type { Dim, SymbolDecl, SymbolTable } from "../expr/types.js";
import { parse, toLatex, mapChildren, inferShapes } from "../expr/index.js";
import { derive, deriveJacobian, readDefinitions, resolveShapes, simplify, substitute, verifyGradient, verifyJacobian, type Bind, type GradientEvidence } from "../symbolic/index.js";
import { checkTable, evaluate } from "../numeric/index.js";
import { withOracle, type Check, type Reference } from "../questions/b/oracle.js";
import type { Derivation, KnownMistake, Question, Verification } from "../questions/types.js";
import type { BespokeOracle } from "../questions/oracles.js";
import type { Problem } from "./front-matter.js";
import type { Located, QuestionFile } from "./read.js";

type AskKind = "gradient" | "jacobian";

interface Ask {
  kind: AskKind;
  of: string;
  wrt: string;
  /** What the ask equals, in slot names; none: the (single) slot is the asked quantity. */
  formula: string | null;
  line: number;
}

const ASK = /^(gradient|jacobian)\s+of\s+(.+?)\s+(?:wrt|with respect to)\s+(.+?)(?:\s*=\s*(.+))?$/s;

export function readAsk(a: Located): Ask | string {
  const m = ASK.exec(a.text);
  if (!m) return `an ask reads 'gradient of L wrt W' or 'jacobian of y wrt x' (optionally '= FORMULA in the slots'), not '${a.text}'`;
  return { kind: m[1] as AskKind, of: m[2].trim(), wrt: m[3].trim(), formula: m[4]?.trim() ?? null, line: a.line };
}

/** One ask made ready: the forward output it differentiates, the table it is verified in, and how. */
interface Prepared {
  ask: Ask;
  output: Expr;
  wrt: string;
  /** The verification table: inputs with resolved shapes, the upstream symbol, defined symbols. */
  table: SymbolTable;
  /** The forward pass ends in the scalar loss itself: its gradient has no upstream factor. */
  direct: boolean;
  upstream: string;
  /** The engine's own answer, as LaTeX. */
  derived: string | null;
  steps: string[];
}

export interface BuildOptions {
  /** Bespoke oracles by name (src/questions/oracles.ts). */
  oracles: Readonly<Record<string, BespokeOracle>>;
  /**
   * A derivation of the reference kept elsewhere (src/symbolic/bank.ts), for files that publish
   * theirs: null when there is none, else a thunk (a derivation may take a CAS call).
   */
  derivation?: (id: string, slots: readonly string[]) => (() => Derivation | null) | null;
}

export type BuildResult = { question: Question | null; problems: Problem[] };

const sym = (name: string): Expr => ({ kind: "sym", name });
/** The bound name of a one-slot answer inside the check: not a name LaTeX can produce. */
const ANSWER = "\u0000answer";
const one: Expr = { kind: "num", value: 1 };

/** Declarations of `extra` that `table` lacks, appended (defined symbols after the inputs they use), each name once. */
function withDecls(table: SymbolTable, extra: SymbolDecl[]): SymbolTable {
  const have = new Set(table.symbols.map((s) => s.name));
  const added = extra.filter((s) => !have.has(s.name) && (have.add(s.name), true));
  return { ...table, symbols: [...table.symbols, ...added] };
}

function prepareGradient(ask: Ask, file: QuestionFile, table: SymbolTable, problems: Problem[]): Prepared | null {
  const forward = file.forward as Located;
  const r = derive(forward.text, ask.wrt, { symbols: table, upstream: file.upstream, seed: 1, trials: 8 });
  if (!r.ok) {
    problems.push({ line: r.stage === "derive" && /not an input/.test(r.message) ? ask.line : forward.line, message: `${r.stage === "verify" ? "the derived gradient" : "the forward pass"}: ${r.message}` });
    return null;
  }
  const direct = ask.of === r.output;
  const upstreamDecl = r.table.symbols.find((s) => s.name === file.upstream);
  if (direct && upstreamDecl?.kind !== "scalar") {
    problems.push({ line: ask.line, message: `'${ask.of}' is the forward pass's output and not a scalar: ask for the gradient of the loss L instead` });
    return null;
  }
  let derived = r.expr;
  if (direct) derived = simplify(substitute(derived, file.upstream, one), r.table);
  // Names the forward pass defines (Y, H) stay usable in answers and in the check.
  const outputDecl: SymbolDecl[] = direct ? [] : [{ name: r.output, kind: "matrix", ...(upstreamDecl?.shape ? { shape: upstreamDecl.shape } : {}), definition: toLatex(r.forward) }];
  const verifyTable = withDecls(r.table, [...table.symbols, ...outputDecl]);
  return {
    ask,
    output: r.forward,
    wrt: r.wrt,
    table: verifyTable,
    direct,
    upstream: file.upstream,
    derived: toLatex(derived),
    steps: [
      `forward pass ${forward.text}`,
      direct ? `reverse mode: ∂${ask.of}/∂${r.wrt}` : `reverse mode with upstream ${file.upstream} = ∂L/∂${r.output}: ∂L/∂${r.wrt}`,
      `verified: ${r.evidence.method}, ${r.evidence.trials} trials, largest relative error ${r.evidence.maxRelError.toPrecision(2)}`,
    ],
  };
}

function prepareJacobian(ask: Ask, file: QuestionFile, table: SymbolTable, problems: Problem[]): Prepared | null {
  const forward = file.forward as Located;
  const read = readDefinitions(forward.text, table);
  if (!read.ok) {
    problems.push({ line: forward.line, message: `the forward pass: ${read.error.message} (at column ${read.error.pos.column})` });
    return null;
  }
  const last = read.value[read.value.length - 1];
  if (read.value.length !== 1 || !last) {
    problems.push({ line: forward.line, message: "a Jacobian needs one definition, 'y = f(x)'" });
    return null;
  }
  const name = last.name ?? ask.of;
  const r = deriveJacobian(forward.text, ask.wrt, { symbols: table, seed: 1, trials: 8 });
  if (!r.ok) {
    problems.push({ line: r.stage === "derive" ? ask.line : forward.line, message: `the Jacobian: ${r.message}` });
    return null;
  }
  const shapes = resolveShapes({ ...table, symbols: table.symbols.filter((s) => s.name !== name) }, last.expr);
  if (!shapes.ok) {
    problems.push({ line: forward.line, message: `the forward pass does not fit together: ${shapes.message}` });
    return null;
  }
  const verifyTable = withDecls(shapes.table, [...table.symbols, { name, kind: "vector", definition: toLatex(last.expr) }]);
  return {
    ask,
    output: last.expr,
    wrt: ask.wrt,
    table: verifyTable,
    direct: false,
    upstream: file.upstream,
    derived: r.latex,
    steps: [`forward pass ${forward.text}`, `Jacobian ∂${name}/∂${ask.wrt} by forward mode`, `verified: ${r.evidence.method}, ${r.evidence.trials} trials`],
  };
}

/**
 * The closed form an ask compares, and the values it needs: without a formula, the slot's reference
 * itself; with one (`(A \circ B) W`), the formula over the slots, each slot's reference evaluated
 * on the instance first, so an index form (`S_i(\delta_{ij} - S_j)`) or a `cases` enters as its matrix.
 */
function closedForm(p: Prepared, ref: Reference, published: Reference, slots: readonly string[]): { expr: Expr; bind: Bind } {
  const read = (text: string, what: string, symbols?: SymbolTable): Expr => {
    const r = parse(text, symbols ? { symbols } : {});
    if (!r.ok) throw new Error(`${what} '${text}' does not read: ${r.error.message}`);
    return r.value;
  };
  // Without a formula the one slot is the asked quantity: bound to a name no formula can spell.
  const names = p.ask.formula === null ? [ANSWER] : slots;
  const wrtShape = p.table.symbols.find((d) => d.name === p.wrt)?.shape ?? null;
  const parts = names.map((name, k) => {
    const slot = p.ask.formula === null ? slots[0] : slots[k];
    const e = read(ref[slot] ?? "", `the reference for ${slot}`, p.table);
    // An index form has no matrix shape of its own: it takes the shape of the published form, or of
    // the variable a gradient is taken with respect to.
    const own = inferShapes(e, p.table);
    const main = parse(published[slot] ?? "", { symbols: p.table });
    const fallback = main.ok ? inferShapes(main.value, p.table) : null;
    const shape = own.ok && own.shape.length === 2 ? own.shape : fallback?.ok && fallback.shape.length === 2 ? fallback.shape : p.ask.formula === null && p.ask.kind === "gradient" ? wrtShape : null;
    return [name, e, shape] as const;
  });
  const bind: Bind = (env) => {
    const values = { ...env.values };
    const decls: SymbolDecl[] = [];
    const size = (d: Dim): number => (typeof d === "number" ? d : env.dims[d] ?? NaN);
    for (const [slot, e, shape] of parts) {
      const r = evaluate(e, env);
      if (!r.ok) throw new Error(`the reference${slot === ANSWER ? "" : ` for ${slot}`} could not be evaluated: ${r.message}`);
      // An index form evaluates to its entries: give them the matrix shape the formula has (S × F), in the table's size names.
      const want = shape && shape.length === 2 ? [size(shape[0]), size(shape[1])] : null;
      const v = want && want[0] * want[1] === r.value.data.length ? r.value.reshape(want) : r.value.shape.length === 1 ? r.value.reshape([r.value.shape[0], 1]) : r.value;
      values[slot] = v;
      decls.push(v.shape.length === 0 ? { name: slot, kind: "scalar", shape: [] } : { name: slot, kind: "matrix", shape: [v.shape[0], v.shape[1]] });
    }
    // This instance's sizes in every declaration, so the slots' concrete shapes meet the others'.
    const concrete = env.table.symbols
      .filter((d) => !names.includes(d.name))
      .map((d): SymbolDecl => (d.shape && d.shape.length === 2 ? { ...d, shape: [size(d.shape[0]), size(d.shape[1])] } : d));
    const table = { ...env.table, symbols: [...concrete, ...decls] };
    return { ...env, table, values };
  };
  // Slot names are free symbols of the formula, bound to the values above.
  return { expr: p.ask.formula === null ? sym(ANSWER) : read(p.ask.formula, "the ask's formula"), bind };
}

function checkAsk(p: Prepared, ref: Reference, published: Reference, slots: readonly string[], seed: number, trials: number): GradientEvidence {
  const { expr, bind } = closedForm(p, ref, published, slots);
  if (p.ask.kind === "jacobian") return verifyJacobian(p.output, p.wrt, expr, p.table, seed, trials, bind);
  // The loss itself: compare G·(the answer) with the gradient of sum(G ∘ L), G a random scalar.
  const closed: Expr = p.direct ? { kind: "mul", factors: [sym(p.upstream), expr] } : expr;
  return verifyGradient(p.output, p.wrt, closed, p.table, { upstream: p.upstream, seed, trials, bind });
}

function oracleOf(asks: Prepared[], published: Reference, slots: readonly string[], trials: number): Check {
  return (ref, seed) => {
    let total = 0;
    let worst = 0;
    const methods = new Set<string>();
    for (const p of asks) {
      const ev = checkAsk(p, ref, published, slots, seed, trials);
      total += ev.trials;
      worst = Math.max(worst, ev.maxRelError);
      methods.add(ev.method);
      const what = p.ask.formula ? `${p.ask.kind} of ${p.ask.of} wrt ${p.wrt} = ${p.ask.formula}` : `${p.ask.kind} of ${p.ask.of} wrt ${p.wrt}`;
      if (!ev.ok) return { ok: false, method: ev.method, trials: total, maxError: Infinity, seed, detail: `${what}: ${ev.detail ?? "mismatch"}` } satisfies Verification;
    }
    return {
      ok: true,
      method: [...methods].join("; "),
      trials: total,
      maxError: worst,
      seed,
      detail: `the published reference against the autodiff engine on ${total} random instances of random shapes (${asks.map((p) => `${p.ask.kind} wrt ${p.wrt}`).join(", ")}), largest relative error ${worst.toExponential(2)}.`,
    };
  };
}

/** Every way of removing one factor of a Hadamard product in `e` that is the derivative of an activation. */
function withoutDerivative(e: Expr, activations: Set<string>, upstream: string): Array<{ expr: Expr; fn: string; factor: Expr }> {
  const out: Array<{ expr: Expr; fn: string; factor: Expr }> = [];
  const calls = (x: Expr): string | null => {
    if (x.kind === "sym" && x.name === upstream) return null;
    if (x.kind === "call" && activations.has(x.fn)) return x.fn;
    let found: string | null = null;
    mapChildren(x, (c) => {
      found ??= calls(c);
      return c;
    });
    return found;
  };
  const mentionsUpstream = (x: Expr): boolean => {
    if (x.kind === "sym") return x.name === upstream;
    let m = false;
    mapChildren(x, (c) => {
      m ||= mentionsUpstream(c);
      return c;
    });
    return m;
  };
  const visit = (x: Expr, rebuild: (y: Expr) => Expr): void => {
    // The derivative is a factor beside the upstream gradient (G ∘ h'(Z)), not a piece of one.
    if (x.kind === "hadamard" && x.factors.some(mentionsUpstream)) {
      x.factors.forEach((f, i) => {
        const fn = mentionsUpstream(f) ? null : calls(f);
        if (!fn) return;
        const rest = x.factors.filter((_, j) => j !== i);
        out.push({ expr: rebuild(rest.length === 1 ? rest[0] : { ...x, factors: rest }), fn, factor: f });
      });
    }
    let k = 0;
    const kids: Expr[] = [];
    mapChildren(x, (c) => {
      kids.push(c);
      return c;
    });
    for (const child of kids) {
      const index = k++;
      visit(child, (y) => {
        let n = 0;
        return rebuild(mapChildren(x, (c) => (n++ === index ? y : c)));
      });
    }
  };
  visit(e, (y) => y);
  return out;
}

function functionNames(e: Expr, into: Set<string>): Set<string> {
  if (e.kind === "call") into.add(e.fn);
  mapChildren(e, (c) => {
    functionNames(c, into);
    return c;
  });
  return into;
}

/** The mistakes a gradient answer is known for that the grader's general mutations cannot name: a dropped activation derivative. */
function generatedMistakes(p: Prepared, slot: string, reference: string, upstream: string): KnownMistake[] {
  if (p.ask.kind !== "gradient" || p.ask.formula !== null) return [];
  const parsed = parse(reference, { symbols: p.table });
  if (!parsed.ok) return [];
  const activations = functionNames(p.output, new Set());
  for (const linear of ["transpose", "diag", "sum"]) activations.delete(linear);
  return withoutDerivative(parsed.value, activations, upstream).map(({ expr, fn, factor }) => ({
    code: "missing-activation-derivative",
    message: `Backprop through ${fn} multiplies the gradient entry by entry by ${fn}'s derivative, ${toLatex(factor)}; your answer leaves it out.`,
    answer: { [slot]: toLatex(expr) },
  }));
}

/** The question a file describes, or the problems that keep it from being one. */
export function buildQuestion(file: QuestionFile, opts: BuildOptions): BuildResult {
  const problems: Problem[] = [];
  const table: SymbolTable = { symbols: file.symbols, ...(file.constraints.length > 0 ? { constraints: file.constraints.map((c) => c.text) } : {}) };
  for (const message of checkTable(table)) problems.push({ line: file.symbolLines[/^(\S+)/.exec(message)?.[1] ?? ""] ?? file.line, message: `symbols: ${message}` });
  for (const slot of file.slots) {
    if (file.symbolLines[slot] !== undefined && (file.forward !== undefined)) problems.push({ line: file.symbolLines[slot], message: `slot '${slot}' has the name of a symbol: rename one` });
  }
  const prepared: Prepared[] = [];
  if (file.forward) {
    for (const a of file.asks) {
      const ask = readAsk(a);
      if (typeof ask === "string") {
        problems.push({ line: a.line, message: ask });
        continue;
      }
      if (ask.formula === null && file.slots.length !== 1) {
        problems.push({ line: a.line, message: `with ${file.slots.length} slots, say what the ask equals in them: '${a.text} = FORMULA'` });
        continue;
      }
      const p = ask.kind === "gradient" ? prepareGradient(ask, file, table, problems) : prepareJacobian(ask, file, table, problems);
      if (p) prepared.push(p);
    }
    if (file.oracle) problems.push({ line: file.oracle.line, message: "a question with a forward pass is checked by the generic oracle: drop 'oracle:'" });
  }
  const bespoke = file.oracle ? opts.oracles[file.oracle.text] : undefined;
  if (file.oracle && !bespoke) problems.push({ line: file.oracle.line, message: `no oracle named '${file.oracle.text}' (known: ${Object.keys(opts.oracles).join(", ")})` });

  const reference: Reference = {};
  for (const [slot, t] of Object.entries(file.reference)) reference[slot] = t.text;
  const single = file.slots.length === 1 ? file.slots[0] : null;
  const derivedSlot = single && prepared.length === 1 && prepared[0].ask.formula === null ? prepared[0].derived : null;
  if (single && reference[single] === undefined && derivedSlot) reference[single] = derivedSlot;
  for (const slot of file.slots) if (reference[slot] === undefined) problems.push({ line: file.slotsLine, message: `no reference for slot '${slot}': give 'reference: ${slot}: ...' or a forward pass that derives it` });

  // Students use the forward pass's names and the shapes the engine resolved; not a loss's upstream.
  const symbols: SymbolTable =
    prepared.length === 1 ? { ...prepared[0].table, symbols: prepared[0].table.symbols.filter((s) => !(prepared[0].direct && s.name === file.upstream && file.symbolLines[s.name] === undefined)) } : table;
  // Every published formula must read under the question's symbols.
  const readable = (text: string, line: number, what: string): void => {
    const r = parse(text, { symbols });
    if (!r.ok) problems.push({ line, message: `${what} '${text}': ${r.error.message} (at column ${r.error.pos.column})` });
  };
  const mode = file.grading ?? (file.kind === "formula" ? "formula" : "number");
  if (mode === "formula") {
    for (const [slot, t] of Object.entries(file.reference)) readable(t.text, t.line, `the reference for ${slot}`);
    for (const [slot, list] of Object.entries(file.forms)) for (const t of list) readable(t.text, t.line, `a form of ${slot}`);
    for (const m of file.mistakes) for (const [slot, text] of Object.entries(m.answer)) readable(text, m.line, `mistake ${m.code} (${slot})`);
  }
  if (problems.length > 0) return { question: null, problems };

  const generated = single && prepared.length === 1 ? generatedMistakes(prepared[0], single, reference[single], file.upstream) : [];
  const own = new Set(file.mistakes.map((m) => m.answer[single ?? ""]));
  const mistakes: KnownMistake[] = [...file.mistakes.map(({ code, message, answer }) => ({ code, message, answer })), ...generated.filter((m) => !own.has(m.answer[single ?? ""]))];
  const check: Check = prepared.length > 0 ? oracleOf(prepared, reference, file.slots, file.trials) : (ref, seed) => (bespoke as BespokeOracle)(ref, seed, table);
  const elsewhere = opts.derivation?.(file.id, file.slots) ?? null;
  const derivation = (): Derivation | null => {
    if (elsewhere) return elsewhere();
    if (!single || !derivedSlot) return null;
    return { slots: { [single]: derivedSlot }, steps: prepared.flatMap((p) => p.steps) };
  };
  const question = withOracle(
    {
      id: file.id,
      title: file.title,
      section: file.section,
      source: file.source,
      prompt: file.prompt,
      symbols,
      slots: file.slots,
      reference,
      ...(Object.keys(file.forms).length > 0 ? { referenceForms: Object.fromEntries(Object.entries(file.forms).map(([k, v]) => [k, v.map((t) => t.text)])) } : {}),
      kind: file.kind,
      ...(file.grading ? { grading: file.grading } : {}),
      ...(file.tolerance !== undefined ? { tolerance: file.tolerance } : {}),
      ...(file.joint ? { joint: { slots: file.joint.slots, combine: file.joint.combine, ...(file.joint.note ? { note: file.joint.note } : {}) } } : {}),
      ...(mistakes.length > 0 ? { mistakes } : {}),
      ...(file.explanation ? { explanation: file.explanation } : {}),
      ...(derivedSlot || elsewhere ? { derivation } : {}),
    },
    check,
  );
  return { question, problems: [] };
}
