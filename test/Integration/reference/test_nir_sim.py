#!/usr/bin/python3
"""Self-tests of the reference NIR simulator (nir_sim.py).

Run either way (Debian's interpreter has numpy and h5py):

    /usr/bin/python3 -m unittest test_nir_sim            # from this directory
    /usr/bin/python3 test_nir_sim.py [--samples DIR] [unittest options]

The sample-file tests read DIR/upstream/**/*.nir and DIR/generated/*.nir.
DIR comes from --samples, else the NIR_SAMPLES_DIR environment variable, else
<repository>/../shared/nir-samples; when none exists these tests are skipped.
"""

import glob
import os
import subprocess
import sys
import tempfile
import unittest
import zlib

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import nir_sim  # noqa: E402

SAMPLES_DIR = os.environ.get("NIR_SAMPLES_DIR") or os.path.normpath(
    os.path.join(HERE, "..", "..", "..", "..", "shared", "nir-samples"))
BROKEN_SAMPLES = ("braille_noDelay_bias_zero_subgraph.nir", "braille_noDelay_noBias_subtract_subgraph.nir")


# ----------------------------------------------------------------------------
# Writing .nir files in the reference layout


def _write_string(group, name, value, strings):
    if strings == "fixed":
        group.create_dataset(name, data=np.bytes_(value.encode("utf-8")))
    else:
        group.create_dataset(name, data=value, dtype=h5py.string_dtype())


def _write_graph(group, spec, strings, empty_edges):
    _write_string(group, "type", "NIRGraph", strings)
    nodes = group.create_group("nodes")
    for name, node in spec["nodes"].items():
        ng = nodes.create_group(name)
        if node["type"] == "NIRGraph":
            _write_graph(ng, node, strings, empty_edges)
            continue
        _write_string(ng, "type", node["type"], strings)
        for key, val in node.items():
            if key == "type":
                continue
            if isinstance(val, str):
                _write_string(ng, key, val, strings)
            else:
                ng.create_dataset(key, data=np.asarray(val))
    edges = list(spec.get("edges", []))
    if not edges:
        if empty_edges == "float64":
            group.create_dataset("edges", data=np.zeros((0,), dtype=np.float64))
        else:
            group.create_dataset("edges", shape=(0, 2), dtype=h5py.string_dtype())
    elif strings == "fixed":
        group.create_dataset("edges", data=np.array([[s.encode(), d.encode()] for s, d in edges], dtype="S"))
    else:
        group.create_dataset("edges", data=np.array(edges, dtype=object), dtype=h5py.string_dtype())
    md = spec.get("metadata")
    if md:
        mg = group.create_group("metadata")
        for k, v in md.items():
            if isinstance(v, str):
                _write_string(mg, k, v, strings)
            else:
                mg.create_dataset(k, data=v)


def write_nir(path, spec, strings="vlen", empty_edges="float64"):
    """Write `spec` = {"nodes": {name: {"type": T, field: value}}, "edges": [(src, dst)],
    "metadata": {...}} as a .nir file (the nir.write layout).  A node of type "NIRGraph" is a
    nested spec.  strings: "vlen" (UTF-8, like nir.write) or "fixed" (fixed-length ASCII)."""
    with h5py.File(path, "w") as f:
        f.create_dataset("version", data="1.0.7", dtype=h5py.string_dtype())
        _write_graph(f.create_group("node"), spec, strings, empty_edges)
    return path


def inp(*shape):
    return {"type": "Input", "shape": np.array(shape, dtype=np.int64)}


def outp(*shape):
    return {"type": "Output", "shape": np.array(shape, dtype=np.int64)}


def arr(*v):
    return np.array(v, dtype=np.float64)


class _TmpMixin:
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self._n = 0

    def tearDown(self):
        self._tmp.cleanup()

    def path(self, name=None):
        self._n += 1
        return os.path.join(self._tmp.name, name or "g%d.nir" % self._n)

    def graph(self, spec, **kw):
        return nir_sim.load(write_nir(self.path(), spec, **kw))

    def chain(self, node, n_in, n_out=None, metadata=None):
        """Input[n_in] -> node -> Output[n_out]."""
        spec = {"nodes": {"in": inp(*n_in), "n": node, "out": outp(*(n_out or n_in))},
                "edges": [("in", "n"), ("n", "out")]}
        if metadata:
            spec["metadata"] = metadata
        return self.graph(spec)


# ----------------------------------------------------------------------------
# Neurons


