/**
 * D.3: one gradient-descent step on f(x, y) = y² + (y − x)² from a start point, for three step
 * sizes, and the distance of each result from the minimum (0, 0). The reference is computed from
 * the hand-derived gradient (2(x − y), 4y − 2x); the oracle takes the gradient by central
 * differences (exact up to rounding on a quadratic) and runs the step.
 */
import { Rng } from "../../tensor/rng.js";
import { Tally, fmt, readNumber, readVector, withOracle, type Reference } from "../b/oracle.js";
import type { Question, Verification } from "../types.js";

const f = (x: number, y: number): number => y * y + (y - x) * (y - x);

interface Instance {
  start: [number, number];
  steps: [number, number, number];
}

const PUBLISHED: Instance = { start: [1, 1], steps: [0.01, 0.1, 10] };
const POINTS = ["A", "B", "C"] as const;
const DISTANCES = ["D", "E", "F"] as const;

function analyticStep(inst: Instance, eta: number): [number, number] {
  const [x, y] = inst.start;
  return [x - eta * 2 * (x - y), y - eta * (4 * y - 2 * x)];
}

function referenceOf(inst: Instance): Reference {
  const ref: Reference = {};
  inst.steps.forEach((eta, i) => {
    const p = analyticStep(inst, eta);
    ref[POINTS[i]] = `(${fmt(p[0])}, ${fmt(p[1])})`;
    ref[DISTANCES[i]] = fmt(Math.hypot(p[0], p[1]));
  });
  return ref;
}

function checkInstance(inst: Instance, reference: Reference, seed: number): Verification {
  const t = new Tally(1e-5);
  const h = 1e-3;
  const [x, y] = inst.start;
  const gx = (f(x + h, y) - f(x - h, y)) / (2 * h);
  const gy = (f(x, y + h) - f(x, y - h)) / (2 * h);
  // The minimum: f is a sum of squares and vanishes at the origin only.
  t.holds("f(0, 0) = 0 is the minimum", f(0, 0) === 0);
  inst.steps.forEach((eta, i) => {
    const p = [x - eta * gx, y - eta * gy];
    t.closeAll(`point after a step of ${eta}`, p, readVector(reference, POINTS[i]));
    t.close(`distance after a step of ${eta}`, Math.hypot(p[0], p[1]), readNumber(reference, DISTANCES[i]));
  });
  return t.result(
    "central differences and one step",
    seed,
    `Gradient of f at (${x}, ${y}) by central differences, one step of each size ${inst.steps.join(", ")}, Euclidean distance to (0, 0); reference printed to 6 digits.`,
  );
}

function build(inst: Instance, title: string): Question {
  const [x, y] = inst.start;
  const [e1, e2, e3] = inst.steps;
  return withOracle(
    {
      id: "gd-one-step",
      title,
      section: "D",
      source: "fourth assignment, D.3",
      prompt:
        `Let $f(x, y) = y^2 + (y - x)^2$, whose minimum is $(0, 0)$. Take one gradient-descent step from $(${x}, ${y})$ ` +
        `with step size $${e1}$ (point $A$), $${e2}$ (point $B$) and $${e3}$ (point $C$). ` +
        "Give each point as $(x, y)$ and its Euclidean distance from the minimum as $D$, $E$, $F$ respectively.",
      symbols: { symbols: [] },
      slots: [...POINTS, ...DISTANCES],
      reference: referenceOf(inst),
      kind: "numeric",
      grading: "vector",
      tolerance: 1e-3,
      explanation:
        "$\\nabla f = (2(x - y),\\ 4y - 2x)$. A small step moves towards the minimum; a step of 10 overshoots " +
        "along the steep direction and lands further away than it started: the step size must stay below $2/\\lambda_{\\max}$ of the Hessian.",
      variant: (s: number) => variant(s),
    },
    (ref, s) => checkInstance(inst, ref, s),
  );
}

/** A start point of small integers and three step sizes from one decade each. */
function variant(seed: number): Question {
  const rng = new Rng(seed).fork("gd-one-step");
  const start: [number, number] = [rng.int(-3, 3), rng.int(-3, 3)];
  if (start[0] === 0 && start[1] === 0) start[0] = 1;
  const steps: [number, number, number] = [rng.pick([0.01, 0.02, 0.05]), rng.pick([0.1, 0.2, 0.25]), rng.pick([1, 2, 10])];
  return build({ start, steps }, `One gradient-descent step (variant ${seed})`);
}

export const gdOneStep: Question = build(PUBLISHED, "One gradient-descent step, three step sizes");
export function checkGdOneStep(reference: Reference, seed: number): Verification {
  return checkInstance(PUBLISHED, reference, seed);
}
export { variant as gdOneStepVariant };
