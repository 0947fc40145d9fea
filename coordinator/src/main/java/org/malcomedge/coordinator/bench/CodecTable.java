package org.malcomedge.coordinator.bench;

import java.io.PrintWriter;
import java.util.Locale;

/** The fixed-width table of {@code bench codec}. */
public final class CodecTable {

    private static final String FORMAT = "%-8s %8s %8s %4s %7s %10s %12s %7s %10s %10s%n";

    private final PrintWriter out;

    public CodecTable(PrintWriter out) {
        this.out = out;
    }

    public void header() {
        out.printf(Locale.ROOT, FORMAT, "coder", "d", "sparsity", "s", "zeros", "bits/param", "bound_bits", "ratio",
                "enc_Mp/s", "dec_Mp/s");
        out.flush();
    }

    public void row(CodecBenchmark.Row row) {
        out.printf(Locale.ROOT, FORMAT, row.coder(), row.d(), String.format(Locale.ROOT, "%.2f", row.sparsity()), row.s(),
                String.format(Locale.ROOT, "%.4f", row.zeroFraction()),
                String.format(Locale.ROOT, "%.5f", row.bitsPerParam()),
                String.format(Locale.ROOT, "%.0f", row.entropyBoundBits()),
                String.format(Locale.ROOT, "%.4f", row.entropyRatio()),
                String.format(Locale.ROOT, "%.1f", row.encodeMparamsS()),
                String.format(Locale.ROOT, "%.1f", row.decodeMparamsS()));
        out.flush();
    }
}