class TestNeurons(_TmpMixin, unittest.TestCase):
    def test_integrator(self):
        g = self.chain({"type": "I", "r": arr(1, 2)}, (2,))
        x = np.array([[1, 1], [2, 0], [-1, 4]], dtype=float)
        y = nir_sim.simulate(g, x, dt=0.5)
        np.testing.assert_allclose(y, [[0.5, 1.0], [1.5, 1.0], [1.0, 5.0]], rtol=0, atol=1e-15)

    def test_leaky_integrator_matches_loop(self):
        tau, r, vl = arr(0.01, 0.02), arr(1.5, 0.5), arr(0.1, -0.2)
        g = self.chain({"type": "LI", "tau": tau, "r": r, "v_leak": vl}, (2,))
        rng = np.random.default_rng(1)
        x = rng.normal(size=(5, 2))
        dt = 1e-3
        v = np.zeros(2)
        expected = []
        for t in range(5):
            v = v + dt / tau * (vl - v + r * x[t])
            expected.append(v.copy())
        np.testing.assert_array_equal(nir_sim.simulate(g, x, dt=dt), np.array(expected))
        # first step by hand: v = dt/tau * (v_leak + r x)
        np.testing.assert_allclose(nir_sim.simulate(g, x[:1], dt=dt)[0], dt / tau * (vl + r * x[0]), rtol=1e-14)

    def test_if_strict_threshold(self):
        g = self.chain({"type": "IF", "r": arr(1, 2), "v_threshold": arr(1, 1), "v_reset": arr(0, 0)}, (2,))
        y = nir_sim.simulate(g, np.ones((5, 2)), dt=0.25)
        # neuron 0: v = .25 .5 .75 1.0 (not > 1) 1.25; neuron 1: .5 1.0 1.5->0 .5 1.0
        np.testing.assert_array_equal(y, [[0, 0], [0, 0], [0, 1], [0, 0], [1, 0]])

    def _lif(self, v_reset):
        return {"type": "LIF", "tau": arr(1, 2), "r": arr(1, 1), "v_leak": arr(0, 0),
                "v_threshold": arr(1, 1), "v_reset": v_reset}

    def test_lif_reset_value_vs_subtract(self):
        g = self.chain(self._lif(arr(-1, 0)), (2,))
        x = np.tile([1.5, 2.0], (5, 1))
        # neuron 0 (dt/tau = .5, x = 1.5, v_reset = -1):
        #   value:    .75, 1.125 -> -1, .25, .875, 1.1875       spikes 0 1 0 0 1
        #   subtract: .75, 1.125 -> .125, .8125, 1.15625 -> .15625, .828125   spikes 0 1 0 1 0
        # neuron 1 (dt/tau = .25, x = 2): .5, .875, 1.15625 -> (0 | .15625), ...  spikes 0 0 1 0 0
        y_val = nir_sim.simulate(g, x, dt=0.5)
        y_sub = nir_sim.simulate(g, x, dt=0.5, reset="subtract")
        np.testing.assert_array_equal(y_val, [[0, 0], [1, 0], [0, 1], [0, 0], [1, 0]])
        np.testing.assert_array_equal(y_sub, [[0, 0], [1, 0], [0, 1], [1, 0], [0, 0]])

    def test_lif_matches_loop(self):
        tau, r, vl, th, vr = arr(0.005, 0.01), arr(2, 1), arr(0.3, 0), arr(1, 0.5), arr(0.1, -0.3)
        g = self.chain({"type": "LIF", "tau": tau, "r": r, "v_leak": vl, "v_threshold": th, "v_reset": vr}, (2,))
        x = np.random.default_rng(2).uniform(0, 40, size=(30, 2))
        dt = 1e-3
        for mode in ("value", "subtract"):
            v = np.zeros(2)
            zs = []
            for t in range(30):
                v = v + dt / tau * (vl - v + r * x[t])
                z = v > th
                v = np.where(z, vr if mode == "value" else v - th, v)
                zs.append(z.astype(float))
            y = nir_sim.simulate(g, x, dt=dt, reset=mode)
            np.testing.assert_array_equal(y, np.array(zs))
            self.assertGreater(y.sum(), 3)

    def test_lif_default_v_reset_is_zero(self):
        node = {"type": "LIF", "tau": arr(1.0), "r": arr(1.0), "v_leak": arr(0.0), "v_threshold": arr(1.0)}
        g = self.chain(node, (1,))
        np.testing.assert_array_equal(g.nodes["n"].params["v_reset"], [0.0])
        # x = 1.5, dt = tau/2: .75, 1.125 -> 0, .75, 1.125 -> 0  (reset to 0, not subtract)
        y = nir_sim.simulate(g, np.full((4, 1), 1.5), dt=0.5)
        np.testing.assert_array_equal(y[:, 0], [0, 1, 0, 1])

    def _cuba(self, spiking, thr=0.45, w_in=2.0):
        node = {"type": "CubaLIF" if spiking else "CubaLI", "tau_syn": arr(1.0), "tau_mem": arr(1.0),
                "r": arr(1.0), "v_leak": arr(0.0)}
        if w_in is not None:
            node["w_in"] = arr(w_in)
        if spiking:
            node["v_threshold"] = arr(thr)
        return node

    def test_cubali_uses_old_current(self):
        g = self.chain(self._cuba(False), (1,))
        x = np.array([[1.0], [0], [0], [0], [0]])
        # i' = i + .5(-i + 2x): 1, .5, .25, .125, .0625 ; v += .5(-v + i_old): 0, .5, .5, .375, .25
        y = nir_sim.simulate(g, x, dt=0.5)
        np.testing.assert_array_equal(y[:, 0], [0, 0.5, 0.5, 0.375, 0.25])
        _, rec = nir_sim.simulate(g, x, dt=0.5, record=True)
        np.testing.assert_array_equal(rec["n"][:, 0], [0, 0.5, 0.5, 0.375, 0.25])

    def test_cubalif_old_current_and_resets(self):
        g = self.chain(self._cuba(True), (1,))
        x = np.array([[1.0], [0], [0], [0], [0]])
        # v: 0, .5 (> .45, spike), then value: 0 -> .25, .25, .1875 ; subtract: .05 -> .275, .2625, .19375
        np.testing.assert_array_equal(nir_sim.simulate(g, x, dt=0.5)[:, 0], [0, 1, 0, 0, 0])
        np.testing.assert_array_equal(nir_sim.simulate(g, x, dt=0.5, reset="subtract")[:, 0], [0, 1, 0, 0, 0])
        # Observe the difference through the threshold: with threshold .26 the value reset never
        # reaches it again; the subtract reset does (.275 at step 3).
        g2 = self.chain(self._cuba(True, thr=0.26), (1,))
        np.testing.assert_array_equal(nir_sim.simulate(g2, x, dt=0.5)[:, 0], [0, 1, 0, 0, 0])
        # subtract: v2 = .5 -> .24, v3 = .24 + .5(-.24 + .5) = .37 -> .11, v4 = .11 + .5(-.11 + .25) = .18,
        # v5 = .18 + .5(-.18 + .125) = .1525
        np.testing.assert_array_equal(nir_sim.simulate(g2, x, dt=0.5, reset="subtract")[:, 0], [0, 1, 1, 0, 0])

    def test_cubalif_matches_loop_and_w_in_default(self):
        n = 3
        p = {"tau_syn": arr(0.002, 0.004, 0.003), "tau_mem": arr(0.01, 0.005, 0.02), "r": arr(1, 2, 3),
             "v_leak": arr(0, 0.1, -0.1), "v_threshold": arr(0.2, 0.3, 0.4), "v_reset": arr(0, -0.1, 0.05)}
        g = self.chain(dict(type="CubaLIF", **p), (n,))  # no w_in: defaults to 1
        np.testing.assert_array_equal(g.nodes["n"].params["w_in"], np.ones(n))
        x = np.random.default_rng(3).uniform(0, 10, size=(40, n))
        dt = 1e-3
        i = np.zeros(n)
        v = np.zeros(n)
        zs = []
        for t in range(40):
            i_new = i + dt / p["tau_syn"] * (-i + 1.0 * x[t])
            v = v + dt / p["tau_mem"] * (p["v_leak"] - v + p["r"] * i)
            i = i_new
            z = v > p["v_threshold"]
            v = np.where(z, p["v_reset"], v)
            zs.append(z.astype(float))
        y = nir_sim.simulate(g, x, dt=dt)
        np.testing.assert_array_equal(y, np.array(zs))
        self.assertGreater(y.sum(), 3)


