package org.malcomedge.coordinator.report;

import java.util.Locale;

/** A small builder of SVG/XHTML text: escaped content, coordinates with two decimals. */
final class Svg {

    private final StringBuilder out = new StringBuilder();

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    static String num(double value) {
        return String.format(Locale.ROOT, "%.2f", value).replaceAll("\\.?0+$", "");
    }

    /** Appends raw markup; {@code %s} arguments that are doubles are formatted by {@link #num}. */
    Svg raw(String format, Object... args) {
        Object[] formatted = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            formatted[i] = args[i] instanceof Double d ? num(d) : args[i];
        }
        out.append(String.format(Locale.ROOT, format, formatted));
        return this;
    }

    Svg text(double x, double y, String anchor, String cssClass, String content) {
        return raw("<text x=\"%s\" y=\"%s\" text-anchor=\"%s\" class=\"%s\">%s</text>", x, y, anchor, cssClass, escape(content));
    }

    Svg line(double x1, double y1, double x2, double y2, String cssClass) {
        return raw("<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" class=\"%s\"/>", x1, y1, x2, y2, cssClass);
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
