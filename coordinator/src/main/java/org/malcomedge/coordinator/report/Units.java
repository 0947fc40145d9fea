package org.malcomedge.coordinator.report;

import java.util.Locale;

/** Human-readable figures with units (SI prefixes, three significant digits), locale-independent. */
final class Units {

    private static final String[] PREFIXES = {"", "k", "M", "G", "T", "P"};

    private Units() {
    }

    static String bits(double bits) {
        return si(bits, "bit");
    }

    static String bytes(double bytes) {
        return si(bytes, "B");
    }

    /** {@code 12.3 s}, {@code 4 min 05 s}, {@code 1 h 02 min}. */
    static String seconds(double seconds) {
        if (Double.isNaN(seconds)) {
            return "–";
        }
        if (seconds < 60) {
            return String.format(Locale.ROOT, seconds < 10 ? "%.2f s" : "%.1f s", seconds);
        }
        long whole = Math.round(seconds);
        if (whole < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", whole / 60, whole % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", whole / 3600, whole % 3600 / 60);
    }

    /** An accuracy in [0, 1] as a percentage with one decimal: {@code 91.3 %}. */
    static String percent(double fraction) {
        return Double.isNaN(fraction) ? "–" : String.format(Locale.ROOT, "%.1f %%", 100 * fraction);
    }

    /** A plain figure with up to {@code digits} significant digits, scientific when tiny or huge. */
    static String number(double value, int digits) {
        if (Double.isNaN(value)) {
            return "–";
        }
        if (value == 0) {
            return "0";
        }
        double magnitude = Math.abs(value);
        if (magnitude < 1e-3 || magnitude >= 1e6) {
            return String.format(Locale.ROOT, "%." + (digits - 1) + "e", value);
        }
        return new java.math.BigDecimal(value).round(new java.math.MathContext(digits)).stripTrailingZeros().toPlainString();
    }

    /** {@code 10^exponent} with a Unicode superscript exponent: {@code 10⁻³}. */
    static String powerOfTen(int exponent) {
        String digits = Integer.toString(exponent);
        StringBuilder out = new StringBuilder("10");
        for (char c : digits.toCharArray()) {
            out.append(c == '-' ? '⁻' : "⁰¹²³⁴⁵⁶⁷⁸⁹".charAt(c - '0'));
        }
        return out.toString();
    }

    private static String si(double value, String unit) {
        if (Double.isNaN(value)) {
            return "–";
        }
        int prefix = 0;
        double scaled = value;
        while (Math.abs(scaled) >= 999.5 && prefix < PREFIXES.length - 1) {
            scaled /= 1000;
            prefix++;
        }
        if (prefix == 0) {
            return Math.round(scaled) + " " + unit;
        }
        double magnitude = Math.abs(scaled);
        String format = magnitude >= 99.95 ? "%.0f" : magnitude >= 9.995 ? "%.1f" : "%.2f";
        return String.format(Locale.ROOT, format, scaled) + " " + PREFIXES[prefix] + unit;
    }
}
