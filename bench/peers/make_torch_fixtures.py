"""PyTorch float64 reference fixtures for test/parity/torch.test.ts.

Run with Debian's interpreter, which has torch:  /usr/bin/python3 bench/peers/make_torch_fixtures.py

Every case is a small *program*: a list of steps [out, op, args, opts] whose op names are gradsheet's
API names (add, matmul, leakyRelu, conv2d, maxPool2d, crossEntropy, ...). This file runs each
program in PyTorch (OPS below maps every op name to torch) and the TypeScript test runs the same
program through gradsheet (its own OPS table, same names). So the graphs are written once, here, and
travel with the fixture. For each case we store the inputs (flat values + shape), the program, the
forward value of its last step `out`, the loss sum(R * out) for a seeded random R, and the gradient
of that loss with respect to every input marked differentiable.

Output: test/parity/fixtures/<group>.json, one file per group of cases.
"""
import json
import os
import random
import sys

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.join(HERE, "..", "..", "test", "parity", "fixtures")


# ---- the op table: gradsheet op name -> torch ----

def _axes(x, axis):
    if axis is None:
        return tuple(range(x.dim()))
    return tuple(axis) if isinstance(axis, list) else (axis,)


def _transpose(x, o):
    axes = o.get("axes", [])
    if len(axes) == 0:
        return x.permute(*reversed(range(x.dim())))
    if len(axes) == 2:
        return torch.transpose(x, axes[0], axes[1])
    return x.permute(*axes)


def _reduce(fn):
    def run(x, o):
        axes = _axes(x, o.get("axis"))
        keep = o.get("keepdims", False)
        return fn(x, dim=axes, keepdim=keep)
    return run


def _slice(x, o):
    """gradsheet's slice(axis, start, end?) has Array.slice positions, which are Python's."""
    axis = o["axis"] % x.dim()
    return x[(slice(None),) * axis + (slice(o["start"], o.get("end")),)]


def _pool_common(o):
    k = o["kernel"]
    return dict(kernel_size=k, stride=o.get("stride") or k, padding=o.get("padding", 0), ceil_mode=o.get("ceilMode", False))


def _max_pool(x, o):
    return F.max_pool2d(x, dilation=o.get("dilation", 1), **_pool_common(o))


def _avg_pool(x, o):
    return F.avg_pool2d(x, count_include_pad=o.get("countIncludePad", True),
                        divisor_override=o.get("divisorOverride"), **_pool_common(o))


def _conv(x, w, *rest, o):
    bias = rest[0] if rest else None
    return F.conv2d(x, w, bias, stride=o.get("stride", 1), padding=o.get("padding", 0), dilation=o.get("dilation", 1))


def _cross_entropy(logits, targets, o):
    if targets.dim() == logits.dim() - 1:
        targets = targets.long()
    return F.cross_entropy(logits, targets)


UNARY = {
    "neg": torch.neg, "exp": torch.exp, "log": torch.log, "tanh": torch.tanh, "sigmoid": torch.sigmoid,
    "relu": torch.relu, "softplus": F.softplus, "sin": torch.sin, "cos": torch.cos, "abs": torch.abs,
    "sqrt": torch.sqrt, "square": torch.square,
}
BINARY = {
    "add": torch.add, "sub": torch.sub, "mul": torch.mul, "div": torch.div, "pow": torch.pow,
    "maximum": torch.maximum, "minimum": torch.minimum, "matmul": torch.matmul,
}
WITH_OPTS = {
    "leakyRelu": lambda x, o: F.leaky_relu(x, o.get("alpha", 0.01)),
    "T": lambda x, o: x.t(),
    "transpose": _transpose,
    "reshape": lambda x, o: x.reshape(o["shape"]),
    "sum": _reduce(torch.sum),
    "mean": _reduce(torch.mean),
    # gradsheet's max reduction is torch.amax: ties share the gradient evenly (docs/autodiff.md).
    "max": _reduce(torch.amax),
    "min": _reduce(torch.amin),
    "slice": _slice,
    "select": lambda x, o: torch.select(x, o["axis"], o["index"]),
    "squeeze": lambda x, o: x.squeeze() if "axis" not in o else x.squeeze(o["axis"]),
    "unsqueeze": lambda x, o: x.unsqueeze(o["axis"]),
    "softmax": lambda x, o: torch.softmax(x, o.get("axis", -1)),
    "logSoftmax": lambda x, o: torch.log_softmax(x, o.get("axis", -1)),
    "maxPool2d": _max_pool,
    "avgPool2d": _avg_pool,
}


def apply_op(op, args, o):
    if op in UNARY:
        return UNARY[op](*args)
    if op in BINARY:
        a, b = args
        if not torch.is_tensor(b):
            b = torch.tensor(float(b))
        if not torch.is_tensor(a):
            a = torch.tensor(float(a))
        return BINARY[op](a, b)
    if op in WITH_OPTS:
        return WITH_OPTS[op](*args, o)
    if op == "conv2d":
        return _conv(*args, o=o)
    if op == "concat":
        return torch.cat(args, o["axis"])
    if op == "stack":
        return torch.stack(args, o["axis"])
    if op == "prelu":
        return F.prelu(*args)
    if op == "crossEntropy":
        return _cross_entropy(*args, o)
    raise KeyError(f"no torch mapping for op {op}")


def run_program(program, env):
    env = dict(env)
    for step in program:
        out, op, args = step[0], step[1], step[2]
        o = step[3] if len(step) > 3 else {}
        vals = [env[a] if isinstance(a, str) else a for a in args]
        env[out] = apply_op(op, vals, o)
    return env["out"]


# ---- inputs ----

def draw(gen, shape, dist):
    """dist: normal | pos | pos-zeros-in | masked (-inf in column 1) | with-inf (and +inf in column 2)
    | list:v,v,... (given values) | ints (small integers: ties on purpose) | zeros-in (normal with exact zeros)
    | index:C (class indices) | probs (rows summing to 1) | onehot:C | uniform:lo:hi."""
    size = tuple(shape)
    if dist == "normal":
        return torch.randn(size, generator=gen)
    if dist == "pos":
        return torch.rand(size, generator=gen) * 1.5 + 0.5
    if dist == "ints":
        return torch.randint(-2, 3, size, generator=gen).double()
    if dist == "zeros-in":
        x = torch.randn(size, generator=gen)
        flat = x.view(-1)
        flat[:: 3] = 0.0
        return x
    if dist == "pos-zeros-in":
        x = torch.rand(size, generator=gen) * 1.5 + 0.5
        x.view(-1)[:: 3] = 0.0
        return x
    if dist in ("masked", "with-inf"):
        # -inf in column 1 of every row (a masked logit); with-inf also +inf in column 2
        x = torch.randn(size, generator=gen)
        x[..., 1] = float("-inf")
        if dist == "with-inf":
            x[..., 2] = float("inf")
        return x
    if dist.startswith("list:"):
        return torch.tensor([float(v) for v in dist[5:].split(",")]).reshape(size)
    if dist.startswith("uniform:"):
        lo, hi = map(float, dist.split(":")[1:])
        return torch.rand(size, generator=gen) * (hi - lo) + lo
    if dist.startswith("index:"):
        c = int(dist.split(":")[1])
        return torch.randint(0, c, size, generator=gen).double()
    if dist == "probs":
        return torch.softmax(torch.randn(size, generator=gen) * 2, -1)
    if dist.startswith("onehot:"):
        c = int(dist.split(":")[1])
        idx = torch.randint(0, c, size[:-1], generator=gen)
        return F.one_hot(idx, c).double()
    raise KeyError(dist)


