/**
 * Section C of QUESTIONS.md: questions answered in prose, which no oracle can check. These model
 * answers are shown on the sheet marked as explanations; they are never graded.
 */
export interface Explanation {
  id: string;
  title: string;
  source: string;
  /** The question, Markdown with LaTeX. */
  prompt: string;
  /** The model answer, Markdown with LaTeX. */
  answer: string;
}

export const sectionC: Explanation[] = [
  {
    id: "block-backprop-drawback",
    title: "Backpropagating through a block as a whole",
    source: "UvA DL, theory 3c",
    prompt: "Mention one drawback of performing backpropagation for a block of modules as a whole.",
    answer:
      "The block's gradient formulas must be derived and coded again for every new combination of layers, and they cannot reuse " +
      "the tested backward rules of the parts; a change of activation or an added bias means new formulas. It also fixes which " +
      "intermediate values are stored, so memory cannot be traded for recomputation per layer, and the hand-derived closed form is easy to get subtly wrong.",
  },
  {
    id: "bias-without-new-object",
    title: "Adding biases without a new parameter object",
    source: "UvA DL, theory 3d",
    prompt: "Explain how to add biases to the linear layers without introducing a new vector $b$.",
    answer:
      "Append a column of ones to the input, $\\tilde X = [X, \\mathbf{1}]$, and a column to the weights, $\\tilde W = [W, b]$: " +
      "$\\tilde X \\tilde W^\\top = X W^\\top + \\mathbf{1} b^\\top$. The existing gradient formula for $W$ then yields the bias gradient as its last column, $(A \\circ B)^\\top \\mathbf{1}$.",
  },
  {
    id: "batchnorm-simultaneous-updates",
    title: "Batch normalization and simultaneous parameter updates",
    source: "UvA DL, theory 5a",
    prompt: "Explain how batch normalization alleviates the problem that all parameters change at once.",
    answer:
      "Each layer's gradient assumes the distribution of its inputs stays fixed, but the layers below move in the same step. " +
      "Batch normalization re-standardizes every layer's pre-activations to zero mean and unit variance (then a learned scale and shift), " +
      "so a layer's input statistics change far less when earlier layers update, and each gradient step stays valid for longer.",
  },
  {
    id: "dead-neurons",
    title: "Dead ReLU neurons, and how batch normalization prevents them",
    source: "UvA DL, theory 5b–5c",
    prompt: "Explain the concept of a dead neuron, how it harms training, and how batch normalization prevents it.",
    answer:
      "A ReLU unit whose pre-activation is negative for every input outputs 0 and has gradient 0 everywhere: its incoming weights never " +
      "change again, so the unit is lost capacity, and if a whole layer dies the network collapses to a constant. Batch normalization " +
      "centres each unit's pre-activation over the batch, so roughly half of the inputs land on the positive side and the unit keeps receiving gradient.",
  },
  {
    id: "regularise-weights-not-biases",
    title: "Why regularization applies to weights and not biases",
    source: "UvA DL, theory 7a",
    prompt: "Explain why regularization is applied to the weights and not to the biases.",
    answer:
      "Weights control how strongly the output reacts to the input, which is what overfitting exploits; a bias only shifts a unit and " +
      "interacts with no input variable, so it adds little variance. There are few biases, and shrinking them towards 0 would force " +
      "activations through the origin and can cause underfitting (or dead ReLUs) without any gain in generalization.",
  },
  {
    id: "l2-versus-max-norm",
    title: "L2 regularization versus max-norm",
    source: "UvA DL, theory 7b",
    prompt: "What are the differences between a norm-2 regularizer and its max-norm counterpart?",
    answer:
      "L2 adds $\\lambda \\|w\\|_2^2$ to the loss: a soft penalty that shrinks every weight at every step, in proportion to its size. " +
      "Max-norm is a hard constraint $\\|w\\|_2 \\le c$ on each unit's incoming weight vector, enforced by projecting back after a step: weights inside the ball " +
      "are not touched at all, and the norm can never blow up, which allows large learning rates (it pairs well with dropout).",
  },
];
