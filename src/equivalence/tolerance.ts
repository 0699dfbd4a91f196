/**
 * When two evaluated formulas count as equal. Entrywise, with the scale taken from the larger
 * infinity norm of the two values, so that entries near zero are judged against the size of the
 * whole result rather than against themselves:
 *
 *     |a_ij − b_ij| ≤ ATOL + RTOL · max(‖a‖∞, ‖b‖∞)
 *
 * ATOL = 1e-9 is the floor for results that are entirely near zero; RTOL = 1e-7 leaves room for
 * float64 rounding in long chains and for autodiff against closed forms, and is still orders of
 * magnitude below any real mistake (a wrong sign, a factor 2, h for h', a missing transpose).
 */
import { ATOL, RTOL, compareValues, compareWithStderr, type Comparison } from "../symbolic/tolerance.js";

export { ATOL, RTOL, compareValues, compareWithStderr, type Comparison };
