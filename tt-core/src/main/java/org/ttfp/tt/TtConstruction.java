package org.ttfp.tt;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.ttfp.linalg.Backend;
import org.ttfp.linalg.Mat;

/**
 * The bodies of the {@link TensorTrain} factories that build a tensor from given data: backend
 * cores (shapes, backends and, optionally, finiteness checked), host arrays, rank-1 vectors and
 * random cores. The public entry points, with their contracts, are on {@link TensorTrain}.
 */
final class TtConstruction {
    private TtConstruction() {}

    /** {@link TensorTrain#ofCores(List, int[])}; values checked only when {@code checkFinite}. */
    static TensorTrain fromCores(List<Mat> cores, int[] modeSizes, boolean checkFinite) {
        if (cores == null || cores.isEmpty()) {
            throw new IllegalArgumentException("cores must hold at least one core, got " + (cores == null ? "null" : "[]"));
        }
        for (int k = 0; k < cores.size(); k++) {
            if (cores.get(k) == null) {
                throw new IllegalArgumentException("core " + k + " is null, expected a matrix");
            }
        }
        int[] n = Checks.modeSizes("modeSizes", modeSizes);
        if (n.length != cores.size()) {
            throw new IllegalArgumentException("modeSizes has " + n.length + " entries but there are " + cores.size() + " cores");
        }
        Backend be = cores.get(0).backend();
        int d = n.length;
        int[] r = new int[d + 1];
        r[0] = 1;
        Mat[] cs = new Mat[d];
        for (int k = 0; k < d; k++) {
            Mat c = cores.get(k);
            if (c.backend() != be) {
                throw new IllegalArgumentException("core " + k + " belongs to backend '" + c.backend().name()
                        + "' but core 0 to '" + be.name() + "'");
            }
            if (c.rows() != (long) r[k] * n[k]) {
                throw new IllegalArgumentException("core " + k + " has " + c.rows() + " rows, expected r[" + k + "]*n[" + k
                        + "] = " + r[k] + "*" + n[k] + " = " + (long) r[k] * n[k] + " (ranks must chain)");
            }
            if (c.cols() < 1) {
                throw new IllegalArgumentException("core " + k + " has rank " + c.cols() + ", expected >= 1");
            }
            r[k + 1] = c.cols();
            if (checkFinite) {
                CoreChecks.requireFiniteCore(be, c, k, r[k], n[k]);
            }
            cs[k] = c.isContiguous() ? c : be.copy(c);
        }
        if (r[d] != 1) {
            throw new IllegalArgumentException("the last core must have r_d = 1 column, got " + r[d]);
        }
        return new TensorTrain(be, n, r, cs);
    }

    /** {@link TensorTrain#ofCores(Backend, double[][], int[], int[])}. */
    static TensorTrain ofHostCores(Backend backend, double[][] cores, int[] modeSizes, int[] ranks) {
        CoreChecks.requireBackend(backend);
        int[] n = Checks.modeSizes("modeSizes", modeSizes);
        int d = n.length;
        if (cores == null || cores.length != d) {
            throw new IllegalArgumentException("cores must hold " + d + " arrays (one per mode), got "
                    + (cores == null ? "null" : cores.length));
        }
        int[] r = CoreChecks.checkRanks(ranks, d);
        Mat[] cs = new Mat[d];
        for (int k = 0; k < d; k++) {
            long len = CoreChecks.coreLength(k, r[k], n[k], r[k + 1]);
            Checks.length("cores[" + k + "]", cores[k], len);
            Checks.allFinite("cores[" + k + "]", cores[k]);
            cs[k] = backend.fromArray(cores[k], r[k] * n[k], r[k + 1]);
        }
        return new TensorTrain(backend, n, r, cs);
    }

    /** {@link TensorTrain#rankOne}. */
    static TensorTrain rankOne(Backend backend, double[]... vectors) {
        CoreChecks.requireBackend(backend);
        if (vectors == null || vectors.length == 0) {
            throw new IllegalArgumentException("vectors must hold at least one vector");
        }
        int d = vectors.length;
        int[] n = new int[d];
        int[] r = new int[d + 1];
        Arrays.fill(r, 1);
        Mat[] cs = new Mat[d];
        for (int k = 0; k < d; k++) {
            if (vectors[k] == null || vectors[k].length == 0) {
                throw new IllegalArgumentException("vectors[" + k + "] must be non-empty");
            }
            Checks.allFinite("vectors[" + k + "]", vectors[k]);
            n[k] = vectors[k].length;
            cs[k] = backend.fromArray(vectors[k], n[k], 1);
        }
        return new TensorTrain(backend, n, r, cs);
    }

    /** {@link TensorTrain#random(Backend, int[], int[], long)}. */
    static TensorTrain random(Backend backend, int[] modeSizes, int[] ranks, long seed) {
        CoreChecks.requireBackend(backend);
        int[] n = Checks.modeSizes("modeSizes", modeSizes);
        int[] r = CoreChecks.checkRanks(ranks, n.length);
        for (int k = 0; k < n.length; k++) {
            CoreChecks.coreLength(k, r[k], n[k], r[k + 1]);
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        Mat[] cs = new Mat[n.length];
        for (int k = 0; k < n.length; k++) {
            double[] c = new double[CoreChecks.coreLength(k, r[k], n[k], r[k + 1])];
            for (int t = 0; t < c.length; t++) {
                c[t] = 2 * rnd.nextDouble() - 1;
            }
            cs[k] = backend.fromArray(c, r[k] * n[k], r[k + 1]);
        }
        return new TensorTrain(backend, n, r, cs);
    }
}
