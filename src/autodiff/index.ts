export { grad, valueAndGrad, vjp, jacobian, linearize, type Fn } from "./grad.js";
export { gradcheck, type GradcheckOptions, type GradcheckResult, type GradcheckWorst } from "./gradcheck.js";
export { rules, type Rule, type Vjp } from "./rules.js";
