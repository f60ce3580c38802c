package org.pase4j.downstream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PcaTest {

    /** Points spread along (1, 2, 2) / 3 with a little noise across it, around (5, -1, 0). */
    private static double[][] alongALine(int n) {
        SplittableRandom rng = new SplittableRandom(3);
        double[][] rows = new double[n][];
        for (int i = 0; i < n; i++) {
            double t = 10 * rng.nextGaussian();
            rows[i] = new double[] {5 + t / 3 + 0.01 * rng.nextGaussian(), -1 + 2 * t / 3 + 0.01 * rng.nextGaussian(),
                2 * t / 3 + 0.01 * rng.nextGaussian()};
        }
        return rows;
    }

    @Test
    void theFirstComponentIsTheLineTheDataLiesOn() {
        Pca pca = Pca.fit(alongALine(200));
        assertEquals(3, pca.components());
        assertArrayEquals(new double[] {1.0 / 3, 2.0 / 3, 2.0 / 3}, pca.component(0), 1e-3);
        assertTrue(pca.explained(1) > 0.9999, "explained " + pca.explained(1));
        assertEquals(1, pca.explained(3), 1e-12);
        assertEquals(0, pca.explained(0));
        assertArrayEquals(new double[] {0, 0}, pca.project(pca.mean(), 2), 1e-12);
    }

    /**
     * Checked against the definition rather than another solver: the projections are uncorrelated, their sample
     * variances are the component variances, in decreasing order, and the variances add up to the trace of the
     * covariance matrix.
     */
    @Test
    void projectionsAreUncorrelatedAndCarryTheComponentVariances() {
        SplittableRandom rng = new SplittableRandom(7);
        int n = 50;
        double[][] rows = new double[n][4];
        for (double[] r : rows) {
            double a = rng.nextGaussian();
            double b = rng.nextGaussian();
            r[0] = 3 * a + b;
            r[1] = a - 2 * b + 0.1 * rng.nextGaussian();
            r[2] = rng.nextGaussian();
            r[3] = 0.5 * a;
        }
        Pca pca = Pca.fit(rows);
        double[][] p = pca.project(rows, 4);
        double[] variances = pca.variances();
        double trace = 0;
        for (int j = 0; j < 4; j++) {
            trace += covariance(rows, rows, j, j);
        }
        assertEquals(trace, java.util.Arrays.stream(variances).sum(), 1e-9);
        for (int a = 0; a < 4; a++) {
            assertEquals(variances[a], covariance(p, p, a, a), 1e-9);
            if (a > 0) {
                assertTrue(variances[a] <= variances[a - 1]);
            }
            for (int b = a + 1; b < 4; b++) {
                assertEquals(0, covariance(p, p, a, b), 1e-9);
            }
        }
    }

    private static double covariance(double[][] x, double[][] y, int a, int b) {
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < x.length; i++) {
            ma += x[i][a] / x.length;
            mb += y[i][b] / x.length;
        }
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += (x[i][a] - ma) * (y[i][b] - mb);
        }
        return s / (x.length - 1);
    }

    @Test
    void fewerVectorsThanDimensionsGiveThatManyComponentsWithSignsFixed() {
        double[][] rows = {{1, 0, 0, 0, 0}, {0, 1, 0, 0, 0}, {0, 0, 1, 0, 0}};
        Pca pca = Pca.fit(rows);
        assertEquals(3, pca.components());
        assertEquals(5, pca.dimensions());
        assertEquals(1, pca.explained(2), 1e-12);   // three points lie in a plane
        for (int k = 0; k < 3; k++) {
            double[] u = pca.component(k);
            int largest = 0;
            for (int j = 1; j < u.length; j++) {
                largest = Math.abs(u[j]) > Math.abs(u[largest]) ? j : largest;
            }
            assertTrue(u[largest] > 0, "component " + k + " has its largest coordinate positive");
        }
    }

    @Test
    void badInputIsRefusedWithWhatWasExpected() {
        assertEquals("1 vectors: expected at least 2",
                assertThrows(IllegalArgumentException.class, () -> Pca.fit(new double[][] {{1, 2}})).getMessage());
        assertEquals("vector 1 has 1 values, expected 2 (the first vector's length, at least 1)",
                assertThrows(IllegalArgumentException.class, () -> Pca.fit(new double[][] {{1, 2}, {3}})).getMessage());
        assertEquals("vector 0, value 1 is NaN: expected finite values", assertThrows(IllegalArgumentException.class,
                () -> Pca.fit(new double[][] {{1, Double.NaN}, {3, 4}})).getMessage());
        Pca pca = Pca.fit(new double[][] {{1, 2}, {3, 5}, {0, 1}});
        assertEquals("3 components: expected 0 to 2",
                assertThrows(IllegalArgumentException.class, () -> pca.project(new double[] {1, 2}, 3)).getMessage());
        assertEquals("vector of 3 values, expected 2",
                assertThrows(IllegalArgumentException.class, () -> pca.project(new double[] {1, 2, 3}, 1)).getMessage());
        assertEquals("component 2: expected 0 to 1",
                assertThrows(IllegalArgumentException.class, () -> pca.component(2)).getMessage());
    }
}
