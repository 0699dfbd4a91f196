import { describe, expect, it } from "vitest";
import { parse, toLatex } from "../../../src/expr/index.js";
import { equiv } from "../../../src/equivalence/index.js";
import { BANK_REFERENCE_IDS, deriveBankReference } from "../../../src/symbolic/index.js";
import { sectionA } from "../../../src/questions/a/index.js";

/**
 * The published references of section A are the engine's derivations (src/symbolic/bank.ts): each
 * derived formula, printed and read back under the question's own symbol table, is equivalent to
 * the reference the question publishes.
 */
const derivable = sectionA.filter((q) => BANK_REFERENCE_IDS.includes(q.id));

describe("section A: derived reference ≡ published reference", () => {
  it("the symbolic engine derives most section-A references", () => {
    expect(derivable.length).toBeGreaterThanOrEqual(8);
  });

  it("each derivable question carries its derivation, with steps", () => {
    for (const q of derivable) {
      const d = q.derivation?.();
      expect(d, q.id).toBeDefined();
      expect(Object.keys(d!.slots).sort()).toEqual([...q.slots].sort());
      expect(d!.steps.length).toBeGreaterThan(0);
    }
  });

  it.each(derivable.map((q) => [q.id, q] as const))("%s", (_id, q) => {
    const d = deriveBankReference(q.id);
    if (!d.ok) throw new Error(d.message);
    const derivedSlots: Record<string, typeof d.expr> = q.slots.length === 1 ? { [q.slots[0]]: d.expr } : d.slots ?? {};
    for (const slot of q.slots) {
      const derived = derivedSlots[slot];
      expect(derived, `no derivation for slot ${slot}`).toBeDefined();
      const text = toLatex(derived);
      const mine = parse(text, { symbols: q.symbols });
      const published = parse(q.reference[slot], { symbols: q.symbols });
      if (!mine.ok) throw new Error(`derived ${slot} = ${text} does not read under the question's symbols: ${mine.error.message}`);
      if (!published.ok) throw new Error(published.error.message);
      const r = equiv(mine.value, published.value, { symbols: q.symbols, seed: 7 });
      const alternatives = (q.referenceForms?.[slot] ?? []).map((f) => parse(f, { symbols: q.symbols }));
      const anyForm = r.equivalent || alternatives.some((a) => a.ok && equiv(mine.value, a.value, { symbols: q.symbols, seed: 7 }).equivalent);
      expect(anyForm, `${slot}: derived ${text} vs published ${q.reference[slot]}: ${r.reason}`).toBe(true);
    }
  });
});
