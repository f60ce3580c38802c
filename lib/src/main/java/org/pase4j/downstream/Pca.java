package org.pase4j.downstream;

import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * Principal component analysis of a set of vectors, e.g. pooled utterance embeddings, to look at them in
 * two dimensions:
 * <pre>{@code
 * Pca pca = Pca.fit(vectors);
 * double[][] xy = pca.project(vectors, 2);
 * System.out.println(pca.explained(2));   // share of the variance the plane keeps
 * }</pre>
 * The components come from the singular value decomposition of the centred data (commons-math3), which
 * is exact where the covariance matrix is singular (fewer vectors than dimensions). Each component's sign
 * is fixed so that its largest coordinate is positive, so the same data always gives the same picture.
 * PCA keeps the directions of largest variance, not those that separate classes best: features on very
 * different scales should be standardised first.
 */
public final class Pca {

    private final double[] mean;
    private final double[][] components;
    private final double[] variances;
    private final double totalVariance;

    private Pca(double[] mean, double[][] components, double[] variances, double totalVariance) {
        this.mean = mean;
        this.components = components;
        this.variances = variances;
        this.totalVariance = totalVariance;
    }

    /**
     * Finds the principal components of a set of vectors.
     *
     * @param rows the vectors, one per row, all of the same length
     * @return the analysis: {@code min(rows, dimensions)} components, by decreasing variance
     * @throws IllegalArgumentException if there are fewer than two rows, the rows differ in length or a
     *     value is not finite
     */
    public static Pca fit(double[][] rows) {
        if (rows.length < 2) {
            throw new IllegalArgumentException(rows.length + " vectors: expected at least 2");
        }
        int d = rows[0].length;
        double[] mean = new double[d];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != d || d == 0) {
                throw new IllegalArgumentException("vector " + i + " has " + rows[i].length + " values, expected "
                        + d + " (the first vector's length, at least 1)");
            }
            for (int j = 0; j < d; j++) {
                if (!Double.isFinite(rows[i][j])) {
                    throw new IllegalArgumentException("vector " + i + ", value " + j + " is " + rows[i][j]
                            + ": expected finite values");
                }
                mean[j] += rows[i][j] / rows.length;
            }
        }
        double[][] centred = new double[rows.length][d];
        double total = 0;
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < d; j++) {
                centred[i][j] = rows[i][j] - mean[j];
                total += centred[i][j] * centred[i][j] / (rows.length - 1);
            }
        }
        RealMatrix x = new Array2DRowRealMatrix(centred, false);
        SingularValueDecomposition svd = new SingularValueDecomposition(x);
        double[] singular = svd.getSingularValues();
        RealMatrix v = svd.getV();
        int k = Math.min(singular.length, v.getColumnDimension());
        double[][] components = new double[k][];
        double[] variances = new double[k];
        for (int c = 0; c < k; c++) {
            components[c] = withPositiveLargest(v.getColumn(c));
            variances[c] = singular[c] * singular[c] / (rows.length - 1);
        }
        return new Pca(mean, components, variances, total);
    }

    private static double[] withPositiveLargest(double[] u) {
        int largest = 0;
        for (int j = 1; j < u.length; j++) {
            if (Math.abs(u[j]) > Math.abs(u[largest])) {
                largest = j;
            }
        }
        if (u[largest] < 0) {
            for (int j = 0; j < u.length; j++) {
                u[j] = -u[j];
            }
        }
        return u;
    }

    /** @return the length of the vectors */
    public int dimensions() {
        return mean.length;
    }

    /** @return the number of components, {@code min(vectors, dimensions)} */
    public int components() {
        return components.length;
    }

    /** @return the mean vector, subtracted before projecting */
    public double[] mean() {
        return mean.clone();
    }

    /**
     * A principal direction.
     *
     * @param k the component, from 0 (the largest variance)
     * @return its unit vector, largest coordinate positive
     * @throws IllegalArgumentException if there is no such component
     */
    public double[] component(int k) {
        if (k < 0 || k >= components.length) {
            throw new IllegalArgumentException("component " + k + ": expected 0 to " + (components.length - 1));
        }
        return components[k].clone();
    }

    /**
     * @return the variance of the data along each component (sample variance, {@code n − 1}), in
     *     decreasing order
     */
    public double[] variances() {
        return variances.clone();
    }

    /**
     * The share of the total variance that the first components keep.
     *
     * @param k how many components
     * @return a share in [0, 1] (1 when the data has no variance at all)
     * @throws IllegalArgumentException if {@code k} is not in {@code [0, components()]}
     */
    public double explained(int k) {
        checkComponents(k);
        if (totalVariance == 0) {
            return 1;
        }
        return Math.min(1, Arrays.stream(variances, 0, k).sum() / totalVariance);
    }

    /**
     * Projects a vector on the first components.
     *
     * @param row a vector of {@link #dimensions()} values
     * @param k how many components
     * @return its {@code k} coordinates
     * @throws IllegalArgumentException if the vector has the wrong length or {@code k} is out of range
     */
    public double[] project(double[] row, int k) {
        checkComponents(k);
        if (row.length != mean.length) {
            throw new IllegalArgumentException("vector of " + row.length + " values, expected " + mean.length);
        }
        double[] out = new double[k];
        for (int c = 0; c < k; c++) {
            double s = 0;
            for (int j = 0; j < row.length; j++) {
                s += (row[j] - mean[j]) * components[c][j];
            }
            out[c] = s;
        }
        return out;
    }

    /**
     * Projects vectors on the first components.
     *
     * @param rows vectors of {@link #dimensions()} values
     * @param k how many components
     * @return {@code k} coordinates per vector
     * @throws IllegalArgumentException if a vector has the wrong length or {@code k} is out of range
     */
    public double[][] project(double[][] rows, int k) {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = project(rows[i], k);
        }
        return out;
    }

    private void checkComponents(int k) {
        if (k < 0 || k > components.length) {
            throw new IllegalArgumentException(k + " components: expected 0 to " + components.length);
        }
    }
}
