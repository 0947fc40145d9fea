package org.malcomedge.coordinator.topology;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Metropolis-Hastings mixing weights of a graph (DESIGN.md section 4):
 * {@code w_ij = 1 / (1 + max(deg_i, deg_j))} on edges, {@code w_ii = 1 - sum_{j != i} w_ij}.
 * Symmetric and doubly stochastic by construction.
 */
public final class MixingWeights {

    private final Graph graph;
    /** neighbourWeights[i][k] = w_{i, graph.neighbours(i)[k]}. */
    private final double[][] neighbourWeights;
    private final double[] selfWeights;
    /** W's spectrum, decomposed once on first use (spectral gap and beta both need it); immutable once set. */
    private volatile double[] eigenvalues;

    private MixingWeights(Graph graph, double[][] neighbourWeights, double[] selfWeights) {
        this.graph = graph;
        this.neighbourWeights = neighbourWeights;
        this.selfWeights = selfWeights;
    }

    public static MixingWeights metropolisHastings(Graph graph) {
        int n = graph.size();
        double[][] weights = new double[n][];
        double[] self = new double[n];
        for (int i = 0; i < n; i++) {
            int[] neighbours = graph.neighbours(i);
            weights[i] = new double[neighbours.length];
            double sum = 0;
            for (int k = 0; k < neighbours.length; k++) {
                weights[i][k] = 1.0 / (1 + Math.max(graph.degree(i), graph.degree(neighbours[k])));
                sum += weights[i][k];
            }
            self[i] = 1 - sum;
        }
        return new MixingWeights(graph, weights, self);
    }

    public Graph graph() {
        return graph;
    }

    /** w_ii. */
    public double self(int node) {
        return selfWeights[node];
    }

    /** Weights to {@code graph().neighbours(node)}, in the same order (a copy). */
    public double[] neighbourWeights(int node) {
        return neighbourWeights[node].clone();
    }

    /** w_ij for any pair; 0 when i and j are not adjacent. */
    public double weight(int i, int j) {
        if (i == j) {
            return selfWeights[i];
        }
        int k = Arrays.binarySearch(graph.neighbours(i), j);
        return k >= 0 ? neighbourWeights[i][k] : 0;
    }

    /** The n x n mixing matrix W, row-major. */
    public double[][] matrix() {
        int n = graph.size();
        double[][] w = new double[n][n];
        for (int i = 0; i < n; i++) {
            w[i][i] = selfWeights[i];
            int[] neighbours = graph.neighbours(i);
            for (int k = 0; k < neighbours.length; k++) {
                w[i][neighbours[k]] = neighbourWeights[i][k];
            }
        }
        return w;
    }

    /**
     * Eigenvalues of W in decreasing order (W is symmetric, so they are real), a copy. Uses EJML's
     * symmetric eigen solver, once per instance: about a second for n = 1024.
     */
    public double[] eigenvalues() {
        double[] values = eigenvalues;
        if (values == null) {
            values = decompose();
            eigenvalues = values; // two threads may both decompose: the same values, no harm
        }
        return values.clone();
    }

    private double[] decompose() {
        int n = graph.size();
        DMatrixRMaj w = new DMatrixRMaj(matrix());
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, false, true);
        if (!eig.decompose(w)) {
            throw new IllegalStateException("eigen decomposition of the " + n + "x" + n + " mixing matrix did not converge");
        }
        double[] values = new double[n];
        for (int k = 0; k < n; k++) {
            values[k] = eig.getEigenvalue(k).getReal();
        }
        Arrays.sort(values);
        for (int lo = 0, hi = n - 1; lo < hi; lo++, hi--) {
            double swap = values[lo];
            values[lo] = values[hi];
            values[hi] = swap;
        }
        return values;
    }

    /**
     * {@code beta = ||I - W||_2 = 1 - lambda_n}, in [0, 2): how far one mixing step can move a
     * disagreement, hence how much neighbours' compression errors are amplified (CHOCO's beta).
     */
    public double beta() {
        double[] lambda = eigenvalues();
        return 1 - lambda[lambda.length - 1];
    }

    /** {@code rho = 1 - max(|lambda_2|, |lambda_n|)}; 1 for a single node, 0 for a disconnected graph. */
    public double spectralGap() {
        double[] lambda = eigenvalues();
        if (lambda.length == 1) {
            return 1;
        }
        return 1 - Math.max(Math.abs(lambda[1]), Math.abs(lambda[lambda.length - 1]));
    }
}
