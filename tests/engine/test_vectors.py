"""engine.vectors against hand-computed values, closed forms and the vector identities."""

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from engine import vectors as vec

OA, OB = np.array([1.0, 1.0]), np.array([3.0, 2.0])

component = st.floats(min_value=-50, max_value=50, allow_nan=False).map(lambda x: round(x, 3))
plane = st.lists(component, min_size=2, max_size=2).map(np.array)
space = st.lists(component, min_size=3, max_size=3).map(np.array)
any_dim = st.one_of(plane, space)


def _nonzero(v: np.ndarray) -> bool:
    return float(np.linalg.norm(v)) > 1e-2


# ---- the notes' example ----------------------------------------------------------------


def test_notes_example_ab_value_and_worked_line():
    worked = vec.vector_ab(OA, OB)
    np.testing.assert_array_equal(worked.value, [2.0, 1.0])
    assert worked.text == "AB = OB − OA = (3 − 1)i + (2 − 1)j = 2i + j"
    assert worked.latex == (
        r"\overrightarrow{AB} = \overrightarrow{OB} - \overrightarrow{OA} = "
        r"(3 - 1)\hat{\imath} + (2 - 1)\hat{\jmath} = 2\hat{\imath} + \hat{\jmath}"
    )


def test_notes_example_magnitude_and_direction():
    assert vec.magnitude([2, 1], "AB").text == "|AB| = √(2² + 1²) = √5 ≈ 2.236"
    angle = vec.direction([2, 1], "AB").value
    assert angle.radians == pytest.approx(math.atan(0.5))
    assert angle.degrees == pytest.approx(26.565051177)


# ---- formatting ---------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "text"), [
    (2.0, "2"), (-3.0, "−3"), (0.5, "0.5"), (1 / 3, "0.333"), (-0.0, "0"),
    (2.0000000000001, "2"), (1e-5, "1×10^−5"), (1234.56789, "1234.568"),
])
def test_format_number(value, text):
    assert vec.format_number(value) == text


@pytest.mark.parametrize(("vector", "text"), [
    ([2, 1], "2i + j"), ([1, -2], "i − 2j"), ([-1, 0], "−i"), ([0, 0], "0"),
    ([0.5, -1, 3], "0.5i − j + 3k"), ([0, 0, -1], "−k"),
])
def test_format_vector(vector, text):
    assert vec.format_vector(vector) == text


def test_format_vector_latex_has_no_unicode_minus():
    assert vec.format_vector([-2, -1], latex=True) == r"-2\hat{\imath} - \hat{\jmath}"


# ---- each operation, by hand -----------------------------------------------------------


def test_sum_difference_and_scale_by_hand():
    assert vec.add(OA, OB).text == "a + b = (1 + 3)i + (1 + 2)j = 4i + 3j"
    assert vec.subtract(OA, OB).text == "a − b = (1 − 3)i + (1 − 2)j = −2i − j"
    assert vec.subtract([1, 1], [-3, 0]).text == "a − b = (1 − (−3))i + (1 − 0)j = 4i + j"
    worked = vec.scale(2, OA)
    np.testing.assert_array_equal(worked.value, [2, 2])
    assert worked.text == "2a = (2·1)i + (2·1)j = 2i + 2j"
    np.testing.assert_array_equal(vec.add([1, 2, 3], [4, 5, 6]).value, [5, 7, 9])


def test_magnitude_by_hand():
    assert vec.magnitude([3, 4]).value == 5
    assert vec.magnitude([3, 4]).text == "|a| = √(3² + 4²) = √25 = 5"
    assert vec.magnitude([1, 2, 2]).value == 3
    assert vec.magnitude([-1, 1]).text == "|a| = √((−1)² + 1²) = √2 ≈ 1.414"


@pytest.mark.parametrize(("vector", "degrees"), [
    ([1, 0], 0), ([0, 1], 90), ([-1, 0], 180), ([0, -2], -90), ([-1, -1], -135),
])
def test_direction_by_hand(vector, degrees):
    angle = vec.direction(vector).value
    assert angle.degrees == pytest.approx(degrees)
    assert angle.radians == pytest.approx(math.radians(degrees))


