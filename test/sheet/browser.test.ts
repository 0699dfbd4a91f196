/**
 * The sheet in a real browser: Debian's Chromium driven by playwright-core (never a downloaded
 * browser). Skipped, with the reason printed, where /usr/bin/chromium is not installed; `.ci/run`
 * installs it so CI runs this.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { renderSheet } from "../../src/sheet/index.js";

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(`browser test skipped: ${CHROMIUM} is not installed (apt-get install chromium; .ci/run does this)`);
}

const OUT = join(import.meta.dirname, "..", "..", "test-output");

interface PageFacts {
  katex: number;
  errors: number;
  redText: number;
  fontsOk: boolean;
  loadedKatexFonts: number;
  svgs: number;
  sections: number;
}

/**
 * Runs in the page (a string, since the test compiles without the DOM library): waits for the fonts,
 * then counts what rendered. An undefined command is painted in KaTeX's error colour without an
 * error node, so red text is counted too.
 */
const PAGE_FACTS = `(async () => {
  await document.fonts.ready;
  const families = ["KaTeX_Main", "KaTeX_Math", "KaTeX_Size1"];
  let loadedKatexFonts = 0;
  document.fonts.forEach((f) => {
    if (f.family.replace(/"/g, "").startsWith("KaTeX") && f.status === "loaded") loadedKatexFonts++;
  });
  return {
    katex: document.querySelectorAll(".katex").length,
    errors: document.querySelectorAll(".katex-error").length,
    redText: [...document.querySelectorAll(".katex [style]")].filter((e) => e.style.color === "rgb(204, 0, 0)").length,
    fontsOk: families.every((f) => document.fonts.check("16px " + f)),
    loadedKatexFonts,
    svgs: document.querySelectorAll("svg.plot").length,
    sections: document.querySelectorAll("section.question").length,
  };
})()`;

async function inspect(browser: Browser, html: string, name: string): Promise<PageFacts> {
  mkdirSync(OUT, { recursive: true });
  const file = join(OUT, `${name}.html`);
  writeFileSync(file, html);
  const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
  // The sheet must need nothing from the network: any request other than the file itself fails the test.
  const requests: string[] = [];
  page.on("request", (r) => {
    if (!r.url().startsWith("file:") && !r.url().startsWith("data:")) requests.push(r.url());
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
  const facts = (await page.evaluate(PAGE_FACTS)) as PageFacts;
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: false });
  // Printable: the print stylesheet lays it out on A4 pages.
  await page.pdf({ path: join(OUT, `${name}.pdf`), format: "A4", printBackground: false });
  await page.close();
  expect(requests).toEqual([]);
  return facts;
}

describe.skipIf(!hasChromium)("the answer sheet in headless Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  // One full sheet (about 20 s, most of it the questions' own oracles): every question, every formula.
  it("renders the whole sheet: formulas without KaTeX errors, embedded fonts loaded, plots, a screenshot", async () => {
    const sheet = renderSheet({ seed: 1 });
    const facts = await inspect(browser, sheet.html, "sheet");
    expect(facts.sections).toBe(sheet.results.length);
    expect(facts.sections).toBeGreaterThanOrEqual(11);
    expect(facts.katex).toBeGreaterThan(100);
    expect(facts.errors).toBe(0);
    expect(facts.redText).toBe(0);
    expect(facts.fontsOk).toBe(true);
    expect(facts.loadedKatexFonts).toBeGreaterThanOrEqual(3);
    expect(facts.svgs).toBeGreaterThanOrEqual(3);
    expect(statSync(join(OUT, "sheet.png")).size).toBeGreaterThan(10_000);
    const pdf = readFileSync(join(OUT, "sheet.pdf"));
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    // One question per page at least: the PDF has more page objects than the sheet has sections.
    expect((pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length).toBeGreaterThanOrEqual(facts.sections);
  });
});
