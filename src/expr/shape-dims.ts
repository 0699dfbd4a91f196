/**
 * Union-find over sizes for shape inference. A size is a number, a rigid name declared by the symbol
 * table (S, N: independent random sizes, so two different names never unify), a flexible variable
 * (the size of `I` or `\mathbf{1}`, fixed by context), or a sum (the width of `[X, \mathbf{1}]` is M+1).
 */
import type { Dim } from "./types.js";

/**
 * A declared size as names plus a constant: "M+1" is M + 1, "K-1" is K − 1, "S" is S. Null when
 * the text is not such a sum (it is then one opaque name).
 */
export function parseDimSum(d: string): { names: string[]; offset: number } | null {
  const text = d.replace(/\s+/g, "");
  if (!/[+-]/.test(text)) return null;
  const parts = text.match(/[+-]?[^+-]+/g);
  if (!parts || parts.join("") !== text) return null;
  const out = { names: [] as string[], offset: 0 };
  for (const p of parts) {
    const neg = p.startsWith("-");
    const body = p.replace(/^[+-]/, "");
    if (/^\d+$/.test(body)) out.offset += neg ? -Number(body) : Number(body);
    else if (neg || body === "") return null;
    else out.names.push(body);
  }
  return out.names.length > 0 ? out : null;
}

/** The value of a declared size given values for its names; null when a name has none. */
export function dimValue(d: Dim, dims: Record<string, number>): number | null {
  if (typeof d === "number") return d;
  const sum = parseDimSum(d);
  if (!sum) return dims[d] ?? null;
  let total = sum.offset;
  for (const n of sum.names) {
    const v = dims[n];
    if (v === undefined) return null;
    total += v;
  }
  return total;
}

/** The names a declared size is made of ("M+1" is made of M). */
export function dimParts(d: Dim): string[] {
  if (typeof d === "number") return [];
  return parseDimSum(d)?.names ?? [d];
}

type Term =
  | { kind: "num"; value: number }
  | { kind: "rigid"; name: string }
  | { kind: "flex"; name: string }
  | { kind: "sum"; parts: number[]; offset: number };

/** A sum in canonical form: representative ids (sorted) and a constant. */
interface Canon {
  parts: number[];
  offset: number;
}

export class DimStore {
  private readonly terms: Term[] = [];
  private readonly parent: number[] = [];
  private readonly rigidIds = new Map<string, number>();
  private readonly numIds = new Map<number, number>();
  private freshCount = 0;

  private add(t: Term): number {
    this.terms.push(t);
    this.parent.push(this.terms.length - 1);
    return this.terms.length - 1;
  }

  num(value: number): number {
    const known = this.numIds.get(value);
    if (known !== undefined) return known;
    const id = this.add({ kind: "num", value });
    this.numIds.set(value, id);
    return id;
  }

  rigid(name: string): number {
    const known = this.rigidIds.get(name);
    if (known !== undefined) return known;
    const id = this.add({ kind: "rigid", name });
    this.rigidIds.set(name, id);
    return id;
  }

  /** A size from a declaration: numbers stay numbers, names are rigid, "M+1" and "K-1" are sums. */
  dim(d: Dim): number {
    if (typeof d === "number") return this.num(d);
    const sum = parseDimSum(d);
    if (!sum) return this.rigid(d);
    return this.add({ kind: "sum", parts: sum.names.map((n) => this.rigid(n)), offset: sum.offset });
  }

  fresh(): number {
    this.freshCount++;
    return this.add({ kind: "flex", name: `?${this.freshCount}` });
  }

  sum(ids: number[]): number {
    if (ids.length === 1) return ids[0];
    return this.add({ kind: "sum", parts: ids, offset: 0 });
  }

  find(id: number): number {
    let r = id;
    while (this.parent[r] !== r) r = this.parent[r];
    while (this.parent[id] !== r) {
      const next = this.parent[id];
      this.parent[id] = r;
      id = next;
    }
    return r;
  }

  private canon(id: number, depth = 0): Canon {
    const r = this.find(id);
    const t = this.terms[r];
    if (t.kind === "num") return { parts: [], offset: t.value };
    if (t.kind !== "sum" || depth > 50) return { parts: [r], offset: 0 };
    const out: Canon = { parts: [], offset: t.offset };
    for (const p of t.parts) {
      const c = this.canon(p, depth + 1);
      out.parts.push(...c.parts);
      out.offset += c.offset;
    }
    out.parts.sort((a, b) => a - b);
    return out;
  }

  /** The concrete number this size is known to be, if any. */
  numberOf(id: number): number | null {
    const c = this.canon(id);
    return c.parts.length === 0 ? c.offset : null;
  }

  isOne(id: number): boolean {
    return this.numberOf(id) === 1;
  }

  unify(a: number, b: number): boolean {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return true;
    const ta = this.terms[ra];
    const tb = this.terms[rb];
    if (ta.kind === "flex" && !this.occurs(ra, rb)) {
      this.parent[ra] = rb;
      return true;
    }
    if (tb.kind === "flex" && !this.occurs(rb, ra)) {
      this.parent[rb] = ra;
      return true;
    }
    const ca = this.canon(ra);
    const cb = this.canon(rb);
    if (ca.offset !== cb.offset || ca.parts.length !== cb.parts.length) {
      return this.solveSum(ca, cb) || this.solveSum(cb, ca);
    }
    return ca.parts.every((p, i) => p === cb.parts[i]);
  }

  /** `?k + c = n` with n a number: bind ?k to n − c (a ones vector beside a known width). */
  private solveSum(a: Canon, b: Canon): boolean {
    if (b.parts.length !== 0 || a.parts.length !== 1) return false;
    const v = a.parts[0];
    const value = b.offset - a.offset;
    if (this.terms[v].kind !== "flex" || value < 1) return false;
    this.parent[v] = this.num(value);
    return true;
  }

  private occurs(flex: number, inId: number): boolean {
    return this.canon(inId).parts.includes(flex);
  }

  /** The size as a `Dim`: a number, a name, or a readable sum such as "M+1". */
  resolve(id: number): Dim {
    const c = this.canon(id);
    if (c.parts.length === 0) return c.offset;
    const names = c.parts.map((p) => this.nameOf(p));
    if (names.length === 1 && c.offset === 0) return names[0];
    const sum = names.join("+");
    return c.offset > 0 ? `${sum}+${c.offset}` : c.offset < 0 ? `${sum}-${-c.offset}` : sum;
  }

  private nameOf(rep: number): string {
    const t = this.terms[rep];
    return t.kind === "rigid" || t.kind === "flex" ? t.name : String(this.resolve(rep));
  }

  /** Every flexible variable and rigid name with what it resolved to. */
  substitution(): Record<string, Dim> {
    const out: Record<string, Dim> = {};
    this.terms.forEach((t, id) => {
      if (t.kind === "flex" || t.kind === "rigid") out[t.name] = this.resolve(id);
    });
    return out;
  }

  /** Evaluate a size given numbers for the rigid names; null if it depends on an unresolved variable. */
  concrete(id: number, dims: Record<string, number>): number | null {
    const c = this.canon(id);
    let total = c.offset;
    for (const p of c.parts) {
      const t = this.terms[p];
      if (t.kind !== "rigid") return null;
      const v = dims[t.name];
      if (v === undefined) return null;
      total += v;
    }
    return total;
  }
}
