package org.malcomedge.coordinator.topology;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.malcomedge.agent.InputException;

/**
 * Parses topology specs (DESIGN.md section 8): {@code ring}, {@code torus}, {@code complete},
 * {@code star}, {@code geometric:R}, {@code erdos:P}, {@code regular:D}, {@code dynamic:D:K}.
 * Random topologies are deterministic by seed and resampled until connected.
 */
public final class Topologies {

    /** Samples drawn before a random topology gives up on being connected. */
    static final int MAX_SAMPLES = 1000;

    private static final String KNOWN = "ring, torus, complete, star, geometric:R, erdos:P, regular:D, dynamic:D:K";

    private Topologies() {
    }

    /**
     * @throws InputException naming the spec and what is wrong with it
     */
    public static Topology parse(String spec, int nodes, long seed) {
        if (nodes < 1) {
            throw new InputException("--nodes must be at least 1, got " + nodes);
        }
        String[] parts = spec.trim().split(":", -1);
        String name = parts[0];
        return switch (name) {
            case "ring" -> fixed(spec, parts, 0, () -> ring(nodes));
            case "torus" -> fixed(spec, parts, 0, () -> torus(nodes));
            case "complete" -> fixed(spec, parts, 0, () -> complete(nodes));
            case "star" -> fixed(spec, parts, 0, () -> star(nodes));
            case "geometric" -> fixed(spec, parts, 1,
                    () -> geometric(spec, nodes, number(spec, parts[1], "radius R", 0, Math.sqrt(2)), seed));
            case "erdos" -> fixed(spec, parts, 1,
                    () -> erdos(spec, nodes, number(spec, parts[1], "edge probability P", 0, 1), seed));
            case "regular" -> fixed(spec, parts, 1,
                    () -> regular(spec, nodes, degree(spec, parts[1], nodes), seed));
            case "dynamic" -> {
                arity(spec, parts, 2);
                int d = degree(spec, parts[1], nodes);
                int period = integer(spec, parts[2], "period K");
                regular(spec, nodes, d, seed); // fail now, not in round 1, if D cannot work
                yield new DynamicTopology(spec, nodes, period,
                        epoch -> regular(spec, nodes, d, seed ^ (0x9E3779B97F4A7C15L * (epoch + 1))));
            }
            default -> throw new InputException("unknown topology '" + spec + "': expected one of " + KNOWN);
        };
    }

    private interface GraphMaker {
        Graph make();
    }

    private static Topology fixed(String spec, String[] parts, int parameters, GraphMaker maker) {
        arity(spec, parts, parameters);
        Graph graph = maker.make();
        return new Topology() {
            @Override
            public String spec() {
                return spec;
            }

            @Override
            public int size() {
                return graph.size();
            }

            @Override
            public Graph graphAt(int round) {
                return graph;
            }
        };
    }

    static Graph ring(int n) {
        Set<List<Integer>> edges = new LinkedHashSet<>();
        for (int i = 0; i < n; i++) {
            addEdge(edges, i, (i + 1) % n);
        }
        return toGraph(n, edges);
    }

