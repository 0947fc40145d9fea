package org.malcomedge.agent.codec;

/**
 * MALCOM's vector source coder (DESIGN.md 3.2, FORMAT.md "vsc"): the histogram, then for each
 * nonzero symbol in the fixed order its positions as gaps among the positions not yet assigned to
 * an earlier symbol, Golomb-coded with the Gallager-Van Voorhis parameter. Zeros are implicit.
 */
final class VscCoder extends LevelCoder {

    VscCoder() {
        super(FrameHeader.VSC, "vsc");
    }

    @Override
    void encodeBody(Levels levels, BitWriter out) {
        Histogram histogram = Histogram.of(levels);
        histogram.write(out);
        int[] counts = histogram.counts;
        int symbols = counts.length;
        // Segment of each symbol's gaps in one array, filled in a single pass over z.
        int[] start = new int[symbols + 1];
        for (int t = 0; t < symbols; t++) {
            start[t + 1] = start[t] + counts[t];
        }
        int[] fill = start.clone();
        int[] gaps = new int[histogram.nonzeros];
        int[] seen = new int[symbols];
        int[] lastRank = new int[symbols];
        java.util.Arrays.fill(lastRank, -1);
        int[] z = levels.z();
        for (int i = 0; i < z.length; i++) {
            int v = z[i];
            if (v == 0) {
                continue;
            }
            int t = Histogram.orderIndex(v);
            // rank of i among positions not holding an earlier symbol
            int rank = i;
            for (int u = 0; u < t; u++) {
                rank -= seen[u];
            }
            gaps[fill[t]++] = rank - lastRank[t] - 1;
            lastRank[t] = rank;
            seen[t]++;
        }
        long remaining = z.length;
        for (int t = 0; t < symbols; t++) {
            if (counts[t] == 0) {
                continue;
            }
            GolombCode code = new GolombCode(Codes.golombParameter(counts[t], remaining));
            for (int j = start[t]; j < start[t + 1]; j++) {
                code.write(out, gaps[j]);
            }
            remaining -= counts[t];
        }
    }

    @Override
    void decodeBody(BitReader in, int s, int[] z) throws CorruptFrameException {
        int d = z.length;
        Histogram histogram = Histogram.read(in, s, d);
        int[] counts = histogram.counts;
        int total = histogram.nonzeros;
        // ranks[start[t] ..] = positions of symbol t counted among the positions left after symbols < t
        int[] ranks = new int[total];
        int[] start = new int[counts.length + 1];
        long remaining = d;
        for (int t = 0; t < counts.length; t++) {
            int n = counts[t];
            start[t + 1] = start[t] + n;
            if (n == 0) {
                continue;
            }
            GolombCode code = new GolombCode(Codes.golombParameter(n, remaining));
            long rank = -1;
            for (int j = 0; j < n; j++) {
                long room = remaining - (n - j) - (rank + 1); // keeps every later occurrence in range
                rank += code.read(in, room) + 1;
                ranks[start[t] + j] = (int) rank;
            }
            remaining -= n;
        }
        in.finish();
        placeFromLastSymbol(counts, start, ranks, z);
    }

    /**
     * Turns ranks into positions: starting with the last symbol, merge each earlier symbol's ranks
     * into the list of later ones, shifting later ranks past the earlier symbol's positions.
     */
    private static void placeFromLastSymbol(int[] counts, int[] start, int[] ranks, int[] z) {
        int total = ranks.length;
        int[] position = new int[total];
        int[] symbol = new int[total];
        int[] nextPosition = new int[total];
        int[] nextSymbol = new int[total];
        int size = 0;
        for (int t = counts.length - 1; t >= 0; t--) {
            int n = counts[t];
            if (n == 0) {
                continue;
            }
            int base = start[t];
            int i = 0;
            int out = 0;
            for (int e = 0; e < size; e++) {
                int c = position[e];
                while (i < n && ranks[base + i] <= c + i) {
                    nextPosition[out] = ranks[base + i];
                    nextSymbol[out++] = t;
                    i++;
                }
                nextPosition[out] = c + i;
                nextSymbol[out++] = symbol[e];
            }
            while (i < n) {
                nextPosition[out] = ranks[base + i];
                nextSymbol[out++] = t;
                i++;
            }
            size = out;
            int[] swap = position;
            position = nextPosition;
            nextPosition = swap;
            swap = symbol;
            symbol = nextSymbol;
            nextSymbol = swap;
        }
        for (int e = 0; e < size; e++) {
            z[position[e]] = Histogram.level(symbol[e]);
        }
    }
}
