package org.malcomedge.agent.gossip;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.malcomedge.agent.codec.Compressor;
import org.malcomedge.agent.data.Dataset;
import org.malcomedge.agent.testing.LossOnlyTrainer;
import org.malcomedge.wire.ResidualFrame;

/**
 * A ring of 4 nodes, each with its own quadratic {@code f_i(x) = a_i / 2 ||x - c_i||^2}, one
 * data row per node (c_i, a_i): the global optimum is {@code x* = sum a_i c_i / sum a_i}, which
 * D-PSGD with a constant step misses (each node is pulled to its own c_i).
 */
final class QuadraticRing {

    private QuadraticRing() {
    }

    static final int N = 4;
    static final int D = 3;
    static final float[][] C = {{4, 0, 0}, {0, -2, 1}, {-3, 1, 2}, {1, 5, -1}};
    static final float[] A = {1, 2, 0.5f, 1.5f};
    static final double ETA = 0.05;

    /** The optimum of sum_i f_i. */
    static double[] optimum() {
        double[] x = new double[D];
        double sum = 0;
        for (int i = 0; i < N; i++) {
            sum += A[i];
            for (int k = 0; k < D; k++) {
                x[k] += A[i] * C[i][k];
            }
        }
        for (int k = 0; k < D; k++) {
            x[k] /= sum;
        }
        return x;
    }

    /** {@code a/2 ||x - c||^2} of the batch's first row: features (c, a); one row per node. */
    static final class Quadratic extends LossOnlyTrainer {
        Quadratic() {
            super(D, D + 1, 1, "quadratic");
        }

        @Override
        public float lossAndGradient(float[] theta, float[] features, int[] labels, int rows, float[] gradient) {
            float a = features[D];
            float loss = 0;
            for (int k = 0; k < D; k++) {
                float diff = theta[k] - features[k];
                gradient[k] = a * diff;
                loss += a / 2 * diff * diff;
            }
            return loss;
        }
    }

    static final Quadratic TRAINER = new Quadratic();

    static Dataset data() {
        float[] x = new float[N * (D + 1)];
        for (int i = 0; i < N; i++) {
            System.arraycopy(C[i], 0, x, i * (D + 1), D);
            x[i * (D + 1) + D] = A[i];
        }
        return new Dataset("quadratics", x, new int[N], N, D + 1, 1);
    }

    static List<GossipNode> ring(Algorithm algorithm, Compressor compressor, double gamma) {
        return ring(GossipParameters.of(algorithm, ETA, gamma, 0), compressor);
    }

    static List<GossipNode> ring(GossipParameters parameters, Compressor compressor) {
        Dataset data = data();
        List<GossipNode> nodes = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            nodes.add(new GossipNode("n" + i, "gt", 0, new float[D],
                    Map.of("n" + (i + 1) % N, 1.0 / 3, "n" + (i + N - 1) % N, 1.0 / 3), compressor,
                    parameters,
                    new PartitionSampler(data, new int[] {i}, 1, new SplittableRandom(i)), new SplittableRandom(50 + i)));
        }
        return nodes;
    }

    /** One synchronous round; {@code dropped} (sender -> receiver) is lost on the way. */
    static List<ResidualFrame> round(List<GossipNode> nodes, int t, String droppedFrom, String droppedTo) {
        List<ResidualFrame> frames = new ArrayList<>();
        for (GossipNode node : nodes) {
            frames.add(node.prepare(t, TRAINER));
        }
        deliver(nodes, frames, droppedFrom, droppedTo);
        for (GossipNode node : nodes) {
            node.finishRound(t);
        }
        return frames;
    }

    static void deliver(List<GossipNode> nodes, List<ResidualFrame> frames, String droppedFrom, String droppedTo) {
        for (ResidualFrame frame : frames) {
            for (GossipNode node : nodes) {
                boolean dropped = frame.getSender().equals(droppedFrom) && node.id().equals(droppedTo);
                if (node.neighbours().contains(frame.getSender()) && !dropped) {
                    node.receive(frame);
                }
            }
        }
    }

    static double distance(float[] x, double[] y) {
        double sum = 0;
        for (int k = 0; k < D; k++) {
            sum += (x[k] - y[k]) * (x[k] - y[k]);
        }
        return Math.sqrt(sum);
    }
}
