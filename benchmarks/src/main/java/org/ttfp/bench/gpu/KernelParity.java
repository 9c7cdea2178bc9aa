package org.ttfp.bench.gpu;

import static org.ttfp.bench.gpu.GpuParityCheck.random;
import static org.ttfp.bench.gpu.GpuParityCheck.relDiff;

import java.util.Locale;
import java.util.SplittableRandom;
import org.ttfp.bench.W4Evaluate;
import org.ttfp.linalg.Backend;
import org.ttfp.linalg.CublasBackend;
import org.ttfp.linalg.Mat;
import org.ttfp.linalg.QR;
import org.ttfp.linalg.SVD;
import org.ttfp.linalg.TallSkinnyQr;
import org.ttfp.tt.TensorTrain;

/**
 * Kernel parity of the device backend against the CPU backend: GEMM (all transposes, on views),
 * the level-1 kernels, QR on well-conditioned, ill-conditioned and rank-deficient matrices (with
 * the tall-skinny path taken), SVD of tall and wide matrices, and the TT-shaped kernels. Tolerances:
 * {@value #GEMM_TOL} relative (Frobenius) for GEMM-based kernels and singular values; ‖QᵀQ − I‖_F
 * of the device QR at most max(2e-14, 4 × the CPU's), ‖A − QR‖_F / ‖A‖_F at most 1e-14.
 */
final class KernelParity extends Stage {
    static final double GEMM_TOL = 1e-12;

    KernelParity(GpuParityCheck owner) {
        super(owner);
    }

    private Mat up(Backend b, double[] a, int m, int n) {
        return b.fromArray(a, m, n);
    }

    /** U diag(σ) Vᵀ (m x n, m ≥ n) with σ from 1 down to 1/kappa, built on the CPU backend. */
    private double[] withCondition(int m, int n, double kappa, long seed) {
        Mat u = cpu.qr(cpu.fromArray(random(m * n, seed), m, n)).q();
        Mat v = cpu.qr(cpu.fromArray(random(n * n, seed + 1), n, n)).q();
        double[] s = new double[n];
        for (int j = 0; j < n; j++) {
            s[j] = Math.pow(kappa, -(double) j / Math.max(1, n - 1));
        }
        Mat us = cpu.copy(u);
        cpu.scaleColumns(us, s);
        return cpu.mul(us, false, v, true).toArray();
    }

    /** Every parity check, each step guarded. */
    @Override
    void run() {
        int s = quick ? 1 : 4;
        owner.guard("parity: gemm", () -> gemmParity(s));
        owner.guard("parity: level-1 kernels", () -> level1Parity(s));
        qrParity(s);
        svdParity(s);
        ttKernelParity();
    }

