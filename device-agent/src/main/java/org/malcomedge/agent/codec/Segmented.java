package org.malcomedge.agent.codec;

/**
 * The kept positions of a vector grouped by the segment of a {@link TensorLayout} they fall in:
 * what a quantizer with one scale per tensor walks over (twice: scales, then levels).
 */
final class Segmented {

    /** Visits kept position {@code position} of segment {@code segment}. */
    interface KeptVisitor {
        void visit(int position, int segment);
    }

    private final TensorLayout layout;
    private final int[] kept;
    /** Segment of kept[j] (null when kept is null: all positions, in segment order). */
    private final int[] segmentOfKept;
    private final int[] keptPerSegment;

    private Segmented(TensorLayout layout, int[] kept, int[] segmentOfKept, int[] keptPerSegment) {
        this.layout = layout;
        this.kept = kept;
        this.segmentOfKept = segmentOfKept;
        this.keptPerSegment = keptPerSegment;
    }

    /** @param kept positions kept by the sparsifier, {@code null} for all */
    static Segmented of(float[] vector, int[] kept, TensorLayout layout) {
        if (layout.dimension() != vector.length) {
            throw new IllegalArgumentException("tensor layout of dimension " + layout.dimension()
                    + " for a vector of " + vector.length + " entries");
        }
        int[] perSegment = new int[layout.segments()];
        if (kept == null) {
            for (int segment = 0; segment < perSegment.length; segment++) {
                perSegment[segment] = layout.length(segment);
            }
            return new Segmented(layout, null, null, perSegment);
        }
        int[] segmentOfKept = new int[kept.length];
        for (int j = 0; j < kept.length; j++) {
            segmentOfKept[j] = layout.segmentOf(kept[j]);
            perSegment[segmentOfKept[j]]++;
        }
        return new Segmented(layout, kept, segmentOfKept, perSegment);
    }

    TensorLayout layout() {
        return layout;
    }

    int segments() {
        return keptPerSegment.length;
    }

    /** Number of kept positions in {@code segment}. */
    int kept(int segment) {
        return keptPerSegment[segment];
    }

    /** Visits the kept positions in the sparsifier's order (dither draws depend on it). */
    void forEachKept(KeptVisitor visitor) {
        if (kept == null) {
            for (int segment = 0; segment < keptPerSegment.length; segment++) {
                for (int i = layout.start(segment); i < layout.end(segment); i++) {
                    visitor.visit(i, segment);
                }
            }
            return;
        }
        for (int j = 0; j < kept.length; j++) {
            visitor.visit(kept[j], segmentOfKept[j]);
        }
    }
}