# ----------------------------------------------------------------------------
# Instantaneous nodes


def naive_conv(x, w, b, stride, pads, dil, groups):
    """Direct-definition convolution for one sample. x (C, *S), pads [(lo, hi)] per spatial dim."""
    nd = w.ndim - 2
    xp = np.pad(x, [(0, 0)] + list(pads))
    cout, cg = w.shape[:2]
    og = cout // groups
    K = w.shape[2:]
    out = [(xp.shape[1 + i] - dil[i] * (K[i] - 1) - 1) // stride[i] + 1 for i in range(nd)]
    y = np.zeros([cout] + out)
    for co in range(cout):
        gi = co // og
        for pos in np.ndindex(*out):
            acc = b[co]
            for ci in range(cg):
                for k in np.ndindex(*K):
                    idx = tuple(pos[i] * stride[i] + k[i] * dil[i] for i in range(nd))
                    acc += w[(co, ci) + k] * xp[(gi * cg + ci,) + idx]
            y[(co,) + pos] = acc
    return y


class TestInstantaneous(_TmpMixin, unittest.TestCase):
    def test_scale_and_linear(self):
        g = self.chain({"type": "Scale", "scale": arr(2, -1)}, (2,))
        np.testing.assert_array_equal(nir_sim.simulate(g, np.array([[1.0, 3.0]])), [[2, -3]])
        W = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
        g = self.chain({"type": "Linear", "weight": W}, (2,), (3,))
        np.testing.assert_array_equal(nir_sim.simulate(g, np.array([[1.0, -1.0]])), [[-1, -1, -1]])

    def test_affine(self):
        W = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
        g = self.chain({"type": "Affine", "weight": W, "bias": arr(0.5, 0, -1)}, (2,), (3,))
        np.testing.assert_array_equal(nir_sim.simulate(g, np.array([[1.0, 1.0]])), [[3.5, 7, 10]])

    def test_affine_bias_shapes(self):
        W = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
        g = self.chain({"type": "Affine", "weight": W, "bias": np.array([[0.5, 0, -1]])}, (2,), (3,))
        self.assertEqual(g.nodes["n"].params["bias"].shape, (3,))
        np.testing.assert_array_equal(nir_sim.simulate(g, np.array([[1.0, 1.0]])), [[3.5, 7, 10]])
        with self.assertRaisesRegex(nir_sim.NIRFileError, "/node/nodes/n/bias"):
            self.chain({"type": "Affine", "weight": W, "bias": np.ones((2, 3))}, (2,), (3,))

    def test_affine_batched_weight(self):
        rng = np.random.default_rng(4)
        W = rng.normal(size=(2, 3, 4))
        b = rng.normal(size=(3,))
        g = self.chain({"type": "Affine", "weight": W, "bias": b}, (2, 4), (2, 3))
        x = rng.normal(size=(3, 5, 2, 4))  # (T, B, 2, 4)
        y = nir_sim.simulate(g, x)
        self.assertEqual(y.shape, (3, 5, 2, 3))
        for t in range(3):
            for bb in range(5):
                for l in range(2):
                    np.testing.assert_allclose(y[t, bb, l], W[l] @ x[t, bb, l] + b, rtol=1e-13)
        # hand-computed: two 1x2 matrices
        g = self.chain({"type": "Affine", "weight": np.array([[[1.0, 2.0]], [[3.0, 4.0]]]), "bias": arr(10)},
                       (2, 2), (2, 1))
        np.testing.assert_array_equal(nir_sim.simulate(g, np.array([[[1.0, 1.0], [1.0, -1.0]]])),
                                      [[[13], [9]]])

    def test_threshold_strict(self):
        g = self.chain({"type": "Threshold", "threshold": arr(0.5, 1.0)}, (2,))
        x = np.array([[0.5, 1.0], [0.6, 0.9], [0.4, 1.1]])
        np.testing.assert_array_equal(nir_sim.simulate(g, x), [[0, 0], [1, 0], [0, 1]])

    def test_delay_rounding(self):
        # dt = 1: round(d / dt) with halves to even: 0, 1.4 -> 1, 1.6 -> 2, 2.5 -> 2, 3.5 -> 4
        g = self.chain({"type": "Delay", "delay": arr(0, 1.4, 1.6, 2.5, 3.5)}, (5,))
        T = 7
        x = np.arange(1, T + 1, dtype=float)[:, None] * np.ones((1, 5))
        y = nir_sim.simulate(g, x, dt=1.0)
        steps = [0, 1, 2, 2, 4]
        for t in range(T):
            for i, d in enumerate(steps):
                self.assertEqual(y[t, i], x[t - d, i] if t >= d else 0.0, (t, i))
        # delay / dt computed in float64: 0.003 / 0.001 = 3 steps, 0.0014 / 0.001 = 1 step
        g = self.chain({"type": "Delay", "delay": arr(0.0014, 0.003)}, (2,))
        y = nir_sim.simulate(g, np.eye(5)[:, :1] * np.ones((1, 2)), dt=0.001)
        np.testing.assert_array_equal(y, [[0, 0], [1, 0], [0, 0], [0, 1], [0, 0]])

    def test_conv1d_same_by_hand(self):
        # k = 2 'same': total padding 1, left 0, right 1 (PyTorch): y = [1+20, 2+30, 3+40, 4+0]
        node = {"type": "Conv1d", "input_shape": np.int64(4), "weight": np.array([[[1.0, 10.0]]]),
                "stride": np.int64(1), "padding": "same", "dilation": np.int64(1), "groups": np.int64(1),
                "bias": arr(0)}
        g = self.chain(node, (1, 4))
        np.testing.assert_array_equal(nir_sim.simulate(g, np.array([[[1.0, 2, 3, 4]]])), [[[21, 32, 43, 4]]])

    def test_conv1d_groups_dilation_stride(self):
        rng = np.random.default_rng(5)
        w = rng.normal(size=(4, 3, 3))  # C_in = 6, groups = 2
        b = rng.normal(size=4)
        node = {"type": "Conv1d", "input_shape": np.int64(11), "weight": w, "stride": np.int64(2),
                "padding": np.int64(2), "dilation": np.int64(2), "groups": np.int64(2), "bias": b}
        g = self.chain(node, (6, 11), (4, 6))
        x = rng.normal(size=(2, 3, 6, 11))
        y = nir_sim.simulate(g, x)
        self.assertEqual(y.shape, (2, 3, 4, 6))  # (11 + 4 - 4 - 1) // 2 + 1 = 6
        for t in range(2):
            for bb in range(3):
                np.testing.assert_allclose(y[t, bb], naive_conv(x[t, bb], w, b, (2,), [(2, 2)], (2,), 2),
                                           rtol=1e-12, atol=1e-12)

    def test_conv2d_groups_dilation_stride_padding(self):
        rng = np.random.default_rng(6)
        w = rng.normal(size=(6, 2, 3, 2))  # C_in = 4, groups = 2, rectangular kernel
        b = rng.normal(size=6)
        node = {"type": "Conv2d", "input_shape": np.array([7, 8]), "weight": w, "stride": np.array([1, 2]),
                "padding": np.array([1, 0]), "dilation": np.array([2, 1]), "groups": np.int64(2), "bias": b}
        g = self.chain(node, (4, 7, 8), (6, 5, 4))
        x = rng.normal(size=(2, 4, 7, 8))
        y = nir_sim.simulate(g, x)
        self.assertEqual(y.shape, (2, 6, 5, 4))
        for t in range(2):
            np.testing.assert_allclose(y[t], naive_conv(x[t], w, b, (1, 2), [(1, 1), (0, 0)], (2, 1), 2),
                                       rtol=1e-12, atol=1e-12)

    def test_conv2d_same_and_valid(self):
        rng = np.random.default_rng(7)
        w = rng.normal(size=(3, 2, 4, 3))
        b = rng.normal(size=3)
        base = {"type": "Conv2d", "input_shape": np.array([6, 5]), "weight": w, "stride": np.array([1, 1]),
                "dilation": np.array([2, 1]), "groups": np.int64(1), "bias": b}
        x = rng.normal(size=(1, 2, 6, 5))
        # same: H total = 2 * 3 = 6 -> (3, 3); W total = 2 -> (1, 1)
        g = self.chain(dict(base, padding="same"), (2, 6, 5), (3, 6, 5))
        np.testing.assert_allclose(nir_sim.simulate(g, x)[0], naive_conv(x[0], w, b, (1, 1), [(3, 3), (1, 1)],
                                                                          (2, 1), 1), rtol=1e-12, atol=1e-12)
        w1 = rng.normal(size=(1, 1, 2, 2))  # even kernel: the extra padding goes after (right/bottom)
        g = self.chain(dict(base, weight=w1, bias=arr(0), dilation=np.array([1, 1]), padding="same"),
                       (1, 6, 5), (1, 6, 5))
        x1 = rng.normal(size=(1, 1, 6, 5))
        np.testing.assert_allclose(nir_sim.simulate(g, x1)[0], naive_conv(x1[0], w1, arr(0), (1, 1),
                                                                           [(0, 1), (0, 1)], (1, 1), 1),
                                   rtol=1e-12, atol=1e-12)
        g = self.chain(dict(base, padding="valid", dilation=np.array([1, 1])), (2, 6, 5), (3, 3, 3))
        y = nir_sim.simulate(g, x)
        self.assertEqual(y.shape, (1, 3, 3, 3))
        np.testing.assert_allclose(y[0], naive_conv(x[0], w, b, (1, 1), [(0, 0), (0, 0)], (1, 1), 1),
                                   rtol=1e-12, atol=1e-12)
        # 'same' with a stride is rejected (as in PyTorch)
        g = self.chain(dict(base, padding="same", stride=np.array([2, 2])), (2, 6, 5), (3, 6, 5))
        with self.assertRaisesRegex(nir_sim.SimulationError, "same"):
            nir_sim.simulate(g, x)

    def _pool(self, kind):
        node = {"type": kind, "kernel_size": np.array([2, 2]), "stride": np.array([2, 2]),
                "padding": np.array([1, 1])}
        return self.chain(node, (1, 3, 3), (1, 2, 2))

    def test_pools_count_padding(self):
        x = np.arange(1, 10, dtype=float).reshape(1, 1, 3, 3)
        # zero-padded to 5x5; windows: {1}, {2,3}, {4,7}, {5,6,8,9}
        np.testing.assert_array_equal(nir_sim.simulate(self._pool("SumPool2d"), x), [[[[1, 5], [11, 28]]]])
        np.testing.assert_array_equal(nir_sim.simulate(self._pool("AvgPool2d"), x),
                                      [[[[0.25, 1.25], [2.75, 7.0]]]])

    def test_flatten_negative_dims(self):
        x = np.arange(120, dtype=float).reshape(1, 2, 3, 4, 5)
        cases = [(-3, -2, (2, 12, 5)), (0, -1, (120,)), (1, -1, (2, 60)), (-4, 1, (6, 4, 5)), (2, 2, (2, 3, 4, 5))]
        for start, end, shape in cases:
            node = {"type": "Flatten", "input_type": np.array([2, 3, 4, 5]), "start_dim": np.int64(start),
                    "end_dim": np.int64(end)}
            g = self.chain(node, (2, 3, 4, 5), shape)
            y = nir_sim.simulate(g, x)
            self.assertEqual(y.shape, (1,) + shape, (start, end))
            np.testing.assert_array_equal(y.reshape(-1), np.arange(120))
        # missing start/end default to 1 and -1; missing input_type is allowed
        g = self.chain({"type": "Flatten"}, (2, 3, 4), (2, 12))
        self.assertEqual(nir_sim.simulate(g, np.zeros((1, 2, 3, 4))).shape, (1, 2, 12))


# ----------------------------------------------------------------------------
# Graph structure


class TestGraphs(_TmpMixin, unittest.TestCase):
    def _loop(self, edges):
        return self.graph({"nodes": {"in": inp(1), "A": {"type": "Scale", "scale": arr(2)},
                                     "B": {"type": "Scale", "scale": arr(3)}, "out": outp(1)},
                           "edges": edges})

    def test_two_node_loop_ordering(self):
        x = np.array([[1.0], [0], [0]])
        # DFS in -> A -> B; B -> A closes the cycle: A_t = 2 (x_t + B_{t-1}), B_t = 3 A_t
        g = self._loop([("in", "A"), ("A", "B"), ("B", "A"), ("B", "out")])
        self.assertEqual(nir_sim.schedule(g), (["in", "A", "B", "out"], [(2, "B", "A")]))
        y, rec = nir_sim.simulate(g, x, record=True)
        np.testing.assert_array_equal(y[:, 0], [6, 36, 216])
        np.testing.assert_array_equal(rec["A"][:, 0], [2, 12, 72])
        # in -> B is explored first, so A -> B is the back-edge: B_t = 3 (x_t + A_{t-1}),
        # A_t = 2 (x_t + B_t)
        g = self._loop([("in", "B"), ("in", "A"), ("A", "B"), ("B", "A"), ("B", "out")])
        order, back = nir_sim.schedule(g)
        self.assertEqual(back, [(2, "A", "B")])
        self.assertLess(order.index("B"), order.index("A"))
        y, rec = nir_sim.simulate(g, x, record=True)
        np.testing.assert_array_equal(y[:, 0], [3, 24, 144])
        np.testing.assert_array_equal(rec["A"][:, 0], [8, 48, 288])

    def test_self_loop(self):
        g = self.graph({"nodes": {"in": inp(1), "S": {"type": "Scale", "scale": arr(0.5)}, "out": outp(1)},
                        "edges": [("in", "S"), ("S", "S"), ("S", "out")]})
        self.assertEqual(nir_sim.schedule(g)[1], [(1, "S", "S")])
        y = nir_sim.simulate(g, np.array([[1.0], [1], [1], [0]]))
        np.testing.assert_array_equal(y[:, 0], [0.5, 0.75, 0.875, 0.4375])

    def test_fan_in_sums_and_duplicate_edges(self):
        g = self.graph({"nodes": {"in": inp(2), "A": {"type": "Scale", "scale": arr(1, 1)},
                                  "B": {"type": "Scale", "scale": arr(10, 100)}, "out": outp(2)},
                        "edges": [("in", "A"), ("in", "A"), ("in", "B"), ("A", "out"), ("B", "out")]})
        y, rec = nir_sim.simulate(g, np.array([[1.0, 2.0]]), record=True)
        np.testing.assert_array_equal(rec["A"], [[2, 4]])
        np.testing.assert_array_equal(y, [[12, 204]])

    def _rnn_nodes(self):
        return {"lif": {"type": "LIF", "tau": arr(0.01, 0.02), "r": arr(1, 1), "v_leak": arr(0, 0),
                        "v_threshold": arr(1, 1), "v_reset": arr(0, 0)},
                "w_rec": {"type": "Linear", "weight": np.array([[0.5, -3.0], [4.0, 0.2]])}}

    def test_nested_graph_equals_inlined(self):
        fc = {"type": "Affine", "weight": np.array([[20.0, 5.0, 0], [3.0, 0, 30.0]]), "bias": arr(1, 2)}
        sub = {"type": "NIRGraph", "nodes": dict(self._rnn_nodes(), gin=inp(2), gout=outp(2)),
               "edges": [("gin", "lif"), ("lif", "w_rec"), ("w_rec", "lif"), ("lif", "gout")]}
        nested = self.graph({"nodes": {"input": inp(3), "fc": fc, "rnn": sub, "output": outp(2)},
                             "edges": [("input", "fc"), ("fc", "rnn"), ("rnn", "output")]})
        inlined = self.graph({"nodes": dict(self._rnn_nodes(), input=inp(3), fc=fc, output=outp(2)),
                              "edges": [("input", "fc"), ("fc", "lif"), ("lif", "w_rec"), ("w_rec", "lif"),
                                        ("lif", "output")]})
        self.assertIn((5, "rnn/w_rec", "rnn/lif"), nir_sim.schedule(nested)[1])
        x = np.random.default_rng(8).uniform(0, 2, size=(50, 4, 3))
        for mode in ("value", "subtract"):
            y1, r1 = nir_sim.simulate(nested, x, dt=1e-3, reset=mode, record=True)
            y2, r2 = nir_sim.simulate(inlined, x, dt=1e-3, reset=mode, record=True)
            np.testing.assert_array_equal(y1, y2)
            self.assertGreater(y1.sum(), 10)
            np.testing.assert_array_equal(r1["rnn/lif"], r2["lif"])
            np.testing.assert_array_equal(r1["rnn/w_rec"], r2["w_rec"])
            np.testing.assert_array_equal(r1["rnn"], y2)

    def test_nested_graph_dotted_ports(self):
        sub = {"type": "NIRGraph", "nodes": {"a": inp(1), "b": inp(1), "s": {"type": "Scale", "scale": arr(10)},
                                             "o": outp(1)},
               "edges": [("a", "s"), ("b", "o"), ("s", "o")]}
        g = self.graph({"nodes": {"x": inp(1), "y": inp(1), "G": sub, "out": outp(1)},
                        "edges": [("x", "G.a"), ("y", "G.b"), ("G", "out")]})
        y = nir_sim.simulate(g, {"x": np.array([[1.0], [2.0]]), "y": np.array([[5.0], [7.0]])})
        np.testing.assert_array_equal(y[:, 0], [15, 27])
        # a plain reference to a nested graph with two Inputs is ambiguous
        bad = {"nodes": {"x": inp(1), "G": sub, "out": outp(1)}, "edges": [("x", "G"), ("G", "out")]}
        with self.assertRaisesRegex(nir_sim.NIRFileError, r"/node/edges: edge 0: .*'G' is a nested graph"):
            self.graph(bad)

    def test_unreachable_node_is_extra_root(self):
        g = self.graph({"nodes": {"in": inp(2), "c": {"type": "Affine", "weight": np.ones((2, 2)),
                                                      "bias": arr(1, -1)}, "out": outp(2)},
                        "edges": [("in", "out"), ("c", "out")]})
        # DFS from "in" first (in, out), then from "c"; reverse post-order puts c before out
        self.assertEqual(nir_sim.schedule(g), (["c", "in", "out"], []))
        y = nir_sim.simulate(g, np.array([[1.0, 2.0], [3.0, 4.0]]))
        np.testing.assert_array_equal(y, [[2, 1], [4, 3]])

    def test_multiple_inputs_outputs_name_order(self):
        g = self.graph({"nodes": {"b": inp(1), "a": inp(2), "sa": {"type": "Scale", "scale": arr(2, 2)},
                                  "sb": {"type": "Scale", "scale": arr(3)}, "o2": outp(1), "o1": outp(2)},
                        "edges": [("b", "sb"), ("a", "sa"), ("sb", "o2"), ("sa", "o1")]})
        self.assertEqual((g.input_names, g.output_names), (["a", "b"], ["o1", "o2"]))
        xa, xb = np.array([[1.0, 2.0]]), np.array([[5.0]])
        for inputs in ([xa, xb], {"b": xb, "a": xa}):
            y = nir_sim.simulate(g, inputs)
            self.assertIsInstance(y, list)
            np.testing.assert_array_equal(y[0], [[2, 4]])
            np.testing.assert_array_equal(y[1], [[15]])
        with self.assertRaises(nir_sim.SimulationError):
            nir_sim.simulate(g, xa)

    def test_batch_dim_and_dtype(self):
        node = {"type": "LIF", "tau": arr(0.01, 0.02), "r": arr(1, 2), "v_leak": arr(0, 0.1),
                "v_threshold": arr(1, 1), "v_reset": arr(0, 0)}
        g = self.chain(node, (2,))
        x = np.random.default_rng(9).uniform(0, 30, size=(40, 3, 2))
        yb = nir_sim.simulate(g, x, dt=1e-3)
        self.assertEqual(yb.shape, (40, 3, 2))
        for b in range(3):
            np.testing.assert_array_equal(yb[:, b], nir_sim.simulate(g, x[:, b], dt=1e-3))
        y32 = nir_sim.simulate(g, x, dt=1e-3, dtype=np.float32)
        self.assertEqual(y32.dtype, np.float32)
        self.assertEqual(yb.dtype, np.float64)
        self.assertGreater(yb.sum(), 10)
        self.assertLess(np.abs(y32 - yb).mean(), 0.05)
        with self.assertRaises(nir_sim.SimulationError):
            nir_sim.simulate(g, np.zeros((4, 3)))  # trailing dim 3 != 2
        with self.assertRaises(nir_sim.SimulationError):
            nir_sim.simulate(g, x, dtype=np.float16)

    def test_dt_metadata_vs_explicit(self):
        md = self.chain({"type": "I", "r": arr(1.0)}, (1,), metadata={"dt": 0.5, "note": "hello"})
        plain = self.chain({"type": "I", "r": arr(1.0)}, (1,))
        x = np.ones((2, 1))
        self.assertEqual(md.dt, 0.5)
        self.assertIsNone(plain.dt)
        np.testing.assert_array_equal(nir_sim.simulate(md, x)[:, 0], [0.5, 1.0])          # metadata dt
        np.testing.assert_array_equal(nir_sim.simulate(md, x, dt=0.25)[:, 0], [0.25, 0.5])  # explicit wins
        np.testing.assert_allclose(nir_sim.simulate(plain, x)[:, 0], [1e-4, 2e-4], rtol=1e-15)  # default

    def test_graph_without_edges_or_inputs(self):
        g = self.graph({"nodes": {"in": inp(2), "out": outp(3)}, "edges": []})  # float64 (0,) edges
        self.assertEqual(g.edges, [])
        np.testing.assert_array_equal(nir_sim.simulate(g, np.ones((2, 2))), np.zeros((2, 3)))
        g = self.graph({"nodes": {"in": inp(2), "out": outp(3)}, "edges": []}, empty_edges="string")
        self.assertEqual(g.edges, [])  # (0, 2) string dataset
        g = self.graph({"nodes": {"c": {"type": "Affine", "weight": np.ones((1, 1)), "bias": arr(7)},
                                  "out": outp(1)}, "edges": [("c", "out")]})
        with self.assertRaises(nir_sim.SimulationError):
            nir_sim.simulate(g, None)
        np.testing.assert_array_equal(nir_sim.simulate(g, None, steps=3), [[7], [7], [7]])


# ----------------------------------------------------------------------------
# Reading and errors


class TestLoading(_TmpMixin, unittest.TestCase):
    def _spec(self, node):
        return {"nodes": {"in": inp(1), "n": node, "out": outp(1)}, "edges": [("in", "n"), ("n", "out")]}

    def assertFileError(self, spec, h5path, pattern):
        p = write_nir(self.path(), spec)
        with self.assertRaises(nir_sim.NIRFileError) as cm:
            nir_sim.load(p)
        self.assertEqual(cm.exception.h5path, h5path)
        self.assertEqual(cm.exception.file, p)
        self.assertIn(p, str(cm.exception))
        self.assertIn(h5path, str(cm.exception))
        self.assertRegex(str(cm.exception), pattern)

    def test_fixed_length_strings(self):
        spec = self._spec({"type": "Scale", "scale": arr(3)})
        g = nir_sim.load(write_nir(self.path(), spec, strings="fixed"))
        self.assertEqual(g.edges, [("in", "n"), ("n", "out")])
        self.assertEqual(g.nodes["n"].type, "Scale")
        np.testing.assert_array_equal(nir_sim.simulate(g, np.ones((1, 1))), [[3]])

    def test_dotted_names_match_exactly(self):
        g = self.graph({"nodes": {"in": inp(1), "lif1.w": {"type": "Scale", "scale": arr(2)}, "out": outp(1)},
                        "edges": [("in", "lif1.w"), ("lif1.w", "out")]})
        np.testing.assert_array_equal(nir_sim.simulate(g, np.ones((1, 1))), [[2]])

    def test_unknown_type(self):
        self.assertFileError(self._spec({"type": "Identity"}), "/node/nodes/n/type", "unknown node type 'Identity'")

    def test_missing_field(self):
        self.assertFileError(self._spec({"type": "LIF", "tau": arr(1), "r": arr(1), "v_leak": arr(0)}),
                             "/node/nodes/n/v_threshold", "missing required field")

    def test_unknown_field(self):
        self.assertFileError(self._spec({"type": "Scale", "scale": arr(1), "bias": arr(1)}),
                             "/node/nodes/n/bias", "unexpected field 'bias'")

    def test_edge_to_missing_node(self):
        spec = self._spec({"type": "Scale", "scale": arr(1)})
        spec["edges"].append(("n", "nope"))
        self.assertFileError(spec, "/node/edges", "edge 2: destination 'nope' is not a node")

    def test_nested_edge_to_missing_node(self):
        sub = {"type": "NIRGraph", "nodes": {"input": inp(1), "lif1": {"type": "Scale", "scale": arr(1)},
                                             "output": outp(1)},
               "edges": [("input", "lif"), ("lif1", "output")]}
        spec = {"nodes": {"in": inp(1), "g": sub, "out": outp(1)}, "edges": [("in", "g"), ("g", "out")]}
        self.assertFileError(spec, "/node/nodes/g/edges", "destination 'lif' is not a node")

    def test_bad_parameters(self):
        self.assertFileError(self._spec({"type": "LIF", "tau": arr(1, 1), "r": arr(1), "v_leak": arr(0),
                                         "v_threshold": arr(1)}), "/node/nodes/n/tau", "shape")
        self.assertFileError(self._spec({"type": "Conv1d", "input_shape": np.int64(4),
                                         "weight": np.ones((1, 1, 2)), "stride": np.int64(1),
                                         "padding": "full", "dilation": np.int64(1), "groups": np.int64(1),
                                         "bias": arr(0)}), "/node/nodes/n/padding", "'same' or 'valid'")
        self.assertFileError(self._spec({"type": "Linear", "weight": arr(1, 2)}), "/node/nodes/n/weight",
                             "at least 2 dims")

    def test_edge_into_top_level_input(self):
        spec = self._spec({"type": "Scale", "scale": arr(1)})
        spec["edges"].append(("n", "in"))
        self.assertFileError(spec, "/node/edges", "enters a top-level Input")

    def test_not_a_nir_file(self):
        p = self.path("x.nir")
        with open(p, "w") as f:
            f.write("not hdf5")
        with self.assertRaisesRegex(nir_sim.NIRFileError, "cannot open"):
            nir_sim.load(p)
        p = self.path("y.nir")
        with h5py.File(p, "w") as f:
            f.create_group("node").create_dataset("type", data="LIF", dtype=h5py.string_dtype())
        with self.assertRaisesRegex(nir_sim.NIRFileError, "/node/type: the root node must be a NIRGraph"):
            nir_sim.load(p)


# ----------------------------------------------------------------------------
# Sample files and the command line


def sample_files():
    return sorted(glob.glob(os.path.join(SAMPLES_DIR, "upstream", "**", "*.nir"), recursive=True)
                  + glob.glob(os.path.join(SAMPLES_DIR, "generated", "*.nir")))


class TestSamples(unittest.TestCase):
    def setUp(self):
        if not sample_files():
            self.skipTest("no sample files under %s (set NIR_SAMPLES_DIR or pass --samples)" % SAMPLES_DIR)

    def test_every_sample(self):
        files = sample_files()
        self.assertGreaterEqual(len(files), 15)
        broken = 0
        for f in files:
            with self.subTest(file=os.path.relpath(f, SAMPLES_DIR)):
                if os.path.basename(f) in BROKEN_SAMPLES:
                    with self.assertRaises(nir_sim.NIRFileError) as cm:
                        nir_sim.load(f)
                    self.assertEqual(cm.exception.h5path, "/node/nodes/lif1/edges")
                    self.assertIn("'lif' is not a node", str(cm.exception))
                    broken += 1
                    continue
                g = nir_sim.load(f)
                rng = np.random.default_rng(zlib.crc32(os.path.basename(f).encode()))
                xs = [rng.uniform(0, 20, size=(20, 2) + s) for s in g.input_shapes]
                batched = xs if len(xs) > 1 else xs[0]
                y = nir_sim.simulate(g, batched, dt=1e-3)
                ys = y if isinstance(y, list) else [y]
                for k, shape in enumerate(g.output_shapes):
                    self.assertEqual(ys[k].shape[:2], (20, 2))
                    self.assertTrue(np.all(np.isfinite(ys[k])))
                for b in range(2):
                    single = [x[:, b] for x in xs]
                    y1 = nir_sim.simulate(g, single if len(single) > 1 else single[0], dt=1e-3)
                    y1 = y1 if isinstance(y1, list) else [y1]
                    for k in range(len(ys)):
                        np.testing.assert_array_equal(ys[k][:, b], y1[k])
                y32 = nir_sim.simulate(g, batched, dtype=np.float32)
                self.assertEqual((y32 if not isinstance(y32, list) else y32[0]).dtype, np.float32)
        self.assertEqual(broken, 2)

    def test_sample_recurrent_schedule(self):
        g = nir_sim.load(os.path.join(SAMPLES_DIR, "upstream", "neuromorphs-NIR", "paper", "03_rnn",
                                      "braille_noDelay_bias_zero.nir"))
        order, back = nir_sim.schedule(g)
        self.assertEqual(back, [(0, "lif1.w_rec", "lif1.lif")])
        self.assertEqual(order[:3], ["input", "fc1", "lif1.lif"])
        g = nir_sim.load(os.path.join(SAMPLES_DIR, "generated", "gen_nested_subgraph.nir"))
        self.assertEqual(nir_sim.schedule(g)[1], [(5, "rnn/w_rec", "rnn/lif")])

    def test_sample_metadata_dt(self):
        g = nir_sim.load(os.path.join(SAMPLES_DIR, "generated", "gen_elementwise_metadata.nir"))
        self.assertEqual(g.dt, 0.001)
        x = np.random.default_rng(10).uniform(0, 50, size=(30, 3))
        _, rec = nir_sim.simulate(g, x, record=True)
        _, rec_explicit = nir_sim.simulate(g, x, dt=0.001, record=True)
        _, rec_other = nir_sim.simulate(g, x, dt=1e-4, record=True)
        np.testing.assert_array_equal(rec["integ"], rec_explicit["integ"])
        # with dt = 1 ms the delays 1, 2, 3 ms are 1, 2, 3 steps: delay = scale output shifted
        for i, d in enumerate((1, 2, 3)):
            np.testing.assert_array_equal(rec["delay"][d:, i], rec["scale"][:-d, i])
            np.testing.assert_array_equal(rec["delay"][:d, i], 0)
        # with dt = 0.1 ms they are 10, 20, 30 steps: nothing arrives within 10 steps
        np.testing.assert_array_equal(rec_other["delay"][:10], 0)
        self.assertFalse(np.array_equal(rec["integ"], rec_other["integ"]))


class TestCLI(_TmpMixin, unittest.TestCase):
    def run_cli(self, *args):
        return subprocess.run([sys.executable, os.path.join(HERE, "nir_sim.py")] + list(args),
                              capture_output=True, text=True)

    def test_cli_roundtrip(self):
        model = write_nir(self.path(), {
            "nodes": {"in": inp(2), "n": {"type": "IF", "r": arr(1, 2), "v_threshold": arr(1, 1)},
                      "out": outp(2)},
            "edges": [("in", "n"), ("n", "out")], "metadata": {"dt": 0.25}})
        xin = os.path.join(self._tmp.name, "in.npy")
        np.save(xin, np.ones((5, 2)))
        out = os.path.join(self._tmp.name, "out.npz")
        r = self.run_cli(model, "--input", xin, "--output", out, "--record")
        self.assertEqual(r.returncode, 0, r.stderr)
        with np.load(out) as z:
            np.testing.assert_array_equal(z["out"], [[0, 0], [0, 0], [0, 1], [0, 0], [1, 0]])
            np.testing.assert_array_equal(z["record/in"], np.ones((5, 2)))
            self.assertEqual(float(z["meta/dt"]), 0.25)
        r = self.run_cli(model, "--input", xin, "--output", out, "--dt", "0.5", "--dtype", "float32",
                         "--reset", "subtract")
        self.assertEqual(r.returncode, 0, r.stderr)
        with np.load(out) as z:
            # dt = .5, subtract: neuron 0: .5, 1.0, 1.5 -> .5, 1.0, 1.5 (spikes 0 0 1 0 1);
            # neuron 1: 1.0, 2.0 -> 1.0, 2.0 -> 1.0, ... (spikes 0 1 1 1 1)
            np.testing.assert_array_equal(z["out"], [[0, 0], [0, 1], [1, 1], [0, 1], [1, 1]])
            self.assertEqual(z["out"].dtype, np.float32)

    def test_cli_error(self):
        model = write_nir(self.path(), {"nodes": {"in": inp(1), "out": outp(1)}, "edges": [("in", "missing")]})
        xin = os.path.join(self._tmp.name, "in.npy")
        np.save(xin, np.ones((5, 1)))
        r = self.run_cli(model, "--input", xin, "--output", os.path.join(self._tmp.name, "o.npz"))
        self.assertEqual(r.returncode, 1)
        self.assertIn("/node/edges: edge 0: destination 'missing' is not a node", r.stderr)
        self.assertIn(model, r.stderr)


if __name__ == "__main__":
    if "--samples" in sys.argv:
        i = sys.argv.index("--samples")
        SAMPLES_DIR = sys.argv[i + 1]
        del sys.argv[i:i + 2]
    unittest.main()
