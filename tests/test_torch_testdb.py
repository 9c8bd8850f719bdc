"""Parity with torch's own test databases: inputs that nobody on the project wrote.

torch ships the inputs of its operator tests
(``torch.testing._internal.common_methods_invocations.op_db``) and of its
module tests (``common_modules.module_db``); ``expecttest`` must be installed
for them to import. For an operator we take its *reference inputs*, which torch
builds as its sample inputs followed by extra ones (large, extremal, empty and
non-contiguous tensors; for an operator without extras they are the sample
inputs), generated with torch's random generator seeded at 0. Every input of
the entries below is run through torch and through the companion, on the CPU,
in every dtype torch lists for the entry that NumPy has (bfloat16 and
complex32 have no NumPy dtype and are left out):

* ops: sigmoid, nn.functional.logsigmoid, nn.functional.softplus, softmax,
  log_softmax (both also in their ``with_dtype`` variants), logsumexp,
  nn.functional.binary_cross_entropy, ..._with_logits, nn.functional.cross_entropy,
  nn.functional.nll_loss;
* modules: Sigmoid, LogSigmoid, Softplus, Softmax, LogSoftmax, BCELoss,
  BCEWithLogitsLoss, CrossEntropyLoss, NLLLoss (constructor arguments passed
  by name to the companion function).

A case passes when the companion returns torch's dtype and shape and its values
agree with torch's to the dtype's tolerance (``torch.testing.assert_close``
defaults, NaN where torch has NaN), without writing to its inputs. Where the
companion differs from torch on purpose, the case is listed in
``DELIBERATE_DIFFERENCES`` with its reason (each is also documented in the
function's docstring), and the test checks the documented behaviour instead.
``test_counts`` prints how many cases agree and how many differ on purpose
(shown with ``pytest -rA`` or ``-s``).
"""

import collections
import copy
import dataclasses
import inspect
import warnings

import numpy as np
import pytest
import torch
from torch.testing._internal import common_modules
from torch.testing._internal.common_methods_invocations import op_db

import companion as C

# The torch names and the companion functions they map to.
OPS = {
    "sigmoid": C.sigmoid,
    "nn.functional.logsigmoid": C.log_sigmoid,
    "nn.functional.softplus": C.softplus,
    "softmax": C.softmax,
    "log_softmax": C.log_softmax,
    "logsumexp": C.logsumexp,
    "nn.functional.binary_cross_entropy": C.binary_cross_entropy,
    "nn.functional.binary_cross_entropy_with_logits": C.binary_cross_entropy_with_logits,
    "nn.functional.cross_entropy": C.cross_entropy,
    "nn.functional.nll_loss": C.nll_loss,
}
MODULES = {
    torch.nn.Sigmoid: C.sigmoid,
    torch.nn.LogSigmoid: C.log_sigmoid,
    torch.nn.Softplus: C.softplus,
    torch.nn.Softmax: C.softmax,
    torch.nn.LogSoftmax: C.log_softmax,
    torch.nn.BCELoss: C.binary_cross_entropy,
    torch.nn.BCEWithLogitsLoss: C.binary_cross_entropy_with_logits,
    torch.nn.CrossEntropyLoss: C.cross_entropy,
    torch.nn.NLLLoss: C.nll_loss,
}
# torch dtypes that NumPy has.
NUMPY_DTYPES = {
    torch.float16: np.float16, torch.float32: np.float32, torch.float64: np.float64,
    torch.complex64: np.complex64, torch.complex128: np.complex128, torch.bool: np.bool_,
    torch.uint8: np.uint8, torch.int8: np.int8, torch.int16: np.int16, torch.int32: np.int32,
    torch.int64: np.int64,
}


@dataclasses.dataclass
class Case:
    """One input: torch's call and the companion's, on copies of the same values."""

    name: str
    torch_call: object  # convert -> Tensor: torch on the inputs, each tensor passed through convert
    companion_function: object
    args: tuple  # NumPy copies of torch's positional and keyword arguments
    kwargs: dict

    def run_companion(self):
        return self.companion_function(*self.args, **self.kwargs)

    @property
    def input_dtype(self):
        return self.args[0].dtype


def to_numpy(value):
    """Tensors (also inside tuples and lists) as NumPy copies, a torch dtype as a NumPy dtype."""
    if isinstance(value, torch.dtype):
        return np.dtype(NUMPY_DTYPES[value])
    return converted(lambda tensor: tensor.detach().clone().numpy(), value)


def converted(convert, value):
    """``value`` with each tensor in it (also in tuples, lists and dicts) through ``convert``."""
    if isinstance(value, torch.Tensor):
        return convert(value)
    if isinstance(value, (tuple, list)):
        return type(value)(converted(convert, v) for v in value)
    if isinstance(value, dict):
        return {k: converted(convert, v) for k, v in value.items()}
    return value


def reference_inputs(op, dtype):
    """``op.reference_inputs`` on the CPU, without the stack inspection it runs for every
    input (seconds under pytest), from torch's random generator seeded at 0."""
    torch.manual_seed(0)
    generate = op.reference_inputs_func or op.sample_inputs_func  # as op.reference_inputs does
    return generate(op, "cpu", dtype, False)