def test_direction_refuses_zero_and_space_vectors():
    with pytest.raises(vec.ZeroVectorError, match="no direction"):
        vec.direction([0, 0])
    with pytest.raises(vec.VectorError):
        vec.direction([1, 2, 3])


def test_unit_by_hand_and_zero_vector_error():
    worked = vec.unit([3, 4])
    np.testing.assert_allclose(worked.value, [0.6, 0.8])
    assert worked.text == "â = a/|a| = (3/5)i + (4/5)j = 0.6i + 0.8j"
    with pytest.raises(vec.ZeroVectorError, match="zero vector"):
        vec.unit([0, 0, 0])


def test_dot_and_angle_by_hand():
    assert vec.dot(OA, OB).value == 5
    assert vec.dot(OA, OB).text == "a·b = 1·3 + 1·2 = 5"
    assert vec.dot([1, -2], [-3, 4]).text == "a·b = 1·(−3) + (−2)·4 = −11"
    assert vec.angle_between([1, 0], [0, 3]).value.degrees == pytest.approx(90)
    assert vec.angle_between([1, 1], [-2, -2]).value.degrees == pytest.approx(180)
    expected = math.degrees(math.acos(5 / (math.sqrt(2) * math.sqrt(13))))
    assert vec.angle_between(OA, OB).value.degrees == pytest.approx(expected)


def test_angle_between_is_undefined_for_a_zero_vector():
    with pytest.raises(vec.ZeroVectorError, match="b is the zero vector"):
        vec.angle_between([1, 2], [0, 0])


def test_projections_by_hand():
    assert vec.scalar_projection(OA, OB).value == pytest.approx(5 / math.sqrt(13))
    np.testing.assert_allclose(vec.vector_projection(OA, OB).value, [15 / 13, 10 / 13])
    np.testing.assert_allclose(vec.rejection([2, 3], [1, 0]).value, [0, 3])
    with pytest.raises(vec.ZeroVectorError):
        vec.vector_projection([1, 1], [0, 0])


def test_cross_by_hand():
    np.testing.assert_array_equal(vec.cross([1, 0, 0], [0, 1, 0]).value, [0, 0, 1])
    worked = vec.cross([1, 2, 3], [4, 5, 6])
    np.testing.assert_array_equal(worked.value, [-3, 6, -3])
    assert worked.text == ("a × b = (2·6 − 3·5)i + (3·4 − 1·6)j + (1·5 − 2·4)k "
                           "= −3i + 6j − 3k")
    with pytest.raises(vec.VectorError, match="3-D"):
        vec.cross([1, 2], [3, 4])


def test_cross_identity_line_and_zero_vector():
    worked = vec.cross_magnitude_identity([1, 0, 0], [0, 2, 0])
    assert worked.value == pytest.approx(2)
    assert worked.text == "|a × b| = |a||b| sin θ = 1 × 2 × sin 90° = 2"
    assert vec.cross_magnitude_identity([0, 0, 0], [1, 2, 3]).value == 0


# ---- input checks --------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["abc", "", "nan", "inf", "-inf", "1e308", "1000001", "1,2,3"])
def test_parse_component_refuses_bad_input(text):
    with pytest.raises(vec.VectorError):
        vec.parse_component(text)


@pytest.mark.parametrize(("text", "value"), [("2", 2.0), (" −1.5 ", -1.5), ("0,5", 0.5),
                                             ("1e6", 1e6)])
def test_parse_component_accepts_numbers(text, value):
    assert vec.parse_component(text) == value


def test_as_vector_checks_size_and_values():
    np.testing.assert_array_equal(vec.as_vector([1, 2]), [1.0, 2.0])
    with pytest.raises(vec.VectorError):
        vec.as_vector([1, 2, 3, 4])
    with pytest.raises(vec.VectorError):
        vec.as_vector([1, float("nan")])


def test_mismatched_sizes_are_refused():
    with pytest.raises(vec.VectorError):
        vec.add([1, 2], [1, 2, 3])


