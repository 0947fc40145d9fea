package org.malcomedge.coordinator.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The communication graph as inline SVG: nodes on a circle (in natural order of their ids, so a
 * ring draws as a ring), each edge as thick and as dark as the frame bytes it carried, with the
 * exact figures in a tooltip. The colour scale is shared by all graphs of a page ({@code maxBytes}).
 */
final class GraphFigure {

    private static final int WIDTH = LineChart.WIDTH;
    private static final int HEIGHT = 400;
    private static final double[] LIGHT = {0xa6, 0xc8, 0xe4};
    private static final double[] DARK = {0x08, 0x30, 0x6b};
    private static final Pattern NUMBER = Pattern.compile("\\d+|\\D+");

    private GraphFigure() {
    }

    /**
     * Frame bytes to colour and width: logarithmic between the least and the most bytes of any
     * edge on the page, so that a run with 100x fewer bytes than another still shows its pattern.
     */
    record Scale(long min, long max) {
        static Scale of(List<EdgeTraffic> edges) {
            long min = edges.stream().mapToLong(EdgeTraffic::frameBytes).filter(b -> b > 0).min().orElse(1);
            long max = edges.stream().mapToLong(EdgeTraffic::frameBytes).max().orElse(1);
            return new Scale(min, Math.max(min, max));
        }

        /** Where {@code bytes} falls, 0 (least) to 1 (most). */
        double position(long bytes) {
            if (bytes <= min || max == min) {
                return bytes <= 0 || max != min ? 0 : 1;
            }
            return Math.min(1, Math.log((double) bytes / min) / Math.log((double) max / min));
        }
    }

    static String svg(String title, String id, List<EdgeTraffic> edges, Scale scale) {
        List<String> nodes = new ArrayList<>(nodeIds(edges));
        Map<String, double[]> at = new HashMap<>();
        double cx = WIDTH / 2.0;
        double cy = 180;
        double radius = 140;
        for (int i = 0; i < nodes.size(); i++) {
            double angle = 2 * Math.PI * i / nodes.size() - Math.PI / 2;
            at.put(nodes.get(i), new double[] {cx + radius * Math.cos(angle), cy + radius * Math.sin(angle), angle});
        }
        Svg svg = new Svg();
        svg.raw("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart graph\" viewBox=\"0 0 %s %s\" role=\"img\" aria-label=\"%s\">",
                WIDTH, HEIGHT, Svg.escape(title));
        svg.raw("<title>%s</title>", Svg.escape(title));
        if (edges.isEmpty()) {
            svg.text(cx, cy, "middle", "empty", "no per-edge traffic recorded");
            return svg.raw("</svg>").toString();
        }
        List<EdgeTraffic> lightestFirst = new ArrayList<>(edges);
        lightestFirst.sort(Comparator.comparingLong(EdgeTraffic::frameBytes));
        for (EdgeTraffic edge : lightestFirst) {
            double t = scale.position(edge.frameBytes());
            double[] a = at.get(edge.a());
            double[] b = at.get(edge.b());
            svg.raw("<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"%s\" stroke-width=\"%s\" class=\"edge\">"
                            + "<title>%s – %s: %s in frames, %s payload</title></line>",
                    a[0], a[1], b[0], b[1], colour(t), 1.0 + 6 * t, Svg.escape(edge.a()), Svg.escape(edge.b()),
                    Units.bytes(edge.frameBytes()), Units.bits(edge.payloadBits()));
        }
        boolean labels = nodes.size() <= 32;
        double nodeRadius = labels ? 6 : Math.max(1.5, 5 - nodes.size() / 100.0);
        for (String node : nodes) {
            double[] p = at.get(node);
            svg.raw("<circle cx=\"%s\" cy=\"%s\" r=\"%s\" class=\"node\"><title>%s</title></circle>",
                    p[0], p[1], nodeRadius, Svg.escape(node));
            if (labels) {
                double lx = cx + (radius + 18) * Math.cos(p[2]);
                double ly = cy + (radius + 18) * Math.sin(p[2]) + 4;
                svg.text(lx, ly, "middle", "node-label", node);
            }
        }
        colourKey(svg, id, scale);
        return svg.raw("</svg>").toString();
    }

    private static void colourKey(Svg svg, String id, Scale scale) {
        double left = WIDTH / 2.0 - 120;
        double top = HEIGHT - 42;
        svg.raw("<defs><linearGradient id=\"%s\"><stop offset=\"0\" stop-color=\"%s\"/><stop offset=\"1\" stop-color=\"%s\"/></linearGradient></defs>",
                "scale-" + id, colour(0), colour(1));
        svg.raw("<rect x=\"%s\" y=\"%s\" width=\"240\" height=\"8\" rx=\"2\" fill=\"url(#%s)\"/>", left, top, "scale-" + id);
        svg.text(left - 6, top + 8, "end", "tick", Units.bytes(scale.min()));
        svg.text(left + 246, top + 8, "start", "tick", Units.bytes(scale.max()));
        svg.text(WIDTH / 2.0, top + 26, "middle", "axis-label", "frame bytes per edge, both directions, whole run (log scale)");
    }

    static String colour(double t) {
        StringBuilder hex = new StringBuilder("#");
        for (int c = 0; c < 3; c++) {
            hex.append(String.format(java.util.Locale.ROOT, "%02x", (int) Math.round(LIGHT[c] + (DARK[c] - LIGHT[c]) * t)));
        }
        return hex.toString();
    }

    private static TreeSet<String> nodeIds(List<EdgeTraffic> edges) {
        TreeSet<String> ids = new TreeSet<>(GraphFigure::naturalOrder);
        for (EdgeTraffic edge : edges) {
            ids.add(edge.a());
            ids.add(edge.b());
        }
        return ids;
    }

    /** "n2" before "n10": digit runs compare as numbers. */
    static int naturalOrder(String left, String right) {
        Matcher a = NUMBER.matcher(left);
        Matcher b = NUMBER.matcher(right);
        while (a.find() && b.find()) {
            String x = a.group();
            String y = b.group();
            int order = Character.isDigit(x.charAt(0)) && Character.isDigit(y.charAt(0))
                    ? new java.math.BigInteger(x).compareTo(new java.math.BigInteger(y))
                    : x.compareTo(y);
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(left.length(), right.length()) != 0 ? Integer.compare(left.length(), right.length())
                : left.compareTo(right);
    }
}