def op_cases():
    for op in op_db:
        if op.name not in OPS:
            continue
        variant = f"{op.name}[{op.variant_test_name}]" if op.variant_test_name else op.name
        for dtype in sorted(op.supported_dtypes("cpu") & NUMPY_DTYPES.keys(), key=str):
            for i, sample in enumerate(reference_inputs(op, dtype)):
                yield Case(
                    name=f"{variant}-{str(dtype)[6:]}-{i}",
                    torch_call=lambda convert, op=op, s=sample: op(
                        *converted(convert, (s.input, *s.args)), **converted(convert, s.kwargs)),
                    companion_function=OPS[op.name],
                    args=to_numpy((sample.input, *sample.args)),
                    kwargs={k: to_numpy(v) for k, v in sample.kwargs.items()})


def module_cases():
    for info in common_modules.module_db:
        if info.module_cls not in MODULES:
            continue
        signature = inspect.signature(info.module_cls)
        for dtype in sorted(set(info.dtypes) & NUMPY_DTYPES.keys(), key=str):
            torch.manual_seed(0)
            inputs = info.module_inputs_func(info, device="cpu", dtype=dtype, requires_grad=False,
                                             training=False)
            for i, module_input in enumerate(inputs):
                built, forward = module_input.constructor_input, module_input.forward_input
                options = signature.bind(*built.args, **built.kwargs).arguments  # by name
                yield Case(
                    name=f"nn.{info.module_cls.__name__}-{str(dtype)[6:]}-module{i}",
                    torch_call=lambda convert, cls=info.module_cls, b=built, f=forward: cls(
                        *converted(convert, b.args), **converted(convert, b.kwargs))(
                        *converted(convert, f.args), **converted(convert, f.kwargs)),
                    companion_function=MODULES[info.module_cls],
                    args=to_numpy(tuple(forward.args)),
                    kwargs={k: to_numpy(v) for k, v in {**forward.kwargs, **options}.items()})


with torch.random.fork_rng():  # the inputs are random: seeded here, torch's state left alone
    CASES = list(op_cases()) + list(module_cases())

# Where the companion differs from torch on purpose (each also in the function's docstring).
DELIBERATE_DIFFERENCES = {
    "complex input": "the companion is real-valued: complex input raises TypeError (torch "
                     "computes the complex function, or with dtype= drops the imaginary part)",
    "integer input": "integer and bool input gives float64 (torch: its default dtype, float32); "
                     "the values agree to float32's tolerance",
    "float16 rounded once": "float16 is computed in float64 and rounded once, while torch rounds "
                            "intermediate results to float16; the companion agrees with torch run "
                            "in float64 on the same values, rounded to float16",
}
OUTCOMES = {}  # case name -> "agree" or a key of DELIBERATE_DIFFERENCES


@pytest.fixture(scope="module", autouse=True)
def one_torch_thread():
    """One thread: on a busy 2-core machine torch's thread pool makes these small calls slow."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def identity(tensor):
    return tensor


def in_float64(tensor):
    return tensor.double() if tensor.dtype == torch.float16 else tensor


def assert_agrees(actual, expected, **tolerances):
    torch.testing.assert_close(torch.from_numpy(np.asarray(actual)), expected, equal_nan=True,
                               **tolerances)


def outcome(case):
    """Run ``case``; return "agree" or the deliberate difference it shows, or fail."""
    inputs = copy.deepcopy((case.args, case.kwargs))
    if case.input_dtype.kind == "c":
        with pytest.raises(TypeError, match="input must be real"):
            case.run_companion()
        return "complex input"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the companion must not warn
        actual = case.run_companion()
    after = array_leaves((case.args, case.kwargs))
    for before, now in zip(array_leaves(inputs), after, strict=True):
        np.testing.assert_array_equal(now, before)  # nothing modified
    expected = case.torch_call(identity)
    if case.input_dtype.kind in "biu" and "dtype" not in case.kwargs:
        assert np.asarray(actual).dtype == np.float64
        assert_agrees(actual, expected.double(), rtol=1.3e-6, atol=1e-5)
        return "integer input"
    try:
        assert_agrees(actual, expected)
        return "agree"
    except AssertionError:
        if case.input_dtype != np.float16:
            raise
    assert_agrees(actual, case.torch_call(in_float64).to(expected.dtype))
    return "float16 rounded once"


def array_leaves(value):
    """The NumPy arrays inside nested tuples, lists and dicts."""
    if isinstance(value, np.ndarray):
        return [value]
    if isinstance(value, (tuple, list)):
        return [leaf for v in value for leaf in array_leaves(v)]
    if isinstance(value, dict):
        return [leaf for v in value.values() for leaf in array_leaves(v)]
    return []


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_case(case):
    OUTCOMES[case.name] = outcome(case)


def test_counts():
    """Print the counts (shown with -rA or -s); they need the full run."""
    if len(OUTCOMES) < len(CASES):
        pytest.skip("not every case ran")
    counts = collections.Counter(OUTCOMES.values())
    print(f"torch test-database parity: {len(CASES)} cases, {counts['agree']} agree, "
          f"{len(CASES) - counts['agree']} differ on purpose:")
    for difference, reason in DELIBERATE_DIFFERENCES.items():
        print(f"  {counts[difference]:5d} {difference}: {reason}")
    assert set(counts) <= {"agree", *DELIBERATE_DIFFERENCES}
