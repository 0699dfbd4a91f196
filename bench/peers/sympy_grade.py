"""Peer for bench/grading.ts: grade scalar answers the PrairieLearn way.

Reads JSON Lines {"answer", "reference", "symbols": [names]} on stdin, parses each side with an
allow-listed sympy parser (only the declared symbol names and a fixed set of functions; no
attribute access, no other identifiers), and accepts when simplify(answer - reference) == 0.
Prints one JSON object: counts, the verdicts, and the wall time of the whole process (including
importing sympy), measured from the interpreter's start.
"""
import json
import re
import sys
import time

START = time.perf_counter()

import sympy  # noqa: E402
from sympy.parsing.sympy_parser import (  # noqa: E402
    convert_xor,
    implicit_multiplication_application,
    parse_expr,
    standard_transformations,
)

FUNCTIONS = {
    "sqrt": sympy.sqrt,
    "exp": sympy.exp,
    "log": sympy.log,
    "floor": sympy.floor,
    "ceil": sympy.ceiling,
    "abs": sympy.Abs,
    "tanh": sympy.tanh,
    "sin": sympy.sin,
    "cos": sympy.cos,
}
TRANSFORMS = standard_transformations + (implicit_multiplication_application, convert_xor)
TOKEN = re.compile(r"[A-Za-z_][A-Za-z_0-9]*")
ALLOWED_CHARS = re.compile(r"^[A-Za-z_0-9+\-*/^().,\s]*$")


def safe_parse(text, names):
    if len(text) > 2000 or not ALLOWED_CHARS.match(text):
        raise ValueError("characters outside the allow-list")
    for tok in TOKEN.findall(text):
        if tok not in names and tok not in FUNCTIONS:
            raise ValueError("unknown name " + tok)
    local = {n: sympy.Symbol(n, positive=True) for n in names}
    local.update(FUNCTIONS)
    return parse_expr(text, local_dict=local, global_dict={"__builtins__": {}, "Integer": sympy.Integer, "Float": sympy.Float, "Rational": sympy.Rational, "Symbol": sympy.Symbol}, transformations=TRANSFORMS)


def main():
    verdicts = []
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        rec = json.loads(line)
        try:
            a = safe_parse(rec["answer"], rec["symbols"])
            b = safe_parse(rec["reference"], rec["symbols"])
            verdicts.append("correct" if sympy.simplify(a - b) == 0 else "incorrect")
        except Exception:  # noqa: BLE001 - any failure to read is an invalid answer
            verdicts.append("invalid")
    print(json.dumps({"count": len(verdicts), "verdicts": verdicts, "seconds": time.perf_counter() - START, "sympy": sympy.__version__}))


main()