# ---- identities on random vectors ----------------------------------------------------


@settings(max_examples=80, deadline=None)
@given(space, space)
def test_cross_magnitude_is_ab_sin_theta(a, b):
    assume(_nonzero(a) and _nonzero(b))
    theta = vec.angle_between(a, b).value.radians
    expected = np.linalg.norm(a) * np.linalg.norm(b) * math.sin(theta)
    scale = np.linalg.norm(a) * np.linalg.norm(b)
    # acos loses precision near 0° and 180°: compare on the scale of |a||b|.
    assert vec.cross_magnitude_identity(a, b).value == pytest.approx(expected, abs=1e-6 * scale)


@settings(max_examples=80, deadline=None)
@given(space, space)
def test_cross_is_perpendicular_to_both(a, b):
    c = vec.cross(a, b).value
    tolerance = 1e-9 * (1 + np.linalg.norm(a) ** 2 * np.linalg.norm(b))
    assert abs(np.dot(c, a)) <= tolerance and abs(np.dot(c, b)) <= tolerance


@settings(max_examples=80, deadline=None)
@given(any_dim.flatmap(lambda a: st.tuples(st.just(a), st.lists(
    component, min_size=a.size, max_size=a.size).map(np.array))))
def test_dot_is_ab_cos_theta(pair):
    a, b = pair
    assume(_nonzero(a) and _nonzero(b))
    theta = vec.angle_between(a, b).value.radians
    expected = np.linalg.norm(a) * np.linalg.norm(b) * math.cos(theta)
    scale = np.linalg.norm(a) * np.linalg.norm(b)
    assert vec.dot(a, b).value == pytest.approx(expected, abs=1e-9 * scale)


