package org.malcomedge.agent.codec;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

/**
 * Builds compressors from spec strings (DESIGN.md 3.4): {@code SPARSIFIER+QUANTIZER+CODER}, any
 * stage left out meaning its identity ({@code none}, {@code f32}, {@code raw}), or one of the short
 * names {@code dense}, {@code malcom:S}, {@code qsgd:S}, {@code topk:F}.
 *
 * <p>Valid combinations: {@code f32} output only goes to {@code raw}; integer levels ({@code qsgd},
 * {@code sign}) go to any coder. Everything else is rejected with a message naming the part.
 */
public final class Compressors {

    /** Coder names accepted in a spec. */
    public static final List<String> CODERS = List.of("vsc", "range", "elias", "raw", "deflate", "zstd");

    private Compressors() {
    }

    /**
     * @throws IllegalArgumentException with one line naming the bad part of {@code spec}
     */
    public static Compressor parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("empty compressor spec");
        }
        String expanded = expandShortName(spec.trim());
        Sparsifier sparsifier = null;
        Quantizer quantizer = null;
        String coderName = null;
        String coderPart = null;
        int stage = -1;
        for (String part : expanded.split("\\+", -1)) {
            int partStage = stageOf(part, spec);
            if (partStage <= stage) {
                throw bad(spec, part, "stages go SPARSIFIER+QUANTIZER+CODER, each at most once");
            }
            stage = partStage;
            switch (partStage) {
                case 0 -> sparsifier = sparsifier(part, spec);
                case 1 -> quantizer = quantizer(part, spec);
                default -> {
                    coderName = part;
                    coderPart = part;
                }
            }
        }
        sparsifier = sparsifier == null ? new Pipeline.KeepAll() : sparsifier;
        quantizer = quantizer == null ? new Float32Quantizer() : quantizer;
        Coder coder = coderName == null ? (quantizer.producesLevels() ? new RawLevelCoder() : new RawFloatCoder())
                : coder(coderPart, quantizer, spec);
        return new Pipeline(sparsifier, quantizer, coder);
    }

    /** A coder of integer levels by name ({@code vsc}, {@code range}, {@code elias}, {@code raw}, {@code deflate[:L]}, {@code zstd[:L]}). */
    public static Coder levelCoder(String name) {
        return coder(name, new SignQuantizer(), name);
    }

    /** A quantizer by its spec ({@code f32}, {@code qsgd:S[:unscaled][:whole]}, {@code sign}). */
    public static Quantizer quantizer(String spec) {
        return quantizer(spec, spec);
    }

    /** QSGD's variance factor {@code min(n/s^2, sqrt(n)/s)} for n quantized entries and s levels (DESIGN.md 3.1). */
    public static double qsgdVarianceFactor(int n, int s) {
        return QsgdQuantizer.varianceFactor(n, s);
    }

    static String formatFraction(double fraction) {
        return BigDecimal.valueOf(fraction).stripTrailingZeros().toPlainString();
    }

    private static String expandShortName(String spec) {
        if (spec.contains("+")) {
            return spec;
        }
        if (spec.equals("dense")) {
            return "none+f32+raw";
        }
        if (spec.startsWith("malcom:")) {
            return "qsgd:" + spec.substring("malcom:".length()) + "+vsc";
        }
        if (spec.startsWith("qsgd:")) {
            return spec + "+elias";
        }
        return spec;
    }

    private static int stageOf(String part, String spec) {
        String name = part.contains(":") ? part.substring(0, part.indexOf(':')) : part;
        return switch (name) {
            case "none", "topk", "randk" -> 0;
            case "f32", "qsgd", "sign" -> 1;
            case "vsc", "range", "elias", "raw", "deflate", "zstd" -> 2;
            default -> throw bad(spec, part, "unknown stage; sparsifiers none, topk:F, randk:F; quantizers f32, "
                    + "qsgd:S[:unscaled][:whole], sign; coders " + String.join(", ", CODERS) + "; short names dense, malcom:S, qsgd:S, topk:F");
        };
    }

    private static Sparsifier sparsifier(String part, String spec) {
        if (part.equals("none")) {
            return new Pipeline.KeepAll();
        }
        String[] fields = part.split(":", -1);
        if (fields.length != 2) {
            throw bad(spec, part, "expected " + fields[0] + ":F with F the kept fraction in (0, 1]");
        }
        double fraction;
        try {
            fraction = Double.parseDouble(fields[1]);
        } catch (NumberFormatException e) {
            fraction = Double.NaN;
        }
        if (!(fraction > 0 && fraction <= 1)) {
            throw bad(spec, part, "the kept fraction F must be a number in (0, 1]");
        }
        return fields[0].equals("topk") ? new TopKSparsifier(fraction) : new RandKSparsifier(fraction);
    }

    private static Quantizer quantizer(String part, String spec) {
        if (part.equals("f32")) {
            return new Float32Quantizer();
        }
        if (part.equals("sign")) {
            return new SignQuantizer();
        }
        String[] fields = part.split(":", -1);
        String options = String.join(":", Arrays.asList(fields).subList(Math.min(2, fields.length), fields.length));
        if (!fields[0].equals("qsgd") || fields.length < 2
                || !List.of("", "unscaled", "whole", "unscaled:whole").contains(options)) {
            throw bad(spec, part, "expected f32, sign or qsgd:S[:unscaled][:whole]");
        }
        int s = integer(fields[1], 1, Levels.MAX_LEVELS, spec, part, "the level count S");
        return new QsgdQuantizer(s, !options.startsWith("unscaled"), options.endsWith("whole"));
    }

    private static Coder coder(String part, Quantizer quantizer, String spec) {
        String[] fields = part.split(":", -1);
        String name = fields[0];
        boolean levelled = name.equals("deflate") || name.equals("zstd");
        if (fields.length > (levelled ? 2 : 1)) {
            throw bad(spec, part, levelled ? "expected " + name + " or " + name + ":LEVEL" : "coder " + name + " takes no parameter");
        }
        if (!quantizer.producesLevels() && !name.equals("raw")) {
            throw bad(spec, part, "coder " + name + " codes integer levels but quantizer " + quantizer.spec()
                    + " gives float32 values; put qsgd:S or sign before it, or use raw");
        }
        return switch (name) {
            case "vsc" -> new VscCoder();
            case "range" -> new RangeCoder();
            case "elias" -> new EliasCoder();
            case "raw" -> quantizer.producesLevels() ? new RawLevelCoder() : new RawFloatCoder();
            case "deflate" -> new DeflateCoder(fields.length == 2
                    ? integer(fields[1], 0, 9, spec, part, "the deflate level") : DeflateCoder.DEFAULT_LEVEL);
            case "zstd" -> new ZstdCoder(fields.length == 2
                    ? integer(fields[1], 1, 22, spec, part, "the zstd level") : ZstdCoder.DEFAULT_LEVEL);
            default -> throw bad(spec, part, "unknown coder");
        };
    }

    private static int integer(String text, int min, int max, String spec, String part, String what) {
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(spec, part, what + " must be an integer in " + min + ".." + max);
    }

    private static IllegalArgumentException bad(String spec, String part, String problem) {
        return new IllegalArgumentException("compressor spec '" + spec + "': '" + part + "': " + problem);
    }
}