def _json_number(v):
    """JSON has no infinities: they travel as the strings JavaScript's Number() reads back."""
    v = float(v)
    if v == float("inf"):
        return "Infinity"
    if v == float("-inf"):
        return "-Infinity"
    if v != v:
        return "NaN"
    return v


def flat(t):
    return [_json_number(v) for v in t.detach().reshape(-1).tolist()]


JACOBIAN_MAX = 400


# ---- large cases, stored compactly ----
# Inputs of the "grid" distribution are not stored: entry i of a grid with seed s is
# ((i·2654435761 + 97·s) mod 65536) / 32768 − 1, a multiple of 2⁻¹⁵ in [−1, 1) that both sides
# compute exactly in integer arithmetic (no ties within 65536 entries). Large expected tensors are
# stored as a summary: a checksum Σ wᵢ tᵢ with w the grid of seed CHECK_SEED, its scale Σ |wᵢ tᵢ|,
# and a sample of entries (the first and last four and about 24 spread between).

CHECK_SEED = 7777


def grid(shape, s):
    n = 1
    for d in shape:
        n *= d
    vals = [((i * 2654435761 + 97 * s) % 65536) / 32768 - 1 for i in range(n)]
    return torch.tensor(vals).reshape(tuple(shape))


def summary(t):
    v = t.detach().reshape(-1)
    n = v.numel()
    w = grid([n], CHECK_SEED)
    step = max(1, n // 24)
    idx = sorted(set(list(range(min(4, n))) + list(range(max(0, n - 4), n)) + list(range(0, n, step))))
    return {"shape": list(t.shape), "summary": {"checksum": float((w * v).sum()), "scale": float((w * v).abs().sum()),
                                                 "sample": [[i, float(v[i])] for i in idx]}}


def stored(t, compact):
    return summary(t) if compact else {"shape": list(t.shape), "data": flat(t)}


def make_case(name, seed, inputs, program, compact=False):
    """inputs: list of (name, shape, dist, differentiable). compact: the large-case storage above."""
    gen = torch.Generator().manual_seed(seed)
    env, spec = {}, []
    for j, (iname, shape, dist, diff) in enumerate(inputs):
        if dist == "grid":
            t = grid(shape, seed * 16 + j)
            entry = {"name": iname, "shape": list(shape), "grid": seed * 16 + j, "grad": diff}
        else:
            t = draw(gen, shape, dist)
            entry = {"name": iname, "shape": list(shape), "data": flat(t), "grad": diff}
        if diff:
            t.requires_grad_(True)
        env[iname] = t
        spec.append(entry)
    out = run_program(program, env)
    if compact:
        R = grid(out.shape, seed * 16 + 15)
        r_spec = {"shape": list(out.shape), "grid": seed * 16 + 15}
    else:
        R = torch.randn(tuple(out.shape), generator=gen)
        r_spec = {"shape": list(out.shape), "data": flat(R)}
    loss = (R * out).sum()
    diff_names = [i["name"] for i in spec if i["grad"]]
    grads = torch.autograd.grad(loss, [env[n] for n in diff_names], allow_unused=True)
    for n, g in zip(diff_names, grads):
        if g is None:
            sys.exit(f"{name}: input {n} does not reach the output")
    for v in [out, loss, *grads]:
        if not torch.isfinite(v).all():
            sys.exit(f"{name}: non-finite value in the reference")
    case = {
        "name": name,
        "seed": seed,
        "inputs": spec,
        "program": program,
        "R": r_spec,
        "value": stored(out, compact),
        "loss": loss.item(),
        "grads": {n: stored(g, compact) for n, g in zip(diff_names, grads)},
    }
    # With one differentiable input and a small output, also the full Jacobian d out / d input.
    if not compact and len(diff_names) == 1 and out.numel() * env[diff_names[0]].numel() <= JACOBIAN_MAX:
        only = diff_names[0]
        J = torch.autograd.functional.jacobian(lambda x: run_program(program, {**env, only: x}), env[only].detach())
        case["jacobian"] = {"shape": list(J.shape), "data": flat(J)}
    return case


def D(name, shape, dist="normal"):
    return (name, shape, dist, True)


def C(name, shape, dist):
    """A constant input (no gradient): class indices, targets."""
    return (name, shape, dist, False)


# ---- the cases ----

def block_cases():
    """sum(R ∘ (h(X Wᵀ) Vᵀ)) for the activations of the block-gradient questions."""
    acts = [("tanh", {}), ("sigmoid", {}), ("softplus", {}), ("sin", {}), ("relu", {}),
            ("leakyRelu", {"alpha": 0.1}), ("leakyRelu", {"alpha": 0.01}), ("cos", {})]
    cases = []
    for i, (h, o) in enumerate(acts):
        suffix = f"-{o['alpha']}" if o else ""
        shapes = [(4, 3), (5, 3), (2, 5)] if i % 2 == 0 else [(1, 6), (3, 6), (4, 3)]
        cases.append(make_case(f"block-{h}{suffix}", 100 + i,
                               [D("X", shapes[0]), D("W", shapes[1]), D("V", shapes[2])],
                               [["Wt", "T", ["W"]],
                                ["Z", "matmul", ["X", "Wt"]],
                                ["H", h, ["Z"], o],
                                ["Vt", "T", ["V"]],
                                ["out", "matmul", ["H", "Vt"]]]))
    cases.append(make_case("block-relu-kinks", 120, [D("X", (4, 3), "ints"), D("W", (5, 3), "ints"), D("V", (2, 5))],
                           [["Wt", "T", ["W"]], ["Z", "matmul", ["X", "Wt"]], ["H", "relu", ["Z"]], ["Vt", "T", ["V"]],
                            ["out", "matmul", ["H", "Vt"]]]))
    return cases


def unary_cases():
    specs = [
        ("exp", "normal"), ("log", "pos"), ("sqrt", "pos"), ("abs", "zeros-in"), ("tanh", "normal"),
        ("sigmoid", "uniform:-30:30"), ("softplus", "uniform:-30:30"), ("sin", "uniform:-6:6"),
        ("cos", "uniform:-6:6"), ("relu", "zeros-in"), ("neg", "normal"),
    ]
    cases = [make_case(f"unary-{op}", 200 + i, [D("x", (3, 4), dist)], [["out", op, ["x"]]])
             for i, (op, dist) in enumerate(specs)]
    # leakyRelu at exact zeros takes the negative-side slope, as torch (x > 0 ? 1 : alpha).
    for j, alpha in enumerate([0.01, 0.2, -0.5]):
        cases.append(make_case(f"unary-leakyRelu-{alpha}", 250 + j, [D("x", (2, 3, 2), "zeros-in")],
                               [["out", "leakyRelu", ["x"], {"alpha": alpha}]]))
    # saturated activations: no overflow, and torch's softplus threshold (x > 20 returns x) stays inside the tolerance
    for j, op in enumerate(["sigmoid", "tanh", "softplus"]):
        cases.append(make_case(f"unary-{op}-extremes", 240 + j, [D("x", (4, 4), "uniform:-800:800")], [["out", op, ["x"]]]))
    cases.append(make_case("unary-leakyRelu-default", 253, [D("x", (3, 3), "zeros-in")], [["out", "leakyRelu", ["x"]]]))
    for j, p in enumerate([0.5, -1, 0, 1, 2.5]):
        cases.append(make_case(f"unary-pow-number-{p}", 270 + j, [D("x", (2, 3), "pos")], [["out", "pow", ["x", p]]]))
    cases.append(make_case("unary-same-operand-twice", 261, [D("x", (3, 3))],
                           [["a", "mul", ["x", "x"]], ["b", "sub", ["x", "x"]], ["xt", "T", ["x"]], ["c", "matmul", ["x", "xt"]],
                            ["d", "maximum", ["x", "x"]], ["ab", "add", ["a", "b"]], ["cd", "add", ["c", "d"]], ["out", "mul", ["ab", "cd"]]]))
    # a value used several times: gradients accumulate
    cases.append(make_case("unary-reuse", 260, [D("x", (5,))],
                           [["a", "mul", ["x", "x"]], ["b", "sin", ["x"]], ["c", "mul", ["a", "b"]],
                            ["out", "add", ["c", "x"]]]))
    return cases


def broadcast_cases():
    pairs = [((3, 1), (1, 4)), ((2, 3, 4), (4,)), ((4,), (2, 3, 4)), ((2, 1, 3), (4, 1)), ((3, 4), ()),
             ((), (2, 2)), ((1, 3), (2, 3))]
    ops = ["add", "sub", "mul", "div", "pow", "maximum", "minimum"]
    cases = []
    for i, op in enumerate(ops):
        for j, (sa, sb) in enumerate(pairs):
            if (i + j) % 3 != 0 and j not in (0, 1):
                continue  # every op over [3,1]x[1,4] and [2,3,4]x[4]; the other shapes spread over ops
            da = "pos" if op == "pow" else "normal"
            db = "pos" if op == "div" else "normal"
            cases.append(make_case(f"broadcast-{op}-{'x'.join(map(str, sa)) or 'scalar'}-{'x'.join(map(str, sb)) or 'scalar'}",
                                   300 + 10 * i + j, [D("a", sa, da), D("b", sb, db)], [["out", op, ["a", "b"]]]))
    # number operands on either side
    cases.append(make_case("broadcast-number-ops", 390, [D("x", (2, 3), "pos")],
                           [["a", "mul", ["x", 2.5]], ["b", "sub", [1.0, "a"]], ["c", "div", [3.0, "x"]],
                            ["d", "pow", ["x", 3]], ["e", "pow", [2.0, "x"]], ["f", "add", ["b", "c"]],
                            ["g", "add", ["d", "e"]], ["out", "maximum", ["f", "g"]]]))
    cases.append(make_case("broadcast-pow-negative-base", 391, [D("x", (2, 4))],
                           [["out", "pow", ["x", 3]]]))
    # zero bases: torch masks d(a^b)/db to 0 where a == 0 and b >= 0, and d(a^b)/da to 0 where b == 0
    cases.append(make_case("broadcast-pow-zero-base", 394, [D("a", (3, 4), "pos-zeros-in"), D("b", (4,), "uniform:1.5:3")],
                           [["out", "pow", ["a", "b"]]]))
    cases.append(make_case("broadcast-pow-int-exponents", 395, [D("a", (3, 3), "ints"), D("b", (3, 3), "ints")],
                           [["e", "relu", ["b"]], ["ab", "abs", ["a"]], ["out", "pow", ["ab", "e"]]]))
    cases.append(make_case("broadcast-maximum-number-ties", 396, [D("x", (3, 4), "zeros-in")],
                           [["out", "maximum", ["x", 0.0]]]))
    cases.append(make_case("broadcast-size1-and-scalar", 397, [D("a", (1,)), D("b", ()), D("c", (2, 1, 1))],
                           [["ab", "mul", ["a", "b"]], ["out", "div", ["c", "ab"]]]))
    # ties: maximum/minimum split the gradient evenly
    cases.append(make_case("broadcast-maximum-ties", 392, [D("a", (4, 1), "ints"), D("b", (1, 5), "ints")],
                           [["out", "maximum", ["a", "b"]]]))
    cases.append(make_case("broadcast-minimum-ties", 393, [D("a", (3, 4), "ints"), D("b", (4,), "ints")],
                           [["out", "minimum", ["a", "b"]]]))
    return cases


def reduce_cases():
    specs = [
        ("sum", None, False), ("sum", 0, False), ("sum", [0, 2], True), ("sum", -1, True),
        ("mean", None, False), ("mean", 1, False), ("mean", [1, 2], True), ("mean", -3, False),
        ("max", None, False), ("max", 2, False), ("max", [0, 1], True), ("max", 1, True),
    ]
    cases = []
    for i, (op, axis, keep) in enumerate(specs):
        o = {"keepdims": keep}
        if axis is not None:
            o["axis"] = axis
        ax = "all" if axis is None else ("_".join(map(str, axis)) if isinstance(axis, list) else str(axis))
        cases.append(make_case(f"reduce-{op}-{ax}{'-keep' if keep else ''}", 400 + i, [D("x", (2, 3, 4))],
                               [["out", op, ["x"], o]]))
    cases.append(make_case("reduce-sum-negative-axes", 412, [D("x", (2, 3, 4))], [["out", "sum", ["x"], {"axis": [-1, -3]}]]))
    cases.append(make_case("reduce-mean-all-keep", 413, [D("x", (2, 3))], [["out", "mean", ["x"], {"keepdims": True}]]))
    cases.append(make_case("reduce-size1-axes", 414, [D("x", (3, 1, 2))],
                           [["a", "max", ["x"], {"axis": 1}], ["b", "mean", ["x"], {"axis": 1}], ["c", "sum", ["x"], {"axis": 1}],
                            ["ab", "mul", ["a", "b"]], ["out", "add", ["ab", "c"]]]))
    cases.append(make_case("reduce-scalar-input", 415, [D("x", ())],
                           [["a", "sum", ["x"], {}], ["b", "max", ["x"], {}], ["out", "mul", ["a", "b"]]]))
    # ties in the max reduction share the gradient evenly (torch.amax)
    cases.append(make_case("reduce-max-ties", 420, [D("x", (3, 5), "ints")], [["out", "max", ["x"], {"axis": 1}]]))
    cases.append(make_case("reduce-max-ties-all", 421, [D("x", (2, 3), "ints")], [["out", "max", ["x"], {}]]))
    return cases


def layout_cases():
    return [
        make_case("layout-reshape", 500, [D("x", (2, 3, 4))],
                  [["a", "reshape", ["x"], {"shape": [4, -1]}], ["b", "sin", ["a"]],
                   ["out", "reshape", ["b"], {"shape": [3, 2, 4]}]]),
        make_case("layout-T", 501, [D("x", (3, 5)), D("y", (5, 3))],
                  [["a", "T", ["x"]], ["out", "mul", ["a", "y"]]]),
        make_case("layout-transpose-swap", 502, [D("x", (2, 3, 4))],
                  [["a", "transpose", ["x"], {"axes": [0, 2]}], ["out", "exp", ["a"]]]),
        make_case("layout-transpose-perm", 503, [D("x", (2, 3, 4, 5))],
                  [["a", "transpose", ["x"], {"axes": [2, 0, 3, 1]}], ["out", "tanh", ["a"]]]),
        make_case("layout-transpose-reverse", 504, [D("x", (2, 3, 4))],
                  [["a", "transpose", ["x"], {}], ["out", "reshape", ["a"], {"shape": [12, 2]}]]),
        make_case("layout-transpose-2d-default", 506, [D("x", (2, 5))],
                  [["a", "transpose", ["x"], {}], ["out", "sigmoid", ["a"]]]),
        make_case("layout-transpose-same-axis-2d", 508, [D("x", (2, 3))],
                  [["a", "transpose", ["x"], {"axes": [1, 1]}], ["b", "transpose", ["a"], {"axes": [-2, 0]}],
                   ["out", "exp", ["b"]]]),
        make_case("layout-transpose-same-axis-3d", 507, [D("x", (2, 3, 2))],
                  [["a", "transpose", ["x"], {"axes": [2, -1]}], ["out", "exp", ["a"]]]),
        make_case("layout-reshape-transpose-matmul", 505, [D("x", (6, 4)), D("w", (3, 2))],
                  [["a", "reshape", ["x"], {"shape": [2, 3, 4]}], ["b", "transpose", ["a"], {"axes": [1, 2]}],
                   ["out", "matmul", ["b", "w"]]]),
    ]


def matmul_cases():
    shapes = [((3, 4), (4, 2)), ((1, 5), (5, 1)), ((2, 3, 4), (2, 4, 5)), ((2, 1, 3, 4), (3, 4, 2)),
              ((3, 4), (2, 4, 5)), ((4,), (4, 3)), ((3, 4), (4,)), ((2, 3, 4), (4,)), ((4,), (4,)), ((3,), (2, 3, 2))]
    return [make_case(f"matmul-{'x'.join(map(str, sa))}-{'x'.join(map(str, sb))}", 600 + i,
                      [D("a", sa), D("b", sb)], [["out", "matmul", ["a", "b"]]])
            for i, (sa, sb) in enumerate(shapes)]


def softmax_cases():
    cases = []
    for i, (op, axis) in enumerate([("softmax", -1), ("softmax", 0), ("softmax", 1), ("logSoftmax", -1),
                                    ("logSoftmax", 0), ("logSoftmax", 1)]):
        cases.append(make_case(f"{op}-axis{axis}", 700 + i, [D("x", (2, 3, 4), "uniform:-8:8")],
                               [["out", op, ["x"], {"axis": axis}]]))
    cases.append(make_case("softmax-default-axis", 706, [D("x", (3, 4))], [["out", "softmax", ["x"]]]))
    cases.append(make_case("logSoftmax-default-axis", 707, [D("x", (2, 2, 3))], [["out", "logSoftmax", ["x"]]]))
    cases.append(make_case("softmax-size1-axis", 708, [D("x", (3, 1))], [["out", "softmax", ["x"], {"axis": 1}]]))
    cases.append(make_case("softmax-1d", 709, [D("x", (5,))], [["out", "softmax", ["x"], {"axis": 0}]]))
    # masked logits (-inf): zero probability and zero gradient there
    cases.append(make_case("softmax-masked", 712, [D("x", (3, 4), "masked")], [["out", "softmax", ["x"], {"axis": -1}]]))
    cases.append(make_case("activations-at-infinity", 713, [D("x", (2, 4), "with-inf"), D("y", (2, 3), "masked")],
                           [["a", "sigmoid", ["x"]], ["b", "tanh", ["x"]], ["ab", "add", ["a", "b"]],
                            ["c", "relu", ["y"]], ["d", "exp", ["y"]], ["e", "softplus", ["y"]], ["cd", "add", ["c", "d"]],
                            ["cde", "add", ["cd", "e"]], ["s", "sum", ["cde"], {"axis": 1, "keepdims": True}],
                            ["out", "mul", ["ab", "s"]]]))
    cases.append(make_case("maxPool2d-masked", 714, [D("x", (1, 2, 4, 4), "masked")],
                           [["out", "maxPool2d", ["x"], {"kernel": 2, "stride": 1, "padding": 1}]]))
    # large logits: the stable forms must not overflow
    cases.append(make_case("softmax-large", 710, [D("x", (3, 4), "uniform:-700:700")],
                           [["out", "softmax", ["x"], {"axis": -1}]]))
    cases.append(make_case("logSoftmax-large", 711, [D("x", (3, 4), "uniform:-700:700")],
                           [["out", "logSoftmax", ["x"], {"axis": -1}]]))
    return cases


def loss_cases():
    return [
        make_case("crossEntropy-index", 800, [D("z", (5, 4)), C("y", (5,), "index:4")],
                  [["out", "crossEntropy", ["z", "y"]]]),
        make_case("crossEntropy-index-batch1", 801, [D("z", (1, 3)), C("y", (1,), "index:3")],
                  [["out", "crossEntropy", ["z", "y"]]]),
        make_case("crossEntropy-onehot", 802, [D("z", (4, 3)), C("y", (4, 3), "onehot:3")],
                  [["out", "crossEntropy", ["z", "y"]]]),
        # probability targets: torch differentiates through them too
        make_case("crossEntropy-probs", 803, [D("z", (3, 5), "uniform:-5:5"), D("p", (3, 5), "probs")],
                  [["out", "crossEntropy", ["z", "p"]]]),
        make_case("crossEntropy-mlp", 804, [D("x", (6, 4)), D("W", (5, 4)), D("b", (5,)), C("y", (6,), "index:5")],
                  [["Wt", "T", ["W"]], ["h", "matmul", ["x", "Wt"]], ["z", "add", ["h", "b"]],
                   ["out", "crossEntropy", ["z", "y"]]]),
        # unnormalised soft targets: torch does not renormalise them
        make_case("crossEntropy-soft-unnormalised", 805, [D("z", (2, 4)), D("p", (2, 4), "uniform:0:2")],
                  [["out", "crossEntropy", ["z", "p"]]]),
        make_case("crossEntropy-unbatched-index", 806, [D("z", (4,)), C("y", (), "index:4")],
                  [["out", "crossEntropy", ["z", "y"]]]),
        make_case("crossEntropy-unbatched-probs", 807, [D("z", (4,)), D("p", (4,), "probs")],
                  [["out", "crossEntropy", ["z", "p"]]]),
        # a masked class (-inf logit) that no target picks: finite loss, zero gradient there
        make_case("crossEntropy-masked-logits", 809, [D("z", (4, 4), "masked"), C("y", (4,), "list:0,2,3,0")],
                  [["out", "crossEntropy", ["z", "y"]]]),
        make_case("crossEntropy-large-logits", 808, [D("z", (3, 4), "uniform:-500:500"), C("y", (3,), "index:4")],
                  [["out", "crossEntropy", ["z", "y"]]]),
        make_case("prelu-channel-3d", 814, [D("x", (2, 4, 3), "zeros-in"), D("t", (4,), "uniform:-0.5:0.5")],
                  [["out", "prelu", ["x", "t"]]]),
        make_case("prelu-scalar-1d", 815, [D("x", (6,), "zeros-in"), D("t", (1,), "uniform:0.05:0.5")],
                  [["out", "prelu", ["x", "t"]]]),
        make_case("prelu-scalar-2d", 810, [D("x", (4, 3), "zeros-in"), D("t", (1,), "uniform:0.05:0.5")],
                  [["out", "prelu", ["x", "t"]]]),
        make_case("prelu-channel-2d", 811, [D("x", (4, 3), "zeros-in"), D("t", (3,), "uniform:-0.5:0.5")],
                  [["out", "prelu", ["x", "t"]]]),
        make_case("prelu-scalar-nchw", 812, [D("x", (2, 3, 2, 3), "zeros-in"), D("t", (1,), "uniform:0.05:0.5")],
                  [["out", "prelu", ["x", "t"]]]),
        make_case("prelu-channel-nchw", 813, [D("x", (2, 3, 2, 3), "zeros-in"), D("t", (3,), "uniform:-0.5:0.5")],
                  [["out", "prelu", ["x", "t"]]]),
    ]


def conv_cases():
    specs = [
        # name, x shape, w shape, bias, opts
        ("plain", (1, 1, 5, 5), (1, 1, 3, 3), False, {}),
        ("channels-bias", (2, 3, 5, 4), (4, 3, 2, 3), True, {}),
        ("stride2", (1, 2, 7, 6), (3, 2, 3, 3), True, {"stride": 2}),
        ("padding1", (2, 2, 4, 5), (2, 2, 3, 3), False, {"padding": 1}),
        ("dilation2", (1, 2, 7, 7), (2, 2, 3, 2), True, {"dilation": 2}),
        ("all-pairs", (2, 3, 9, 8), (2, 3, 3, 2), True, {"stride": [2, 1], "padding": [1, 2], "dilation": [2, 3]}),
        ("stride-skips-tail", (1, 1, 6, 6), (2, 1, 2, 2), False, {"stride": 3}),
        ("1x1", (2, 4, 3, 3), (5, 4, 1, 1), True, {}),
        ("unbatched", (2, 5, 5), (3, 2, 3, 3), True, {"padding": 1, "stride": 2}),
        ("padding-exceeds-kernel", (1, 2, 3, 4), (2, 2, 2, 2), True, {"padding": [3, 2], "stride": [2, 3]}),
        ("kernel-fills-input", (2, 2, 3, 4), (3, 2, 3, 4), True, {}),
        ("dilated-stride-pad", (1, 3, 8, 9), (2, 3, 3, 3), False, {"stride": 3, "padding": 2, "dilation": 3}),
    ]
    cases = []
    for i, (name, xs, ws, bias, o) in enumerate(specs):
        ins = [D("x", xs), D("w", ws)] + ([D("b", (ws[0],))] if bias else [])
        cases.append(make_case(f"conv2d-{name}", 900 + i, ins,
                               [["out", "conv2d", ["x", "w"] + (["b"] if bias else []), o]]))
    return cases


def pool_cases():
    specs = [
        # op, name, x shape, dist, opts
        ("maxPool2d", "k2", (1, 2, 4, 6), "normal", {"kernel": 2}),
        ("maxPool2d", "k3-s1-p1", (2, 1, 5, 5), "normal", {"kernel": 3, "stride": 1, "padding": 1}),
        ("maxPool2d", "ceil-extra-window", (1, 2, 5, 5), "normal", {"kernel": 2, "stride": 2, "ceilMode": True}),
        # ceil mode would start a last window in the right padding: torch drops it (out 3, not 4)
        ("maxPool2d", "ceil-drops-last", (1, 1, 5, 5), "normal", {"kernel": 2, "stride": 2, "padding": 1, "ceilMode": True}),
        ("maxPool2d", "floor-vs-ceil", (1, 1, 5, 5), "normal", {"kernel": 2, "stride": 2, "padding": 1}),
        ("maxPool2d", "nonsquare", (2, 2, 7, 6), "normal", {"kernel": [3, 2], "stride": [2, 3], "padding": [1, 0], "ceilMode": True}),
        ("maxPool2d", "dilation2", (1, 2, 7, 7), "normal", {"kernel": 2, "stride": 2, "dilation": 2, "ceilMode": True}),
        # ties: torch routes the gradient to the first maximum of each window
        ("maxPool2d", "ties-overlap", (1, 1, 5, 5), "ints", {"kernel": 3, "stride": 1}),
        ("maxPool2d", "ties-padded", (1, 2, 4, 4), "ints", {"kernel": 2, "stride": 1, "padding": 1}),
        ("maxPool2d", "unbatched", (2, 5, 4), "normal", {"kernel": 2, "stride": 2, "ceilMode": True}),
        ("maxPool2d", "dilation-padding", (1, 1, 8, 7), "normal", {"kernel": 3, "stride": 2, "padding": 1, "dilation": 2, "ceilMode": True}),
        ("maxPool2d", "stride-exceeds-kernel", (1, 2, 6, 7), "normal", {"kernel": 2, "stride": 3, "padding": 1, "ceilMode": True}),
        # all inputs negative: a padded position must never win the max
        ("maxPool2d", "negative-padded", (1, 2, 4, 5), "uniform:-3:-0.5", {"kernel": 3, "stride": 2, "padding": 1, "ceilMode": True}),
        ("maxPool2d", "whole-input", (2, 1, 3, 4), "normal", {"kernel": [3, 4]}),
        ("avgPool2d", "k2", (1, 2, 4, 6), "normal", {"kernel": 2}),
        ("avgPool2d", "k3-s2-p1-include-pad", (2, 1, 6, 5), "normal", {"kernel": 3, "stride": 2, "padding": 1}),
        ("avgPool2d", "k3-s2-p1-exclude-pad", (2, 1, 6, 5), "normal", {"kernel": 3, "stride": 2, "padding": 1, "countIncludePad": False}),
        ("avgPool2d", "ceil-include-pad", (1, 2, 5, 5), "normal", {"kernel": 2, "stride": 2, "padding": 1, "ceilMode": True}),
        ("avgPool2d", "ceil-partial-window", (1, 1, 5, 6), "normal", {"kernel": 3, "stride": 2, "ceilMode": True}),
        ("avgPool2d", "ceil-partial-exclude", (1, 1, 5, 6), "normal", {"kernel": 3, "stride": 2, "padding": 1, "ceilMode": True, "countIncludePad": False}),
        ("avgPool2d", "nonsquare", (2, 2, 7, 6), "normal", {"kernel": [3, 2], "stride": [2, 3], "padding": [1, 1], "ceilMode": True}),
        ("avgPool2d", "divisor-override", (1, 1, 4, 5), "normal", {"kernel": 2, "stride": 1, "divisorOverride": 3}),
        # the last ceil-mode window reaches past the right padding: the divisor counts only the padded input
        ("avgPool2d", "ceil-beyond-pad", (1, 1, 6, 6), "normal", {"kernel": 3, "stride": 2, "padding": 1, "ceilMode": True}),
        ("avgPool2d", "ceil-beyond-pad-exclude", (1, 1, 6, 6), "normal", {"kernel": 3, "stride": 2, "padding": 1, "ceilMode": True, "countIncludePad": False}),
        ("avgPool2d", "stride-exceeds-kernel", (1, 2, 6, 7), "normal", {"kernel": 2, "stride": 3, "padding": 1, "ceilMode": True}),
        ("avgPool2d", "unbatched", (2, 5, 4), "normal", {"kernel": [2, 3], "stride": [2, 1], "padding": [1, 1]}),
    ]
    return [make_case(f"{op}-{name}", 1000 + i, [D("x", xs, dist)], [["out", op, ["x"], o]])
            for i, (op, name, xs, dist, o) in enumerate(specs)]


def composite_cases():
    """Small networks mixing everything, the shape of the held-out graphs."""
    return [
        make_case("net-conv-prelu-pool-ce", 1100,
                  [D("x", (3, 2, 7, 7)), D("w", (4, 2, 3, 3)), D("b", (4,)), D("t", (4,), "uniform:0.05:0.3"),
                   D("W2", (5, 36)), D("b2", (5,)), C("y", (3,), "index:5")],
                  [["c", "conv2d", ["x", "w", "b"], {"stride": 1, "padding": 1, "dilation": 2}],
                   ["a", "prelu", ["c", "t"]],
                   ["p", "maxPool2d", ["a"], {"kernel": 2, "stride": 2, "ceilMode": True}],
                   ["f", "reshape", ["p"], {"shape": [3, -1]}],
                   ["W2t", "T", ["W2"]], ["h", "matmul", ["f", "W2t"]], ["z", "add", ["h", "b2"]],
                   ["out", "crossEntropy", ["z", "y"]]]),
        make_case("net-conv-leaky-avgpool", 1101,
                  [D("x", (2, 3, 6, 5)), D("w", (2, 3, 2, 2)), D("b", (2,))],
                  [["c", "conv2d", ["x", "w", "b"], {"stride": [1, 2], "padding": [1, 0]}],
                   ["a", "leakyRelu", ["c"], {"alpha": 0.2}],
                   ["p", "avgPool2d", ["a"], {"kernel": 2, "stride": 2, "padding": 1, "ceilMode": True}],
                   ["m", "mean", ["p"], {"axis": [2, 3]}],
                   ["out", "softmax", ["m"], {"axis": 1}]]),
        make_case("net-attention", 1102,
                  [D("Q", (2, 3, 4)), D("K", (2, 5, 4)), D("V", (2, 5, 3))],
                  [["Kt", "transpose", ["K"], {"axes": [1, 2]}], ["s", "matmul", ["Q", "Kt"]],
                   ["s2", "div", ["s", 2.0]], ["A", "softmax", ["s2"], {"axis": -1}],
                   ["out", "matmul", ["A", "V"]]]),
        make_case("net-layernorm", 1103,
                  [D("x", (3, 6)), D("g", (6,)), D("beta", (6,))],
                  [["mu", "mean", ["x"], {"axis": -1, "keepdims": True}], ["d", "sub", ["x", "mu"]],
                   ["d2", "mul", ["d", "d"]], ["var", "mean", ["d2"], {"axis": -1, "keepdims": True}],
                   ["ve", "add", ["var", 1e-5]], ["sd", "sqrt", ["ve"]], ["n", "div", ["d", "sd"]],
                   ["s", "mul", ["n", "g"]], ["out", "add", ["s", "beta"]]]),
        make_case("net-two-layer-block", 1104,
                  [D("X", (4, 3)), D("W1", (5, 3)), D("W2", (4, 5)), D("V", (2, 4))],
                  [["W1t", "T", ["W1"]], ["h1", "matmul", ["X", "W1t"]], ["a1", "sigmoid", ["h1"]],
                   ["W2t", "T", ["W2"]], ["h2", "matmul", ["a1", "W2t"]], ["a2", "softplus", ["h2"]],
                   ["Vt", "T", ["V"]], ["out", "matmul", ["a2", "Vt"]]]),
        make_case("net-logsumexp-max", 1105, [D("x", (4, 5), "uniform:-3:3")],
                  [["m", "max", ["x"], {"axis": 1, "keepdims": True}], ["d", "sub", ["x", "m"]], ["e", "exp", ["d"]],
                   ["s", "sum", ["e"], {"axis": 1, "keepdims": True}], ["l", "log", ["s"]], ["out", "add", ["l", "m"]]]),
    ]


# ---- seeded random sweeps: window ops with random geometry, random op chains ----

def extras_cases():
    """Methods gradsheet documents beyond INTERFACE.md (docs/autodiff.md) and the torch-style overloads."""
    return [
        make_case("extra-crossEntropy-array-targets", 1410, [D("z", (4, 3)), C("y", (4,), "index:3")],
                  [["out", "crossEntropy", ["z", "y"], {"form": "array"}]]),
        make_case("extra-prelu-number", 1411, [D("x", (3, 4), "zeros-in"), C("t", (1,), "uniform:0.05:0.5")],
                  [["out", "prelu", ["x", "t"], {"form": "number"}]]),
        make_case("extra-prelu-0d", 1412, [D("x", (2, 3, 2), "zeros-in"), D("t", (), "uniform:0.05:0.5")],
                  [["out", "prelu", ["x", "t"]]]),
        make_case("extra-min-axis", 1400, [D("x", (3, 4))], [["out", "min", ["x"], {"axis": 0}]]),
        make_case("extra-min-ties", 1401, [D("x", (2, 5), "ints")], [["out", "min", ["x"], {"axis": -1, "keepdims": True}]]),
        make_case("extra-square", 1402, [D("x", (2, 3))], [["out", "square", ["x"]]]),
        make_case("extra-slice", 1403, [D("x", (3, 5))],
                  [["a", "slice", ["x"], {"axis": 1, "start": 1, "end": 4}], ["b", "slice", ["x"], {"axis": -1, "start": -2}],
                   ["c", "slice", ["x"], {"axis": 0, "start": -5, "end": 10}], ["ab", "matmul", ["a", "b"]],
                   ["Tc", "T", ["c"]], ["out", "matmul", ["Tc", "ab"]]]),
        make_case("extra-select-squeeze-unsqueeze", 1404, [D("x", (2, 1, 4)), D("y", (4,))],
                  [["a", "select", ["x"], {"axis": 2, "index": -1}], ["b", "squeeze", ["x"]], ["c", "squeeze", ["x"], {"axis": 1}],
                   ["d", "unsqueeze", ["y"], {"axis": 0}], ["e", "mul", ["c", "d"]], ["f", "add", ["e", "b"]],
                   ["g", "sum", ["a"], {}], ["out", "mul", ["f", "g"]]]),
        make_case("extra-concat", 1405, [D("a", (2, 3)), D("b", (2, 1)), D("c", (2, 2))],
                  [["ab", "concat", ["a", "b", "c"], {"axis": 1}], ["out", "tanh", ["ab"]]]),
        make_case("extra-stack", 1406, [D("a", (2, 3)), D("b", (2, 3))],
                  [["s", "stack", ["a", "b", "a"], {"axis": -1}], ["out", "softmax", ["s"], {"axis": -1}]]),
        make_case("extra-conv2d-positional-bias", 1407, [D("x", (1, 2, 5, 5)), D("w", (3, 2, 3, 2)), D("b", (3,))],
                  [["out", "conv2d", ["x", "w", "b"], {"form": "positional", "stride": [2, 1], "padding": 1}]]),
        make_case("extra-maxPool2d-bare-kernel", 1408, [D("x", (1, 2, 5, 4))],
                  [["out", "maxPool2d", ["x"], {"form": "positional", "kernel": 2}]]),
        make_case("extra-avgPool2d-bare-kernel", 1409, [D("x", (2, 1, 4, 6))],
                  [["out", "avgPool2d", ["x"], {"form": "positional", "kernel": [2, 3]}]]),
    ]


def large_cases():
    """Sizes past the small-tensor paths: packed register-blocked matmul (m, n ≥ 8, m·n·k ≥ 32768,
    k blocks of 256, edges not multiples of 4) in all three transpose variants that forward and
    backward use, batched, and convolution/pooling on 20×20 images."""
    G = lambda n, s: D(n, s, "grid")
    return [
        make_case("large-matmul-2d", 1500, [G("a", (37, 300)), G("b", (300, 29))], [["out", "matmul", ["a", "b"]]], compact=True),
        make_case("large-matmul-batched-broadcast", 1501, [G("a", (3, 20, 70)), G("b", (70, 33))],
                  [["out", "matmul", ["a", "b"]]], compact=True),
        make_case("large-block-tanh", 1502, [G("X", (64, 50)), G("W", (40, 50)), G("V", (9, 40))],
                  [["Wt", "T", ["W"]], ["Z", "matmul", ["X", "Wt"]], ["H", "tanh", ["Z"]], ["Vt", "T", ["V"]],
                   ["out", "matmul", ["H", "Vt"]]], compact=True),
        make_case("large-mlp-relu-ce", 1503, [G("x", (50, 196)), G("W1", (196, 64)), G("b1", (64,)), G("W2", (64, 10)),
                                              G("b2", (10,)), C("y", (50,), "index:10")],
                  [["h", "matmul", ["x", "W1"]], ["hb", "add", ["h", "b1"]], ["a", "relu", ["hb"]],
                   ["z", "matmul", ["a", "W2"]], ["zb", "add", ["z", "b2"]], ["out", "crossEntropy", ["zb", "y"]]], compact=True),
        make_case("large-cnn", 1504, [G("x", (2, 3, 20, 20)), G("w", (8, 3, 3, 3)), G("b", (8,)), G("w2", (4, 8, 3, 3))],
                  [["c", "conv2d", ["x", "w", "b"], {"padding": 1}], ["a", "leakyRelu", ["c"], {"alpha": 0.1}],
                   ["p", "maxPool2d", ["a"], {"kernel": 3, "stride": 2, "padding": 1, "ceilMode": True}],
                   ["c2", "conv2d", ["p", "w2"], {"stride": 2, "dilation": 2, "padding": 2}],
                   ["out", "avgPool2d", ["c2"], {"kernel": 2, "ceilMode": True}]], compact=True),
        make_case("large-softmax-rows", 1505, [G("x", (40, 300))], [["out", "logSoftmax", ["x"], {"axis": 1}]], compact=True),
    ]


REJECTED_GEOMETRIES = []


def window_sweep_cases(count=36):
    """conv2d / maxPool2d / avgPool2d with random kernel, stride, padding, dilation, ceil mode and
    input sizes; a geometry torch rejects is redrawn (the rejections are tested on their own)."""
    rnd = random.Random(20261123)
    cases = []
    while len(cases) < count:
        op = ["conv2d", "maxPool2d", "avgPool2d"][len(cases) % 3]
        n, c = rnd.randint(1, 2), rnd.randint(1, 3)
        hw = [rnd.randint(1, 8), rnd.randint(1, 8)]
        k = [rnd.randint(1, 4), rnd.randint(1, 4)]
        o = {"stride": [rnd.randint(1, 3), rnd.randint(1, 3)]}
        if op == "conv2d":
            o["padding"] = [rnd.randint(0, 3), rnd.randint(0, 3)]
            o["dilation"] = [rnd.randint(1, 3), rnd.randint(1, 3)]
            oc, bias = rnd.randint(1, 3), rnd.random() < 0.5
            ins = [D("x", (n, c, *hw)), D("w", (oc, c, *k))] + ([D("b", (oc,))] if bias else [])
            args = ["x", "w"] + (["b"] if bias else [])
        else:
            o["kernel"] = k
            o["padding"] = [rnd.randint(0, k[0] // 2), rnd.randint(0, k[1] // 2)]
            o["ceilMode"] = rnd.random() < 0.6
            if op == "maxPool2d":
                o["dilation"] = [rnd.randint(1, 2), rnd.randint(1, 2)]
            elif rnd.random() < 0.4:
                o["countIncludePad"] = False
            ins, args = [D("x", (n, c, *hw))], ["x"]
        program = [["out", op, args, o]]
        try:
            probe = run_program(program, {name: torch.zeros(shape) for name, shape, _, _ in ins})
        except RuntimeError as e:
            if sum(r[0] == op for r in REJECTED_GEOMETRIES) < 4:
                REJECTED_GEOMETRIES.append((op, ins, program, str(e).splitlines()[0]))
            continue
        if probe.numel() == 0:
            continue
        cases.append(make_case(f"sweep-{op}-{len(cases)}", 1200 + len(cases), ins, program))
    return cases


SAFE_UNARY = ["tanh", "sigmoid", "sin", "cos", "softplus", "abs", "relu", "neg", "leakyRelu"]
SWEEP_BINARY = ["add", "sub", "mul", "div", "maximum", "minimum"]


def _operand_shape(rnd, shape):
    """A shape that broadcasts against `shape`: a suffix of it with some sizes set to 1."""
    tail = list(shape[rnd.randint(0, len(shape)):]) if shape else []
    return tuple(1 if rnd.random() < 0.35 else d for d in tail)


def _random_step(rnd, cur, shape, fresh):
    """One step applied to variable `cur` of shape `shape`; returns (steps, new inputs)."""
    rank = len(shape)
    kinds = ["unary", "binary", "binary"] + (["reduce", "softmax", "matmul", "reshape"] if rank >= 1 else []) \
        + (["transpose"] if rank >= 2 else []) + ["guarded", "prelu", "power"]
    kind = rnd.choice(kinds)
    v = fresh()
    if kind == "unary":
        op = rnd.choice(SAFE_UNARY)
        return [[v, op, [cur], {"alpha": round(rnd.uniform(-0.3, 0.3), 3)} if op == "leakyRelu" else {}]], []
    if kind == "binary":
        op = rnd.choice(SWEEP_BINARY)
        b = fresh()
        dist = "pos" if op == "div" else "normal"
        if rnd.random() < 0.2:
            return [[v, op, [cur, round(rnd.uniform(0.5, 2), 3)]]], []
        args = [cur, b] if op == "div" or rnd.random() < 0.5 else [b, cur]
        return [[v, op, args]], [D(b, _operand_shape(rnd, shape), dist)]
    if kind == "reduce":
        axes = sorted(rnd.sample(range(rank), rnd.randint(1, rank)))
        o = {"axis": axes if len(axes) > 1 or rnd.random() < 0.5 else axes[0] - rank * rnd.randint(0, 1),
             "keepdims": rnd.random() < 0.5}
        return [[v, rnd.choice(["sum", "mean", "max"]), [cur], o]], []
    if kind == "softmax":
        return [[v, rnd.choice(["softmax", "logSoftmax"]), [cur], {"axis": rnd.randrange(-rank, rank)}]], []
    if kind == "matmul":
        b = fresh()
        return [[v, "matmul", [cur, b]]], [D(b, (shape[-1], rnd.randint(1, 4)))]
    if kind == "reshape":
        n = 1
        for d in shape:
            n *= d
        divisors = [d for d in range(1, n + 1) if n % d == 0]
        return [[v, "reshape", [cur], {"shape": [rnd.choice(divisors), -1]}]], []
    if kind == "transpose":
        perm = list(range(rank))
        rnd.shuffle(perm)
        return [[v, "transpose", [cur], {"axes": perm}]], []
    if kind == "prelu":
        t = fresh()
        per_channel = rank >= 2 and rnd.random() < 0.6
        return [[v, "prelu", [cur, t]]], [D(t, (shape[1],) if per_channel else (1,), "uniform:-0.5:0.5")]
    if kind == "power":
        # a positive base to a broadcast tensor exponent
        w, u, e = fresh(), fresh(), fresh()
        return [[w, "softplus", [cur]], [u, "add", [w, 0.25]], [v, "pow", [u, e]]], [D(e, _operand_shape(rnd, shape), "uniform:-2:2")]
    # guarded domains: log and sqrt of something positive, exp of something bounded
    op = rnd.choice(["log", "sqrt", "exp"])
    w = fresh()
    pre = [w, "softplus", [cur]] if op != "exp" else [w, "tanh", [cur]]
    if op == "exp":
        return [pre, [v, "exp", [w]]], []
    u = fresh()
    return [pre, [u, "add", [w, 0.25]], [v, op, [u]]], []


def op_chain_cases(count=50):
    """Random chains of 3 to 6 steps over random shapes with sizes 1 to 4."""
    rnd = random.Random(4242)
    cases = []
    for i in range(count):
        counter = iter(range(1000))
        fresh = lambda: f"v{next(counter)}"
        shape = tuple(rnd.randint(1, 4) for _ in range(rnd.randint(1, 3)))
        inputs, program, cur = [D("x", shape)], [], "x"
        env = {"x": torch.randn(shape)}
        for _ in range(rnd.randint(3, 6)):
            steps, new = _random_step(rnd, cur, shape, fresh)
            for name, sh, _, _ in new:
                env[name] = torch.randn(sh)
            try:
                env2 = dict(env)
                res = run_program(steps[:-1] + [["out"] + steps[-1][1:]], env2)
            except RuntimeError:
                continue
            program += steps
            inputs += new
            cur, shape = steps[-1][0], tuple(res.shape)
            env[cur] = res
        program[-1] = ["out"] + program[-1][1:]
        cases.append(make_case(f"chain-{i}", 1300 + i, inputs, program))
    return cases


def reject_cases():
    """Inputs torch refuses: gradsheet must refuse them too (with its own message). The window-op
    geometries come from the sweep's redraws, so window_sweep_cases must run first."""
    hand = [
        ("broadcast-mismatch", [("a", (2, 3)), ("b", (4,))], [["out", "add", ["a", "b"]]]),
        ("matmul-inner", [("a", (2, 3)), ("b", (4, 2))], [["out", "matmul", ["a", "b"]]]),
        ("matmul-batch", [("a", (2, 2, 3)), ("b", (3, 3, 2))], [["out", "matmul", ["a", "b"]]]),
        ("reshape-size", [("x", (2, 3))], [["out", "reshape", ["x"], {"shape": [4, -1]}]]),
        ("softmax-axis", [("x", (2, 3))], [["out", "softmax", ["x"], {"axis": 2}]]),
        ("sum-axis", [("x", (2, 3))], [["out", "sum", ["x"], {"axis": -3}]]),
        ("transpose-perm", [("x", (2, 3, 4))], [["out", "transpose", ["x"], {"axes": [0, 0, 1]}]]),
        ("conv2d-channels", [("x", (1, 2, 5, 5)), ("w", (3, 4, 3, 3))], [["out", "conv2d", ["x", "w"]]]),
        ("conv2d-bias", [("x", (1, 2, 5, 5)), ("w", (3, 2, 3, 3)), ("b", (2,))], [["out", "conv2d", ["x", "w", "b"]]]),
        ("conv2d-kernel-too-big", [("x", (1, 1, 3, 3)), ("w", (1, 1, 4, 2))], [["out", "conv2d", ["x", "w"]]]),
        ("conv2d-rank", [("x", (5, 5)), ("w", (1, 1, 2, 2))], [["out", "conv2d", ["x", "w"]]]),
        ("maxPool2d-padding", [("x", (1, 1, 6, 6))], [["out", "maxPool2d", ["x"], {"kernel": 2, "padding": 2}]]),
        ("avgPool2d-too-small", [("x", (1, 1, 2, 2))], [["out", "avgPool2d", ["x"], {"kernel": 3}]]),
        ("prelu-channels", [("x", (2, 3)), ("t", (2,))], [["out", "prelu", ["x", "t"]]]),
        ("crossEntropy-target-shape", [("z", (3, 4)), ("y", (2, 4))], [["out", "crossEntropy", ["z", "y"]]]),
    ]
    cases = []
    for name, ins, program in hand:
        try:
            run_program(program, {n: torch.zeros(sh) for n, sh in ins})
        except (RuntimeError, ValueError, IndexError) as e:
            cases.append({"name": f"reject-{name}", "inputs": [{"name": n, "shape": list(sh)} for n, sh in ins],
                          "program": program, "torchError": str(e).splitlines()[0]})
            continue
        sys.exit(f"reject-{name}: torch accepted it")
    for i, (op, ins, program, err) in enumerate(REJECTED_GEOMETRIES):
        cases.append({"name": f"reject-sweep-{op}-{i}", "inputs": [{"name": n, "shape": list(sh)} for n, sh, _, _ in ins],
                      "program": program, "torchError": err})
    return cases


GROUPS = {
    "block": block_cases, "unary": unary_cases, "broadcast": broadcast_cases, "reduce": reduce_cases,
    "layout": layout_cases, "matmul": matmul_cases, "softmax": softmax_cases, "loss": loss_cases,
    "conv": conv_cases, "pool": pool_cases, "composite": composite_cases, "window-sweep": window_sweep_cases,
    "op-chains": op_chain_cases, "extras": extras_cases, "large": large_cases,
}
# Cases torch refuses; a separate file (no values or gradients), read by the same test.
REJECT_GROUP = ("rejects", reject_cases)


def main():
    """Writes the fixtures; with --check, only reports whether the committed ones are up to date."""
    check = "--check" in sys.argv[1:]
    os.makedirs(OUT_DIR, exist_ok=True)
    total, count, stale = 0, 0, []
    for group, make in [*GROUPS.items(), REJECT_GROUP]:
        cases = make()
        names = [c["name"] for c in cases]
        assert len(set(names)) == len(names), f"duplicate case names in {group}"
        doc = {"generator": "bench/peers/make_torch_fixtures.py", "torch": torch.__version__, "dtype": "float64",
               "group": group, "cases": cases}
        text = json.dumps(doc, separators=(",", ":")) + "\n"
        path = os.path.join(OUT_DIR, f"{group}.json")
        if check:
            old = open(path).read() if os.path.exists(path) else None
            if old != text:
                stale.append(group)
        else:
            with open(path, "w") as f:
                f.write(text)
        total += len(text)
        count += len(cases)
        print(f"{group}: {len(cases)} cases, {len(text)} bytes")
    print(f"total: {count} cases, {total} bytes")
    if check and stale:
        sys.exit(f"stale fixtures (rerun without --check): {', '.join(stale)}")


if __name__ == "__main__":
    main()