@settings(max_examples=80, deadline=None)
@given(plane, plane)
def test_projection_plus_rejection_is_a_and_they_are_perpendicular(a, b):
    assume(_nonzero(b))
    projection = vec.vector_projection(a, b).value
    rejected = vec.rejection(a, b).value
    np.testing.assert_allclose(projection + rejected, a, atol=1e-9)
    assert abs(np.dot(rejected, b)) <= 1e-9 * (1 + np.linalg.norm(a) * np.linalg.norm(b))
    assert vec.scalar_projection(a, b).value == pytest.approx(
        np.dot(projection, b) / np.linalg.norm(b), abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(plane, plane)
def test_ab_is_ob_minus_oa_and_translates_back(a, b):
    ab = vec.vector_ab(a, b).value
    np.testing.assert_allclose(a + ab, b, atol=1e-12)
    np.testing.assert_allclose(ab, vec.add(b, vec.scale(-1, a).value).value, atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(any_dim)
def test_unit_vector_has_length_one_and_same_direction(a):
    assume(_nonzero(a))
    u = vec.unit(a).value
    assert np.linalg.norm(u) == pytest.approx(1)
    np.testing.assert_allclose(u * np.linalg.norm(a), a, atol=1e-9)


@settings(max_examples=60, deadline=None)
@given(plane)
def test_direction_rebuilds_the_vector(a):
    assume(_nonzero(a))
    angle = vec.direction(a).value
    length = vec.magnitude(a).value
    np.testing.assert_allclose(length * np.array([math.cos(angle.radians),
                                                  math.sin(angle.radians)]), a, atol=1e-9)
    assert angle.degrees == pytest.approx(math.degrees(angle.radians))


@settings(max_examples=60, deadline=None)
@given(space, st.floats(-180, 180), st.floats(-89, 89))
def test_view_projection_is_orthographic(points, azimuth, elevation):
    # Rows of a rotation matrix: projecting i, j, k gives two orthonormal screen axes.
    basis = vec.view_projection(np.eye(3), azimuth, elevation)
    np.testing.assert_allclose(basis.T @ basis, np.eye(2), atol=1e-12)
    np.testing.assert_allclose(vec.view_projection(points, azimuth, elevation)[0],
                               points @ basis, atol=1e-9)


def test_view_projection_from_the_front():
    # Azimuth 0, elevation 0: looking along −x, so y points right and z points up.
    np.testing.assert_allclose(vec.view_projection(np.eye(3), 0, 0),
                               [[0, 0], [1, 0], [0, 1]], atol=1e-12)


# ---- the edges: nearly parallel vectors, NaN, typed expressions --------------------------


def _angle_mp(a, b) -> float:
    """The angle between the exact binary values of a and b, at 60 digits (mpmath)."""
    import mpmath

    with mpmath.workdps(60):
        x, y = [mpmath.mpf(float(t)) for t in a], [mpmath.mpf(float(t)) for t in b]
        dot = mpmath.fsum(p * q for p, q in zip(x, y, strict=True))
        norms = mpmath.sqrt(mpmath.fsum(p * p for p in x) * mpmath.fsum(q * q for q in y))
        return float(mpmath.acos(dot / norms))


@pytest.mark.parametrize("gap", [1e-3, 1e-5, 1e-7, 1e-8, 1e-10, 1e-13])
@pytest.mark.parametrize("opposite", [False, True])
def test_the_angle_between_nearly_parallel_vectors_is_exact(gap, opposite):
    sign = -1.0 if opposite else 1.0
    for a, b in (([1.0, 0.0], [sign, sign * gap]),
                 ([3.0, 2.0], [sign * 3.0, sign * (2.0 + gap)]),
                 ([1.0, 2.0, 3.0], [sign * 1.0, sign * 2.0, sign * (3.0 + gap)])):
        expected = _angle_mp(a, b)
        got = vec.angle_between(a, b).value.radians
        assert got == pytest.approx(expected, rel=1e-12, abs=1e-300), (a, b)
        assert got > 0 if not opposite else got < math.pi


def test_the_angle_of_parallel_vectors_is_zero_and_of_opposite_ones_is_180():
    assert vec.angle_between([1, 2, 3], [2, 4, 6]).value.degrees == 0.0
    assert vec.angle_between([1, 2], [-2, -4]).value.degrees == pytest.approx(180.0, abs=1e-12)


BAD = (float("nan"), float("inf"), -float("inf"))


@pytest.mark.parametrize("bad", BAD)
@pytest.mark.parametrize("operation", [
    lambda v: vec.angle_between(v, [1.0, 2.0]), lambda v: vec.angle_between([1.0, 2.0], v),
    lambda v: vec.dot(v, [1.0, 2.0]), vec.magnitude, vec.direction, vec.unit,
    lambda v: vec.add(v, [1.0, 2.0]), lambda v: vec.scale(2.0, v),
    lambda v: vec.scalar_projection([1.0, 2.0], v), lambda v: vec.rejection(v, [1.0, 2.0]),
])
def test_every_operation_refuses_a_nan_or_infinite_component(operation, bad):
    with pytest.raises(vec.VectorError, match="finite"):
        operation([1.0, bad])


def test_the_cross_product_refuses_nan_and_a_nan_scalar_is_refused():
    with pytest.raises(vec.VectorError, match="finite"):
        vec.cross([1.0, float("nan"), 0.0], [0.0, 1.0, 0.0])
    with pytest.raises(vec.VectorError, match="finite"):
        vec.scale(float("nan"), [1.0, 2.0])


@pytest.mark.parametrize(("text", "value"), [
    ("1/2", 0.5), ("sqrt(2)", math.sqrt(2)), ("−3/4", -0.75), ("2pi", 2 * math.pi),
    ("sqrt(2)/2", math.sqrt(2) / 2), ("e", math.e), ("(1 + sqrt(5))/2", (1 + math.sqrt(5)) / 2),
])
def test_parse_component_reads_constant_expressions(text, value):
    assert vec.parse_component(text) == pytest.approx(value, rel=1e-15)


@pytest.mark.parametrize("text", ["a", "x + 1", "ln(-1)", "sqrt(-1)", "1/0",
                                  "__import__('os')", "2**2000", "1/2)"])
def test_parse_component_refuses_what_is_not_a_real_number(text):
    with pytest.raises(vec.VectorError):
        vec.parse_component(text)
