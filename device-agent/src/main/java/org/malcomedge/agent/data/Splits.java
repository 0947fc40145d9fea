package org.malcomedge.agent.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.malcomedge.agent.InputException;

/**
 * The splits {@code iid}, {@code dirichlet:A} (label skew: each class spread over the nodes by
 * proportions drawn from Dirichlet(A, ..., A)) and {@code shards:K} (samples sorted by label, cut
 * into nodes x K shards, K random shards per node).
 */
public final class Splits {

    private Splits() {
    }

    /** @throws InputException naming what is wrong with {@code spec} */
    public static Split parse(String spec) {
        String s = spec.strip();
        if (s.equals("iid")) {
            return new Iid();
        }
        if (s.startsWith("dirichlet:")) {
            double alpha = number(spec, s.substring("dirichlet:".length()));
            if (!(alpha > 0) || Double.isInfinite(alpha)) {
                throw new InputException("split '" + spec + "': the Dirichlet concentration must be a positive number");
            }
            return new Dirichlet(alpha);
        }
        if (s.startsWith("shards:")) {
            double k = number(spec, s.substring("shards:".length()));
            if (k < 1 || k != Math.rint(k) || k > 1_000_000) {
                throw new InputException("split '" + spec + "': the shard count per node must be a positive integer");
            }
            return new Shards((int) k);
        }
        throw new InputException("split '" + spec + "': expected iid, dirichlet:A or shards:K");
    }

    private static double number(String spec, String text) {
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw new InputException("split '" + spec + "': '" + text + "' is not a number");
        }
    }

    private static void requireEnough(String spec, int samples, int needed, int nodes) {
        if (nodes < 1) {
            throw new InputException("split " + spec + ": need at least one node, got " + nodes);
        }
        if (samples < needed) {
            throw new InputException("split " + spec + ": " + samples + " training samples cannot give each of " + nodes
                    + " nodes " + (needed == nodes ? "one sample" : "its shards (" + needed + " needed)"));
        }
    }

    /** Shuffled, then cut into nodes contiguous parts whose sizes differ by at most one. */
    record Iid() implements Split {
        @Override
        public String spec() {
            return "iid";
        }

        @Override
        public int[][] assign(int[] labels, int classes, int nodes, long seed) {
            requireEnough(spec(), labels.length, nodes, nodes);
            int[] order = Datasets.permutation(labels.length, new SplittableRandom(seed));
            int[][] shares = new int[nodes][];
            for (int i = 0; i < nodes; i++) {
                shares[i] = Arrays.copyOfRange(order, (int) ((long) i * order.length / nodes), (int) ((long) (i + 1) * order.length / nodes));
            }
            return shares;
        }
    }

    record Dirichlet(double alpha) implements Split {
        @Override
        public String spec() {
            return "dirichlet:" + alpha;
        }

        @Override
        public int[][] assign(int[] labels, int classes, int nodes, long seed) {
            requireEnough(spec(), labels.length, nodes, nodes);
            SplittableRandom random = new SplittableRandom(seed);
            List<List<Integer>> shares = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                shares.add(new ArrayList<>());
            }
            for (int c = 0; c < classes; c++) {
                int[] members = members(labels, c, random);
                double[] p = dirichlet(nodes, random);
                double cumulative = 0;
                int start = 0;
                for (int i = 0; i < nodes; i++) {
                    cumulative += p[i];
                    int end = i == nodes - 1 ? members.length : (int) Math.round(cumulative * members.length);
                    for (int m = start; m < Math.max(start, end); m++) {
                        shares.get(i).add(members[m]);
                    }
                    start = Math.max(start, end);
                }
            }
            // Small alpha leaves some nodes empty: give each one a sample from the currently largest node.
            for (List<Integer> share : shares) {
                if (share.isEmpty()) {
                    List<Integer> largest = shares.stream().max((a, b) -> Integer.compare(a.size(), b.size())).orElseThrow();
                    share.add(largest.remove(largest.size() - 1));
                }
            }
            return shares.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
        }

        private double[] dirichlet(int n, SplittableRandom random) {
            double[] g = new double[n];
            double sum = 0;
            for (int i = 0; i < n; i++) {
                g[i] = gamma(alpha, random);
                sum += g[i];
            }
            for (int i = 0; i < n; i++) {
                g[i] = sum > 0 ? g[i] / sum : 1.0 / n;
            }
            return g;
        }

        /** Gamma(shape, 1) by Marsaglia and Tsang; shape < 1 via Gamma(shape + 1) U^(1/shape). */
        private static double gamma(double shape, SplittableRandom random) {
            if (shape < 1) {
                return gamma(shape + 1, random) * Math.pow(random.nextDouble(), 1 / shape);
            }
            double d = shape - 1.0 / 3;
            double c = 1 / Math.sqrt(9 * d);
            while (true) {
                double x = random.nextGaussian();
                double v = 1 + c * x;
                if (v <= 0) {
                    continue;
                }
                v = v * v * v;
                double u = random.nextDouble();
                if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                    return d * v;
                }
            }
        }
    }

    record Shards(int perNode) implements Split {
        @Override
        public String spec() {
            return "shards:" + perNode;
        }

        @Override
        public int[][] assign(int[] labels, int classes, int nodes, long seed) {
            long needed = (long) nodes * perNode;
            requireEnough(spec(), labels.length, (int) Math.min(Integer.MAX_VALUE, needed), nodes);
            SplittableRandom random = new SplittableRandom(seed);
            int[] byLabel = new int[labels.length];
            int filled = 0;
            for (int c = 0; c < classes; c++) {
                for (int m : members(labels, c, random)) {
                    byLabel[filled++] = m;
                }
            }
            int shards = (int) needed;
            int[] shardOrder = Datasets.permutation(shards, random);
            int[][] result = new int[nodes][];
            for (int i = 0; i < nodes; i++) {
                List<Integer> share = new ArrayList<>();
                for (int s = i * perNode; s < (i + 1) * perNode; s++) {
                    int shard = shardOrder[s];
                    int from = (int) ((long) shard * byLabel.length / shards);
                    int to = (int) ((long) (shard + 1) * byLabel.length / shards);
                    for (int m = from; m < to; m++) {
                        share.add(byLabel[m]);
                    }
                }
                result[i] = share.stream().mapToInt(Integer::intValue).toArray();
            }
            return result;
        }
    }

    /** The indices with label {@code c}, shuffled. */
    private static int[] members(int[] labels, int c, SplittableRandom random) {
        int[] members = java.util.stream.IntStream.range(0, labels.length).filter(i -> labels[i] == c).toArray();
        int[] order = Datasets.permutation(members.length, random);
        int[] shuffled = new int[members.length];
        for (int i = 0; i < members.length; i++) {
            shuffled[i] = members[order[i]];
        }
        return shuffled;
    }
}