    /**
     * A rows x cols grid with wraparound, rows the largest divisor of n not above sqrt(n)
     * (4x4 for 16, 1 x n, i.e. a ring, for prime n).
     */
    static Graph torus(int n) {
        int rows = (int) Math.floor(Math.sqrt(n));
        while (n % rows != 0) {
            rows--;
        }
        int cols = n / rows;
        Set<List<Integer>> edges = new LinkedHashSet<>();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int node = r * cols + c;
                addEdge(edges, node, r * cols + (c + 1) % cols);
                addEdge(edges, node, ((r + 1) % rows) * cols + c);
            }
        }
        return toGraph(n, edges);
    }

    static Graph complete(int n) {
        Set<List<Integer>> edges = new LinkedHashSet<>();
        for (int a = 0; a < n; a++) {
            for (int b = a + 1; b < n; b++) {
                addEdge(edges, a, b);
            }
        }
        return toGraph(n, edges);
    }

    /** Node 0 is the hub. */
    static Graph star(int n) {
        Set<List<Integer>> edges = new LinkedHashSet<>();
        for (int leaf = 1; leaf < n; leaf++) {
            addEdge(edges, 0, leaf);
        }
        return toGraph(n, edges);
    }

    /** Random geometric graph: n points uniform in the unit square, an edge when closer than r. */
    static Graph geometric(String spec, int n, double r, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return connectedSample(spec, n, () -> {
            double[] x = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = random.nextDouble();
                y[i] = random.nextDouble();
            }
            Set<List<Integer>> edges = new LinkedHashSet<>();
            for (int a = 0; a < n; a++) {
                for (int b = a + 1; b < n; b++) {
                    if (Math.hypot(x[a] - x[b], y[a] - y[b]) <= r) {
                        addEdge(edges, a, b);
                    }
                }
            }
            return toGraph(n, edges);
        }, String.format("use a radius above about %.3f (sqrt(2 ln n / (pi n)))",
                Math.sqrt(2 * Math.log(Math.max(n, 2)) / (Math.PI * n))));
    }

    /** Erdos-Renyi G(n, p), resampled until connected. */
    static Graph erdos(String spec, int n, double p, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return connectedSample(spec, n, () -> {
            Set<List<Integer>> edges = new LinkedHashSet<>();
            for (int a = 0; a < n; a++) {
                for (int b = a + 1; b < n; b++) {
                    if (random.nextDouble() < p) {
                        addEdge(edges, a, b);
                    }
                }
            }
            return toGraph(n, edges);
        }, String.format("use a probability above about %.3f (ln n / n)", Math.log(Math.max(n, 2)) / n));
    }

    /**
     * Random connected d-regular graph by the pairing model with Steger-Wormald's incremental
     * rejection (pair two random free stubs of distinct, not yet adjacent nodes; restart when stuck).
     */
    static Graph regular(String spec, int n, int d, long seed) {
        if ((long) n * d % 2 != 0) {
            throw new InputException("topology '" + spec + "': n * D = " + n + " * " + d
                    + " is odd, so no " + d + "-regular graph on " + n + " nodes exists");
        }
        if (n > 2 && d < 2) {
            throw new InputException("topology '" + spec + "': a " + d + "-regular graph on " + n
                    + " nodes is not connected; use D >= 2");
        }
        SplittableRandom random = new SplittableRandom(seed);
        return connectedSample(spec, n, () -> pairing(n, d, random), "use a larger D");
    }

    /** One attempt of the pairing model; null when it got stuck. */
    private static Graph pairing(int n, int d, SplittableRandom random) {
        int[] stubs = new int[n * d];
        for (int i = 0; i < stubs.length; i++) {
            stubs[i] = i / d;
        }
        int free = stubs.length;
        Set<List<Integer>> edges = new LinkedHashSet<>();
        while (free > 0) {
            int a = -1;
            int b = -1;
            for (int attempt = 0; attempt < 64 && a < 0; attempt++) {
                int u = random.nextInt(free);
                int v = random.nextInt(free);
                if (suitable(stubs[u], stubs[v], edges)) {
                    a = u;
                    b = v;
                }
            }
            if (a < 0) {
                // Rare: look for any suitable pair before declaring this attempt stuck.
                search:
                for (int u = 0; u < free; u++) {
                    for (int v = u + 1; v < free; v++) {
                        if (suitable(stubs[u], stubs[v], edges)) {
                            a = u;
                            b = v;
                            break search;
                        }
                    }
                }
                if (a < 0) {
                    return null;
                }
            }
            addEdge(edges, stubs[a], stubs[b]);
            int hi = Math.max(a, b);
            int lo = Math.min(a, b);
            stubs[hi] = stubs[--free];
            stubs[lo] = stubs[--free];
        }
        return toGraph(n, edges);
    }

    private static boolean suitable(int a, int b, Set<List<Integer>> edges) {
        return a != b && !edges.contains(List.of(Math.min(a, b), Math.max(a, b)));
    }

    private static Graph connectedSample(String spec, int n, GraphMaker sampler, String hint) {
        for (int sample = 0; sample < MAX_SAMPLES; sample++) {
            Graph graph = sampler.make();
            if (graph != null && graph.isConnected()) {
                return graph;
            }
        }
        throw new InputException("topology '" + spec + "' on " + n + " nodes gave no connected graph in "
                + MAX_SAMPLES + " samples: " + hint);
    }

    private static void addEdge(Set<List<Integer>> edges, int a, int b) {
        if (a != b) {
            edges.add(List.of(Math.min(a, b), Math.max(a, b)));
        }
    }

    private static Graph toGraph(int n, Set<List<Integer>> edges) {
        List<int[]> list = new ArrayList<>(edges.size());
        for (List<Integer> edge : edges) {
            list.add(new int[] {edge.get(0), edge.get(1)});
        }
        return Graph.of(n, list);
    }

    private static void arity(String spec, String[] parts, int parameters) {
        if (parts.length != parameters + 1) {
            String usage = switch (parts[0]) {
                case "geometric" -> "geometric:R";
                case "erdos" -> "erdos:P";
                case "regular" -> "regular:D";
                case "dynamic" -> "dynamic:D:K";
                default -> parts[0] + " (no parameters)";
            };
            throw new InputException("topology '" + spec + "': expected " + usage);
        }
    }

    private static double number(String spec, String text, String what, double above, double atMost) {
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new InputException("topology '" + spec + "': " + what + " '" + text + "' is not a number");
        }
        if (!(value > above && value <= atMost)) {
            throw new InputException("topology '" + spec + "': " + what + " must be in (" + above + ", "
                    + String.format("%.4g", atMost) + "], got " + text);
        }
        return value;
    }

    private static int integer(String spec, String text, String what) {
        try {
            int value = Integer.parseInt(text);
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InputException("topology '" + spec + "': " + what + " must be a positive integer, got '" + text + "'");
    }

    private static int degree(String spec, String text, int n) {
        int d = integer(spec, text, "degree D");
        if (d >= n) {
            throw new InputException("topology '" + spec + "': degree D = " + d + " must be below the " + n + " nodes");
        }
        return d;
    }

    /** dynamic:D:K: a fresh random D-regular graph for rounds 1..K, K+1..2K, ... */
    private static final class DynamicTopology implements Topology {
        private final String spec;
        private final int size;
        private final int period;
        private final Function<Integer, Graph> sampler;
        private int cachedEpoch = -1;
        private Graph cached;

        DynamicTopology(String spec, int size, int period, Function<Integer, Graph> sampler) {
            this.spec = spec;
            this.size = size;
            this.period = period;
            this.sampler = sampler;
        }

        @Override
        public String spec() {
            return spec;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public synchronized Graph graphAt(int round) {
            int epoch = Math.max(round - 1, 0) / period;
            if (epoch != cachedEpoch) {
                cached = sampler.apply(epoch);
                cachedEpoch = epoch;
            }
            return cached;
        }

        @Override
        public boolean timeVarying() {
            return true;
        }
    }
}
