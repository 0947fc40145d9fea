package org.malcomedge.coordinator.report;

import java.util.ArrayList;
import java.util.List;

/**
 * An inline SVG line chart: one line per series, axes with ticks and units, an optional
 * horizontal reference line (the target) and a legend when there is more than one series.
 * Points that cannot be drawn (NaN, or not positive on a log axis) break the line.
 */
final class LineChart {

    static final int WIDTH = 560;
    private static final int HEIGHT = 320;
    private static final int LEFT = 70;
    private static final int RIGHT = 30;
    private static final int TOP = 14;
    private static final int BOTTOM = 46;
    private static final int LEGEND_ROW = 18;

    /**
     * One line; {@code band} (optional, may be null) is a shaded [low, high] range around it; a
     * dashed line marks a secondary figure.
     */
    record Series(String name, String colour, double[] x, double[] y, double[][] band, boolean dashed) {
        Series(String name, String colour, double[] x, double[] y) {
            this(name, colour, x, y, null, false);
        }
    }

    private final Axis x;
    private final Axis y;
    private final List<Series> series = new ArrayList<>();
    private Double reference;
    private String referenceLabel;

    LineChart(Axis x, Axis y) {
        this.x = x;
        this.y = y;
    }

    LineChart add(Series line) {
        series.add(line);
        return this;
    }

    LineChart reference(Double value, String label) {
        this.reference = value;
        this.referenceLabel = label;
        return this;
    }

    String svg(String title) {
        fitAxes();
        List<List<Series>> legendRows = legendRows();
        int height = HEIGHT + (legendRows.isEmpty() ? 0 : 10 + legendRows.size() * LEGEND_ROW);
        double plotWidth = WIDTH - LEFT - RIGHT;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        Svg svg = new Svg();
        svg.raw("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 %s %s\" role=\"img\" aria-label=\"%s\">",
                WIDTH, height, Svg.escape(title));
        svg.raw("<title>%s</title>", Svg.escape(title));
        svg.raw("<defs><clipPath id=\"%s\"><rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\"/></clipPath></defs>",
                clipId(title), (double) LEFT, (double) TOP, plotWidth, plotHeight);
        for (Axis.Tick tick : y.ticks) {
            double py = py(tick.value());
            svg.line(LEFT, py, LEFT + plotWidth, py, tick.major() ? "gridline" : "gridline minor");
            if (!tick.label().isEmpty()) {
                svg.text(LEFT - 8, py + 4, "end", "tick", tick.label());
            }
        }
        for (Axis.Tick tick : x.ticks) {
            double px = px(tick.value());
            svg.line(px, TOP, px, TOP + plotHeight, tick.major() ? "gridline" : "gridline minor");
            if (!tick.label().isEmpty()) {
                svg.text(px, TOP + plotHeight + 18, "middle", "tick", tick.label());
            }
        }
        svg.raw("<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" class=\"frame\"/>", (double) LEFT, (double) TOP, plotWidth, plotHeight);
        svg.text(LEFT + plotWidth / 2, TOP + plotHeight + 38, "middle", "axis-label", x.label);
        svg.raw("<text transform=\"translate(16 %s) rotate(-90)\" text-anchor=\"middle\" class=\"axis-label\">%s</text>",
                TOP + plotHeight / 2, Svg.escape(y.label));
        svg.raw("<g clip-path=\"url(#%s)\">", clipId(title));
        if (reference != null && y.drawable(reference) && reference >= y.min && reference <= y.max) {
            double py = py(reference);
            svg.line(LEFT, py, LEFT + plotWidth, py, "reference");
            svg.text(LEFT + 6, py - 5, "start", "reference-label", referenceLabel);
        }
        for (Series line : series) {
            if (line.band() != null) {
                svg.raw("<path d=\"%s\" fill=\"%s\" class=\"band\"/>", bandPath(line), line.colour());
            }
            svg.raw("<path d=\"%s\" stroke=\"%s\" class=\"%s\"><title>%s</title></path>",
                    linePath(line.x(), line.y()), line.colour(), line.dashed() ? "line dashed" : "line", Svg.escape(line.name()));
        }
        svg.raw("</g>");
        drawLegend(svg, legendRows);
        return svg.raw("</svg>").toString();
    }