    /** GEMM, all transposes, on interior views (offset, ld != rows). */
    private void gemmParity(int s) {
        int m = 170 * s, p = 130 * s, n = 150 * s;
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                int ar = ta ? p : m, ac = ta ? m : p, br = tb ? n : p, bc = tb ? p : n;
                double[] a = random((ar + 3) * (ac + 2), 1), b = random((br + 5) * (bc + 1), 2), c = random(m * n, 3);
                Mat ad = up(dev, a, ar + 3, ac + 2).rowRange(3, 3 + ar).columns(2, 2 + ac);
                Mat acpu = up(cpu, a, ar + 3, ac + 2).rowRange(3, 3 + ar).columns(2, 2 + ac);
                Mat bd = up(dev, b, br + 5, bc + 1).rowRange(1, 1 + br).columns(1, 1 + bc);
                Mat bcpu = up(cpu, b, br + 5, bc + 1).rowRange(1, 1 + br).columns(1, 1 + bc);
                Mat cd = up(dev, c, m, n), cc = up(cpu, c, m, n);
                dev.gemm(ta, tb, 0.75, ad, bd, -0.5, cd);
                cpu.gemm(ta, tb, 0.75, acpu, bcpu, -0.5, cc);
                report.parity("gemm " + (ta ? "T" : "N") + (tb ? "T" : "N"), m + "x" + p + "x" + n + " views", cd, cc, GEMM_TOL);
            }
        }
    }

    private void level1Parity(int s) {
        double[] x = random(300 * s * 200 * s, 4), y = random(300 * s * 200 * s, 5);
        Mat xd = up(dev, x, 300 * s, 200 * s), xc = up(cpu, x, 300 * s, 200 * s);
        Mat yd = up(dev, y, 300 * s, 200 * s), yc = up(cpu, y, 300 * s, 200 * s);
        String sh = 300 * s + "x" + 200 * s;
        report.parity("transpose", sh, dev.transpose(xd), cpu.transpose(xc), 0);
        report.check("dot", sh, "rel. diff vs CPU", Math.abs(dev.dot(xd, yd) - cpu.dot(xc, yc)) / Math.abs(cpu.dot(xc, yc)), GEMM_TOL);
        report.check("normF", sh, "rel. diff vs CPU", Math.abs(dev.normF(xd) - cpu.normF(xc)) / cpu.normF(xc), GEMM_TOL);
        report.check("maxAbs", sh, "abs. diff vs CPU", Math.abs(dev.maxAbs(xd) - cpu.maxAbs(xc)), 0);
        Mat sd = dev.copy(xd), sc = cpu.copy(xc);
        dev.axpy(-0.3, yd, sd);
        cpu.axpy(-0.3, yc, sc);
        double[] rs = random(300 * s, 6), cs = random(200 * s, 7);
        dev.scaleRows(sd, rs);
        cpu.scaleRows(sc, rs);
        dev.scaleColumns(sd.rowRange(5, 100), cs);
        cpu.scaleColumns(sc.rowRange(5, 100), cs);
        dev.scale(1.5, sd.columns(3, 50));
        cpu.scale(1.5, sc.columns(3, 50));
        report.parity("axpy+scaleRows/Columns+scale", sh + " (views)", sd, sc, 1e-14);
        int[] idx = new int[70_000];
        SplittableRandom rnd = new SplittableRandom(8);
        for (int t = 0; t < idx.length; t++) {
            idx[t] = rnd.nextInt(300 * s);
        }
        report.parity("gatherRows", idx.length + " of " + sh, dev.gatherRows(xd.columns(0, 7), idx), cpu.gatherRows(xc.columns(0, 7), idx), 0);
    }

    private TallSkinnyQr.Result devQr(Mat a) {
        return dev instanceof CublasBackend g ? g.qrWithPath(a) : TallSkinnyQr.factorWithPath(dev, a, cpu);
    }

    /** ‖QᵀQ − I‖_F computed on the CPU backend from the downloaded Q. */
    private double orthError(Mat q) {
        Mat qc = cpu.fromArray(q.toArray(), q.rows(), q.cols());
        Mat g = cpu.mul(qc, true, qc, false);
        double[] e = g.toArray();
        for (int i = 0; i < q.cols(); i++) {
            e[i + i * q.cols()] -= 1;
        }
        return cpu.normF(cpu.fromArray(e, q.cols(), q.cols()));
    }

    private double residual(double[] a, QR qr, int m, int n) {
        Mat prod = cpu.mul(cpu.fromArray(qr.q().toArray(), m, qr.q().cols()), cpu.fromArray(qr.r().toArray(), qr.r().rows(), n));
        return relDiff(prod.toArray(), a);
    }

    private void qrCase(String name, double[] a, int m, int n, TallSkinnyQr.Path expected) {
        String shape = m + "x" + n;
        QR qc = cpu.qr(cpu.fromArray(a, m, n));
        double cpuOrth = orthError(qc.q());
        QR qd;
        String label = "qr " + name;
        if (m >= n) {
            TallSkinnyQr.Result r = devQr(dev.fromArray(a, m, n));
            qd = r.qr();
            label += " [" + r.path() + "]";
            if (expected != null) {
                report.check(label, shape, "path is " + expected + " (1 = yes)", r.path() == expected ? 0 : 1, 0);
            }
        } else {
            qd = dev.qr(dev.fromArray(a, m, n));
        }
        report.check(label, shape, String.format(Locale.ROOT, "||QtQ-I||_F (CPU %.1e)", cpuOrth), orthError(qd.q()),
                Math.max(2e-14, 4 * cpuOrth));
        report.check(label, shape, "||A-QR||/||A||", residual(a, qd, m, n), 1e-14);
    }

    private void qrParity(int s) {
        int m = 5000 * s, n = 100;
        owner.guard("parity: qr well-conditioned", () -> qrCase("well-conditioned", random(m * n, 20), m, n,
                TallSkinnyQr.Path.CHOLESKY_QR2));
        owner.guard("parity: qr kappa=1e10", () -> qrCase("kappa=1e10", withCondition(m / 4, 60, 1e10, 21), m / 4, 60,
                TallSkinnyQr.Path.SHIFTED_CHOLESKY_QR3));
        owner.guard("parity: qr [B B]", () -> {
            double[] b = random(m / 4 * 30, 22);
            double[] ab = new double[b.length * 2];
            System.arraycopy(b, 0, ab, 0, b.length);
            System.arraycopy(b, 0, ab, b.length, b.length);
            qrCase("[B B] rank-deficient", ab, m / 4, 60, TallSkinnyQr.Path.HOUSEHOLDER);
        });
        owner.guard("parity: qr kappa=1e18", () -> qrCase("kappa=1e18", withCondition(m / 4, 60, 1e18, 23), m / 4, 60, null));
        owner.guard("parity: qr wide", () -> qrCase("wide", random(60 * 900, 24), 60, 900, null));
    }

    private void svdParity(int s) {
        for (int[] shape : new int[][] {{1500 * s, 120}, {120, 1500 * s}}) {
            owner.guard("parity: svd " + shape[0] + "x" + shape[1], () -> svdCase(shape[0], shape[1]));
        }
    }

    private void svdCase(int m, int n) {
        {
            double[] a = random(m * n, 30 + m);
            SVD sd = dev.svd(dev.fromArray(a, m, n));
            SVD sc = cpu.svd(cpu.fromArray(a, m, n));
            String sh = m + "x" + n;
            report.check("svd singular values", sh, "rel. diff vs CPU", relDiff(sd.s(), sc.s()), GEMM_TOL);
            Mat us = dev.copy(sd.u());
            dev.scaleColumns(us, sd.s());
            report.check("svd U S Vt", sh, "||A-USVt||/||A||", relDiff(dev.mul(us, sd.vt()).toArray(), a), 1e-13);
            report.check("svd U", sh, "||UtU-I||_F", orthError(sd.u()), 1e-13);
            report.check("svd V", sh, "||VtV-I||_F", orthError(dev.transpose(sd.vt())), 1e-13);
        }
    }

    private void ttKernelParity() {
        int r0 = 30, nn = 64, r1 = 30, np = 20;
        double[] g = random(r0 * nn * r1, 40), w = random(nn, 41), mm = random(np * nn, 42);
        Mat gd = up(dev, g, r0 * nn, r1), gc = up(cpu, g, r0 * nn, r1);
        String sh = r0 + "x" + nn + "x" + r1;
        owner.guard("parity: contractMiddle", () -> report.parity("contractMiddle", sh, dev.contractMiddle(gd, r0, nn, r1, up(dev, w, nn, 1)),
                cpu.contractMiddle(gc, r0, nn, r1, up(cpu, w, nn, 1)), GEMM_TOL));
        owner.guard("parity: modeProduct", () -> report.parity("modeProduct", sh + " by " + np + "x" + nn,
                dev.modeProduct(gd, r0, nn, r1, up(dev, mm, np, nn)), cpu.modeProduct(gc, r0, nn, r1, up(cpu, mm, np, nn)), GEMM_TOL));
        int ra = 6, rb = 7, sa = 5, sb = 4, hn = 16;
        double[] ha = random(ra * hn * rb, 43), hb = random(sa * hn * sb, 44);
        owner.guard("parity: hadamardCore", () -> report.parity("hadamardCore", ra + "x" + hn + "x" + rb + " * " + sa + "x" + hn + "x" + sb,
                dev.hadamardCore(up(dev, ha, ra * hn, rb), ra, rb, up(dev, hb, sa * hn, sb), sa, sb, hn),
                cpu.hadamardCore(up(cpu, ha, ra * hn, rb), ra, rb, up(cpu, hb, sa * hn, sb), sa, sb, hn), 0));
        owner.guard("parity: evaluate", () -> {
            int d = 10, count = quick ? 20_000 : W4Evaluate.COUNT;
            TensorTrain td = W4Evaluate.tensor(dev, d, nn, r0);
            TensorTrain tc = td.toBackend(cpu);
            int[] idx = W4Evaluate.indices(d, nn, count);
            report.check("evaluate", count + " points, d=10 n=64 r=30", "rel. diff vs CPU",
                    relDiff(td.evaluate(idx, count), tc.evaluate(idx, count)), GEMM_TOL);
        });
    }
}
