package org.ttfp.fp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ttfp.cheb.ChebyshevBox;
import org.ttfp.cheb.ChebyshevGrid;
import org.ttfp.linalg.Backends;
import org.ttfp.tt.TensorTrain;

/** The fast point evaluator against ChebyshevBox's interpolation and spectral gradient. */
class PointEvaluatorTest {

    @Test
    void matchesChebyshevBox() {
        ChebyshevBox box = new ChebyshevBox(new ChebyshevGrid(-2, 3, 9), new ChebyshevGrid(-1, 1, 12),
                new ChebyshevGrid(0, 4, 7), new ChebyshevGrid(-5, 5, 10));
        TensorTrain tt = TensorTrain.random(Backends.byName("ejml"), box.modeSizes(), new int[] {1, 3, 5, 2, 1}, 4);
        SplittableRandom rnd = new SplittableRandom(8);
        int count = 300; // several parallel chunks
        double[] x = new double[count * 4];
        for (int s = 0; s < count; s++) {
            for (int k = 0; k < 4; k++) {
                ChebyshevGrid g = box.axis(k);
                // every 10th point exactly on a node, the others anywhere in the box
                x[s * 4 + k] = s % 10 == 0 ? g.node(rnd.nextInt(g.size())) : g.a() + (g.b() - g.a()) * rnd.nextDouble();
            }
        }
        PointEvaluator pe = new PointEvaluator(box, tt);
        double[] v = pe.values(x, count);
        double[] ref = box.interpolate(tt, x, count);
        double[] v2 = new double[count];
        double[] g = new double[count * 4];
        pe.valuesAndGradients(x, count, v2, g);
        double[] gref = box.gradient(tt, x, count);
        for (int s = 0; s < count; s++) {
            assertEquals(ref[s], v[s], 1e-12 * (1 + Math.abs(ref[s])));
            assertEquals(ref[s], v2[s], 1e-12 * (1 + Math.abs(ref[s])));
            for (int k = 0; k < 4; k++) {
                assertEquals(gref[s * 4 + k], g[s * 4 + k], 1e-10 * (1 + Math.abs(gref[s * 4 + k])));
            }
        }
    }

    @Test
    void oneDimensional() {
        ChebyshevBox box = ChebyshevBox.cube(1, -1, 1, 15);
        double[] nodes = box.axis(0).nodes();
        double[] f = new double[15];
        for (int j = 0; j < 15; j++) {
            f[j] = Math.pow(nodes[j], 5) - nodes[j];
        }
        TensorTrain tt = TensorTrain.rankOne(Backends.byName("ejml"), f);
        PointEvaluator pe = new PointEvaluator(box, tt);
        double[] x = {0.3, -0.77, 1.0};
        double[] v = new double[3];
        double[] g = new double[3];
        pe.valuesAndGradients(x, 3, v, g);
        for (int s = 0; s < 3; s++) {
            assertEquals(Math.pow(x[s], 5) - x[s], v[s], 1e-14);
            assertEquals(5 * Math.pow(x[s], 4) - 1, g[s], 1e-12);
        }
    }
}