    private void fitAxes() {
        double[] xr = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        double[] yr = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (Series line : series) {
            for (int i = 0; i < line.x().length; i++) {
                if (x.drawable(line.x()[i]) && y.drawable(line.y()[i])) {
                    extend(xr, line.x()[i]);
                    extend(yr, line.y()[i]);
                    if (line.band() != null) {
                        for (double[] bound : line.band()) {
                            if (y.drawable(bound[i])) {
                                extend(yr, bound[i]);
                            }
                        }
                    }
                }
            }
        }
        if (reference != null && y.drawable(reference) && yr[0] <= yr[1]) {
            extend(yr, reference);
        }
        x.fit(xr[0], xr[1]);
        y.fit(yr[0], yr[1]);
    }

    private static void extend(double[] range, double value) {
        range[0] = Math.min(range[0], value);
        range[1] = Math.max(range[1], value);
    }

    private String linePath(double[] xs, double[] ys) {
        StringBuilder d = new StringBuilder();
        boolean pen = false;
        for (int i = 0; i < xs.length; i++) {
            if (x.drawable(xs[i]) && y.drawable(ys[i])) {
                d.append(pen ? 'L' : 'M').append(Svg.num(px(xs[i]))).append(',').append(Svg.num(py(ys[i])));
                pen = true;
            } else {
                pen = false;
            }
        }
        return d.length() == 0 ? "M0,0" : d.toString();
    }

    private String bandPath(Series line) {
        StringBuilder d = new StringBuilder();
        double[] low = line.band()[0];
        double[] high = line.band()[1];
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < line.x().length; i++) {
            if (x.drawable(line.x()[i]) && y.drawable(low[i]) && y.drawable(high[i])) {
                kept.add(i);
            }
        }
        for (int k = 0; k < kept.size(); k++) {
            int i = kept.get(k);
            d.append(k == 0 ? 'M' : 'L').append(Svg.num(px(line.x()[i]))).append(',').append(Svg.num(py(high[i])));
        }
        for (int k = kept.size() - 1; k >= 0; k--) {
            int i = kept.get(k);
            d.append('L').append(Svg.num(px(line.x()[i]))).append(',').append(Svg.num(py(low[i])));
        }
        return d.length() == 0 ? "M0,0" : d.append('Z').toString();
    }

    private List<List<Series>> legendRows() {
        List<List<Series>> rows = new ArrayList<>();
        if (series.size() < 2) {
            return rows;
        }
        double available = WIDTH - LEFT - RIGHT;
        double used = available;
        for (Series line : series) {
            double width = legendWidth(line);
            if (used + width > available) {
                rows.add(new ArrayList<>());
                used = 0;
            }
            rows.get(rows.size() - 1).add(line);
            used += width;
        }
        return rows;
    }

    private static double legendWidth(Series line) {
        return 40 + 7.0 * line.name().length();
    }

    private void drawLegend(Svg svg, List<List<Series>> rows) {
        double top = HEIGHT + 16;
        for (List<Series> row : rows) {
            double left = LEFT;
            for (Series line : row) {
                svg.raw("<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"%s\" class=\"%s\"/>",
                        left, top - 4, left + 18, top - 4, line.colour(), line.dashed() ? "legend-swatch dashed" : "legend-swatch");
                svg.text(left + 23, top, "start", "legend", line.name());
                left += legendWidth(line);
            }
            top += LEGEND_ROW;
        }
    }

    private double px(double value) {
        return LEFT + x.fraction(value) * (WIDTH - LEFT - RIGHT);
    }

    private double py(double value) {
        return TOP + (1 - y.fraction(value)) * (HEIGHT - TOP - BOTTOM);
    }

    private static String clipId(String title) {
        return "clip-" + Integer.toHexString(title.hashCode());
    }
}
