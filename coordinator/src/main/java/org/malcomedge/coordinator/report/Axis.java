package org.malcomedge.coordinator.report;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * One axis of a chart: its label, linear or log scale, how its ticks read, and (once fitted to
 * the data) its range and ticks. Linear ticks are "nice" (1, 2 or 5 times a power of ten); log
 * ticks are the decades, with 2x and 5x labelled as well when the range spans few decades.
 */
final class Axis {

    enum Format {
        INTEGER, PERCENT, BITS, POWER_OF_TEN
    }

    record Tick(double value, String label, boolean major) {
    }

    final String label;
    final boolean log;
    final Format format;
    private Double fixedMin;
    private Double fixedMax;
    double min;
    double max;
    List<Tick> ticks = List.of();

    Axis(String label, boolean log, Format format) {
        this.label = label;
        this.log = log;
        this.format = format;
    }

    /** Keeps {@code min} in the range whatever the data (e.g. 0 for round numbers). */
    Axis from(double value) {
        fixedMin = value;
        return this;
    }

    Axis upTo(double value) {
        fixedMax = value;
        return this;
    }

    /** Whether {@code value} can be drawn on this axis (finite, and positive on a log axis). */
    boolean drawable(double value) {
        return Double.isFinite(value) && (!log || value > 0);
    }

    void fit(double dataMin, double dataMax) {
        double lo = dataMin;
        double hi = dataMax;
        if (fixedMin != null) {
            lo = Math.min(lo, fixedMin);
        }
        if (fixedMax != null) {
            hi = Math.max(hi, fixedMax);
        }
        if (!(lo <= hi)) {
            lo = log ? 1 : 0;
            hi = log ? 10 : 1;
        }
        if (log) {
            fitLog(lo, hi);
        } else {
            fitLinear(lo, hi);
        }
    }

    private void fitLinear(double lo, double hi) {
        if (hi - lo < 1e-12) {
            double pad = Math.max(Math.abs(hi) * 0.1, format == Format.PERCENT ? 0.01 : 1);
            lo -= pad;
            hi += pad;
        }
        double step = niceStep((hi - lo) / 5);
        if (format == Format.INTEGER) {
            step = Math.max(1, Math.round(step));
        }
        min = Math.floor(lo / step + 1e-9) * step;
        max = Math.ceil(hi / step - 1e-9) * step;
        List<Tick> list = new ArrayList<>();
        int decimals = format == Format.PERCENT ? decimals(step * 100) : decimals(step);
        for (double v = min; v <= max + step * 1e-6; v += step) {
            double value = Math.abs(v) < step * 1e-9 ? 0 : v;
            list.add(new Tick(value, label(value, decimals), true));
        }
        ticks = list;
    }

    private void fitLog(double lo, double hi) {
        int first = (int) Math.floor(Math.log10(lo) + 1e-9);
        int last = (int) Math.ceil(Math.log10(hi) - 1e-9);
        if (last == first) {
            last++;
        }
        min = Math.pow(10, first);
        max = Math.pow(10, last);
        boolean fewDecades = last - first <= 2;
        List<Tick> list = new ArrayList<>();
        for (int e = first; e <= last; e++) {
            double decade = Math.pow(10, e);
            list.add(new Tick(decade, label(decade, 0), true));
            for (int m = 2; m <= 9 && e < last; m++) {
                boolean labelled = fewDecades && (m == 2 || m == 5);
                list.add(new Tick(m * decade, labelled ? label(m * decade, 0) : "", false));
            }
        }
        ticks = list;
    }

    /** Maps a data value to [0, 1] along the axis. */
    double fraction(double value) {
        DoubleUnaryOperator f = log ? Math::log10 : v -> v;
        return (f.applyAsDouble(value) - f.applyAsDouble(min)) / (f.applyAsDouble(max) - f.applyAsDouble(min));
    }

    private String label(double value, int decimals) {
        return switch (format) {
            case INTEGER -> Long.toString(Math.round(value));
            case PERCENT -> String.format(java.util.Locale.ROOT, "%." + decimals + "f %%", value * 100);
            case BITS -> Units.bits(value).replaceAll("\\.0+ ", " ");
            case POWER_OF_TEN -> log && isPowerOfTen(value) ? Units.powerOfTen((int) Math.round(Math.log10(value)))
                    : Units.number(value, 2);
        };
    }

    private static boolean isPowerOfTen(double value) {
        double exponent = Math.log10(value);
        return Math.abs(exponent - Math.round(exponent)) < 1e-9;
    }

    static double niceStep(double rough) {
        double power = Math.pow(10, Math.floor(Math.log10(rough)));
        double mantissa = rough / power;
        double nice = mantissa < 1.5 ? 1 : mantissa < 3 ? 2 : mantissa < 7 ? 5 : 10;
        return nice * power;
    }

    private static int decimals(double step) {
        return Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
    }
}
