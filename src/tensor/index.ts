export { Tensor, type Nested, type Axis } from "./tensor.js";
export { tensor, zeros, ones, full, eye, scalar, randn, rand, type TensorData } from "./create.js";
export { conv2d, maxPool2d, avgPool2d, prelu, crossEntropy, type Conv2dOptions, type PoolOptions, type Pair } from "./nn.js";
export { concat, stack } from "./join.js";
export { Rng } from "./rng.js";
export { shapeStr, sameShape, broadcastShapes } from "./shape.js";
