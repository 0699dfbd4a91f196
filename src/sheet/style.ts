/** The sheet's own stylesheet: readable on screen, one question per printed page section, no colour needed to read a verdict. */
export const SHEET_CSS = `
:root { --ok: #1e7b34; --bad: #b3261e; --muted: #5f6368; --rule: #d9dce1; }
* { box-sizing: border-box; }
body { font: 16px/1.55 Georgia, "Times New Roman", serif; color: #1b1b1b; max-width: 58rem; margin: 0 auto; padding: 2rem 1.5rem 4rem; background: #fff; }
header.sheet { border-bottom: 2px solid #1b1b1b; margin-bottom: 1.5rem; }
header.sheet h1 { margin: 0 0 .25rem; font-size: 1.9rem; }
header.sheet p { margin: .25rem 0; color: var(--muted); }
nav.toc ol { columns: 2; font-size: .92rem; padding-left: 1.4rem; }
nav.toc a { color: inherit; text-decoration: none; }
nav.toc .mark-ok { color: var(--ok); } nav.toc .mark-bad { color: var(--bad); }
section.question { border-top: 1px solid var(--rule); padding-top: 1rem; margin-top: 2rem; }
section.question > h2 { margin: 0; font-size: 1.35rem; }
section.question > h2 .qid { font: .8rem/1 ui-monospace, Menlo, Consolas, monospace; color: var(--muted); margin-left: .5rem; }
.source { color: var(--muted); font-size: .9rem; margin: .2rem 0 .8rem; }
h3 { font-size: 1.05rem; margin: 1.1rem 0 .4rem; text-transform: uppercase; letter-spacing: .04em; color: #333; }
h4, h5, h6 { font-size: 1rem; margin: .9rem 0 .3rem; }
.answer { background: #f6f8fb; border-left: 4px solid #1f5fa8; padding: .4rem 1rem; overflow-x: auto; }
.derivation .step { display: grid; grid-template-columns: 1fr auto; gap: 1rem; align-items: center; border-left: 3px solid var(--rule); padding-left: .8rem; margin: .3rem 0; overflow-x: auto; }
.derivation .step.bad { border-left-color: var(--bad); background: #fdf3f2; }
.derivation .step.good { border-left-color: var(--ok); }
.verdict { font: .85rem/1.3 ui-sans-serif, system-ui, sans-serif; white-space: nowrap; }
.verdict.ok { color: var(--ok); } .verdict.bad { color: var(--bad); white-space: normal; max-width: 18rem; }
.badge { display: inline-block; font: .85rem/1.4 ui-sans-serif, system-ui, sans-serif; border: 1.5px solid var(--ok); color: var(--ok); border-radius: 4px; padding: .25rem .6rem; margin: .4rem 0; }
.badge.bad { border-color: var(--bad); color: var(--bad); }
.badge strong { text-transform: uppercase; letter-spacing: .04em; }
.detail { color: var(--muted); font-size: .9rem; }
table.data { border-collapse: collapse; margin: .5rem 0; font: .9rem/1.4 ui-sans-serif, system-ui, sans-serif; }
table.data th, table.data td { border: 1px solid var(--rule); padding: .2rem .6rem; text-align: right; }
table.data th { background: #f2f3f5; } table.data td:first-child, table.data th:first-child { text-align: left; }
figure { margin: .8rem 0; } figure svg { max-width: 100%; height: auto; }
svg .plot-title { font: bold 14px sans-serif; } svg .tick { font: 11px sans-serif; fill: #333; }
svg .axis-label { font: 12px sans-serif; fill: #111; } svg .legend { font: 11px sans-serif; fill: #111; }
code { font: .88em ui-monospace, Menlo, Consolas, monospace; background: #f2f3f5; padding: 0 .2em; }
.katex-display { margin: .5em 0; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  nav.toc { display: none; }
  section.question { break-before: page; border-top: none; margin-top: 0; }
  section.question:first-of-type { break-before: auto; }
  .derivation .step, figure, table.data, .answer, .badge { break-inside: avoid; }
  .derivation .step.bad, .answer { background: none; }
  a { color: inherit; text-decoration: none; }
}
`;
