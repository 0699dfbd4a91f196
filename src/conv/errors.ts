/**
 * The one error type of the convolution calculator. `index` and `layer` locate a problem in a
 * layer spec (the Input line is index 0, the first layer after it 1) so that every message a
 * student sees names the layer it is about.
 */
export class ConvError extends Error {
  constructor(
    message: string,
    readonly index: number | null = null,
    readonly layer: string | null = null,
  ) {
    super(message);
    this.name = "ConvError";
  }

  /** The same reason, located at a layer of a spec. */
  at(index: number, layer: string): ConvError {
    return new ConvError(`layer ${index} (${layer}): ${this.message}`, index, layer);
  }
}
