package org.malcomedge.coordinator.link;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one device's radio link looks like: {@code RATE[:DELAY[:LOSS]]}, e.g. {@code 1mbit},
 * {@code 1mbit:20ms}, {@code 250kbit:50ms:1%}. Applied to each device's link in each direction
 * (device to broker and broker to device): the rate limits each direction separately, the delay is
 * one-way (a device's round trip to the broker takes twice it) and the loss is per direction.
 *
 * @param bitsPerSecond rate of each direction (decimal units, as tc: 1mbit = 1,000,000 bit/s)
 * @param delayMillis   one-way delay, 0 for none
 * @param lossPercent   packets dropped per direction, in percent [0, 100)
 */
public record LinkSpec(long bitsPerSecond, double delayMillis, double lossPercent) {

    /** The command-line flag this is given with; errors name it. */
    public static final String FLAG = "--link";

    private static final Pattern RATE = Pattern.compile("(\\d+(?:\\.\\d+)?)(bit|kbit|mbit|gbit)");
    private static final Pattern DELAY = Pattern.compile("(\\d+(?:\\.\\d+)?)(us|ms|s)");
    private static final Pattern LOSS = Pattern.compile("(\\d+(?:\\.\\d+)?)%");
    private static final List<String> RATE_UNITS = List.of("bit", "kbit", "mbit", "gbit");

    public LinkSpec {
        if (bitsPerSecond < 8) {
            throw new IllegalArgumentException(FLAG + ": rate must be at least 8bit, got " + bitsPerSecond + " bit/s");
        }
        if (!(delayMillis >= 0) || delayMillis > 60_000) {
            throw new IllegalArgumentException(FLAG + ": delay must be between 0 and 60s, got " + delayMillis + " ms");
        }
        if (!(lossPercent >= 0) || lossPercent >= 100) {
            throw new IllegalArgumentException(FLAG + ": loss must be at least 0% and below 100%, got " + lossPercent + "%");
        }
    }

    /** Parses {@code RATE[:DELAY[:LOSS]]}; an IllegalArgumentException names the flag and the bad part. */
    public static LinkSpec parse(String text) {
        String[] parts = text.strip().toLowerCase(Locale.ROOT).split(":", -1);
        if (text.isBlank() || parts.length > 3) {
            throw new IllegalArgumentException(FLAG + ": expected RATE[:DELAY[:LOSS]] such as 1mbit:20ms or 250kbit:50ms:1%, got '" + text + "'");
        }
        long rate = Math.round(number(RATE, parts[0], "rate", "250kbit, 1mbit or 1.5gbit", text)
                * Math.pow(1000, RATE_UNITS.indexOf(unit(RATE, parts[0]))));
        double delay = 0;
        if (parts.length > 1) {
            double value = number(DELAY, parts[1], "delay", "20ms, 0.5s or 800us", text);
            delay = switch (unit(DELAY, parts[1])) {
                case "us" -> value / 1000;
                case "s" -> value * 1000;
                default -> value;
            };
        }
        double loss = parts.length > 2 ? number(LOSS, parts[2], "loss", "1% or 0.5%", text) : 0;
        return new LinkSpec(rate, delay, loss);
    }

    /** Delay and loss need the kernel's netem qdisc; a rate alone needs only tbf. */
    public boolean needsNetem() {
        return delayMillis > 0 || lossPercent > 0;
    }

    /** The rate as tc reads it, e.g. {@code 1000000bit}. */
    String tcRate() {
        return bitsPerSecond + "bit";
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(rateText());
        if (needsNetem()) {
            out.append(':').append(plain(delayMillis)).append("ms");
        }
        if (lossPercent > 0) {
            out.append(':').append(plain(lossPercent)).append('%');
        }
        return out.toString();
    }

    private String rateText() {
        for (int unit = RATE_UNITS.size() - 1; unit > 0; unit--) {
            long scale = (long) Math.pow(1000, unit);
            if (bitsPerSecond % scale == 0) {
                return bitsPerSecond / scale + RATE_UNITS.get(unit);
            }
        }
        return bitsPerSecond + "bit";
    }

    private static double number(Pattern pattern, String part, String what, String examples, String whole) {
        Matcher m = pattern.matcher(part);
        if (!m.matches()) {
            throw new IllegalArgumentException(FLAG + ": bad " + what + " '" + part + "' in '" + whole + "' (expected e.g. " + examples + ")");
        }
        return Double.parseDouble(m.group(1));
    }

    private static String unit(Pattern pattern, String part) {
        Matcher m = pattern.matcher(part);
        return m.matches() && m.groupCount() > 1 ? m.group(2) : "";
    }

    private static String plain(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
