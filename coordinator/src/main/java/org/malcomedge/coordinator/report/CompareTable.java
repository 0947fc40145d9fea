package org.malcomedge.coordinator.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One row per run of a {@code compare}: the headline (run, accuracy, rounds, payload bits and
 * wall-clock seconds to the target, ratio of those bits to the best run's, total payload bits) and every summary field.
 * Written as compare.csv (exact numbers), compare.md and a terminal table (units).
 */
public final class CompareTable {

    /** The columns that lead compare.csv; the other summary.json fields follow in their own order. */
    static final List<String> HEADLINE = List.of("run", "folder", "final_test_accuracy", "rounds_to_target",
            "payload_bits_to_target", "seconds_to_target", "ratio_to_best", "total_payload_bits");

    /**
     * @param ratioToBest payload bits to target divided by the least of any run; null if this run never reached it
     */
    record Row(String run, String folder, Summary summary, Double ratioToBest) {
    }

    private record Column(String title, boolean rightAligned, Function<Row, String> cell) {
    }

    private static final List<Column> HEADLINE_COLUMNS = List.of(
            new Column("run", false, Row::run),
            new Column("accuracy", true, r -> percent(r.summary().results().finalTestAccuracy())
                    + Optional.ofNullable(r.summary().results().divergedAtRound()).map(t -> " diverged at round " + t)
                            .orElse("")
                    + (Boolean.TRUE.equals(r.summary().results().endedNearChance()) ? " near chance" : "")),
            new Column("rounds to target", true, r -> orDash(r.summary().results().roundsToTarget(), String::valueOf)),
            new Column("bits to target", true, r -> orDash(r.summary().results().payloadBitsToTarget(), v -> Units.bits(v))),
            new Column("time to target", true, r -> orDash(r.summary().results().secondsToTarget(), Units::seconds)),
            new Column("× best", true, r -> orDash(r.ratioToBest(), v -> String.format(Locale.ROOT, "%.2f", v))),
            new Column("total bits", true, r -> Units.bits(r.summary().results().totalPayloadBits())));

    private static final List<Column> DETAIL_COLUMNS = List.of(
            new Column("run", false, Row::run),
            new Column("algorithm", false, r -> r.summary().info().algorithm()),
            new Column("compressor", false, r -> r.summary().info().compressor()),
            new Column("avg-model accuracy", true, r -> percent(r.summary().results().finalAvgModelAccuracy())),
            new Column("sparsity", true, r -> percent(r.summary().results().finalSparsity())),
            new Column("consensus distance", true, r -> orDash(r.summary().results().consensusDistance(), v -> Units.number(v, 3))),
            new Column("uplink bits", true, r -> orDash(r.summary().results().uplinkPayloadBits(), v -> Units.bits(v))),
            new Column("downlink bits", true, r -> orDash(r.summary().results().downlinkPayloadBits(), v -> Units.bits(v))),
            new Column("frame bytes", true, r -> Units.bytes(r.summary().results().totalFrameBytes())),
            new Column("socket bytes", true, r -> orDash(r.summary().results().totalSocketBytes(), v -> Units.bytes(v))),
            new Column("time", true, r -> orDash(r.summary().results().elapsedSeconds(), Units::seconds)));

    private final List<Row> rows;
    /** How the target was chosen when compare chose it (see {@link DefaultTarget}). */
    private final Optional<String> targetOrigin;

    private CompareTable(List<Row> rows, Optional<String> targetOrigin) {
        this.rows = List.copyOf(rows);
        this.targetOrigin = targetOrigin;
    }

    /** @param targetOrigin how compare chose the runs' target, when it did */
    static CompareTable of(List<RunRecord> runs, Path compareFolder, Optional<String> targetOrigin) {
        List<Summary> summaries = runs.stream().map(RunRecord::summary).toList();
        Long best = summaries.stream().map(s -> s.results().payloadBitsToTarget()).filter(Objects::nonNull)
                .min(Long::compare).orElse(null);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            Summary summary = summaries.get(i);
            Long bits = summary.results().payloadBitsToTarget();
            Double ratio = bits == null || best == null ? null : best == 0 ? (bits == 0 ? 1.0 : null) : (double) bits / best;
            rows.add(new Row(summary.info().label(), compareFolder.relativize(runs.get(i).folder()).toString(), summary, ratio));
        }
        return new CompareTable(rows, targetOrigin);
    }

    List<Row> rows() {
        return rows;
    }

    /** The headline as an aligned plain-text table with units, for the terminal. */
    public String terminal() {
        StringBuilder out = new StringBuilder(targetLine()).append('\n');
        Cells table = cells(true);
        List<String[]> cells = table.rows();
        int[] width = new int[cells.get(0).length];
        for (String[] row : cells) {
            for (int c = 0; c < row.length; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        for (String[] row : cells) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.length; c++) {
                String pad = " ".repeat(width[c] - row[c].length());
                line.append(c == 0 ? "" : "  ").append(table.rightAligned()[c] ? pad + row[c] : row[c] + pad);
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    /** compare.md: the target, the headline table and a table of details. */
    String markdown() {
        return "# Compare\n\n" + targetLine() + "\n\n" + markdownTable(true)
                + "\n## Details\n\n" + markdownTable(false)
                + "\nBits are payload bits (residual/model payloads published by all nodes); "
                + "× best is payload bits to target over the least of any run. Exact figures: compare.csv.\n";
    }

    /** compare.csv: the headline columns, then every other summary.json field; exact numbers, empty for null. */
    void writeCsv(Path file) throws IOException {
        List<String> columns = new ArrayList<>(HEADLINE);
        List<ObjectNode> trees = rows.stream().map(r -> SummaryJson.tree(r.summary())).toList();
        if (!trees.isEmpty()) {
            for (Iterator<String> names = trees.get(0).fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!columns.contains(name)) {
                    columns.add(name);
                }
            }
        }
        List<Object[]> lines = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            ObjectNode tree = trees.get(i);
            tree.put("run", rows.get(i).run());
            tree.put("folder", rows.get(i).folder());
            Double ratio = rows.get(i).ratioToBest();
            tree.put("ratio_to_best", ratio);
            lines.add(columns.stream().map(tree::get).map(CompareTable::csvCell).toArray());
        }
        CsvTable.writeRows(file, columns, lines);
    }

    /** The run folders named by a compare.csv, relative to it, in its row order. */
    static List<String> readFolders(Path compareCsv) throws RunFormatException {
        return CsvTable.readRows(compareCsv, List.of("folder"), (file, line, cells) -> {
            if (cells[0].isEmpty()) {
                throw new RunFormatException(file, line, "empty 'folder'");
            }
            return cells[0];
        });
    }

    String targetLine() {
        List<Double> targets = rows.stream().map(r -> r.summary().info().targetAccuracy()).distinct().toList();
        if (targets.size() == 1 && targets.get(0) != null) {
            return "Target accuracy " + percent(targets.get(0)) + targetOrigin.map(o -> " = " + o).orElse("")
                    + " (mean over nodes of test accuracy).";
        }
        return targets.stream().allMatch(Objects::isNull) ? "No target accuracy set."
                : "Target accuracy differs between runs: " + targets.stream().map(CompareTable::percent).toList() + ".";
    }

    /** The formatted cells of the headline or the detail table, titles first. */
    record Cells(List<String[]> rows, boolean[] rightAligned) {
    }

    Cells cells(boolean headline) {
        List<Column> columns = headline ? HEADLINE_COLUMNS : DETAIL_COLUMNS;
        boolean[] right = new boolean[columns.size()];
        for (int c = 0; c < right.length; c++) {
            right[c] = columns.get(c).rightAligned();
        }
        return new Cells(cells(columns), right);
    }

    private List<String[]> cells(List<Column> columns) {
        List<String[]> cells = new ArrayList<>();
        cells.add(columns.stream().map(Column::title).toArray(String[]::new));
        for (Row row : rows) {
            cells.add(columns.stream().map(c -> c.cell().apply(row)).toArray(String[]::new));
        }
        return cells;
    }

    private String markdownTable(boolean headline) {
        Cells table = cells(headline);
        String[] rule = new String[table.rightAligned().length];
        for (int c = 0; c < rule.length; c++) {
            rule[c] = table.rightAligned()[c] ? "---:" : "---";
        }
        StringBuilder out = new StringBuilder(markdownRow(table.rows().get(0))).append(markdownRow(rule));
        table.rows().stream().skip(1).forEach(row -> out.append(markdownRow(row)));
        return out.toString();
    }

    private static String markdownRow(String[] cells) {
        StringBuilder line = new StringBuilder("|");
        for (String cell : cells) {
            line.append(' ').append(cell.replace("|", "\\|")).append(" |");
        }
        return line.append('\n').toString();
    }

    private static Object csvCell(JsonNode value) {
        return value == null || value.isNull() ? null : value.asText();
    }

    static String percent(Double fraction) {
        return orDash(fraction, Units::percent);
    }

    static <T> String orDash(T value, Function<T, String> format) {
        return value == null ? "–" : format.apply(value);
    }
}
