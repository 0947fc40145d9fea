package org.malcomedge.coordinator.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One CSV file per record type: a column per record component, in component order (fields added
 * to a record later append columns), named in snake_case. Numbers are written with
 * {@link Double#toString}/{@link Long#toString} (locale-independent, exact round trip). An empty
 * cell means "not measured": NaN for a double, and a negative value for the columns listed as
 * {@code negativeMeansAbsent}. Reading goes by header name, so column order and extra columns do
 * not matter; every problem names the file, the line and the column.
 */
final class CsvTable<T extends Record> {

    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).build();

    static final CsvTable<NodeRound> ROUNDS = new CsvTable<>(NodeRound.class,
            Map.of("computeMillis", "compute_ms", "wallMillis", "wall_ms"), Set.of("socketBytes"), Set.of("elapsed_seconds", "gamma"));
    static final CsvTable<FleetRound> FLEET = new CsvTable<>(FleetRound.class, Map.of(), Set.of(), Set.of());
    static final CsvTable<EdgeTraffic> EDGES = new CsvTable<>(EdgeTraffic.class, Map.of(), Set.of(), Set.of());

    private final RecordComponent[] components;
    private final Constructor<T> constructor;
    private final List<String> header = new ArrayList<>();
    private final Set<String> negativeMeansAbsent;
    /** Columns added later: a file without them reads as empty cells (older run folders still load). */
    private final Set<String> addedLater;

    private CsvTable(Class<T> type, Map<String, String> renamed, Set<String> negativeMeansAbsent, Set<String> addedLater) {
        this.components = type.getRecordComponents();
        this.negativeMeansAbsent = negativeMeansAbsent;
        this.addedLater = addedLater;
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            header.add(renamed.getOrDefault(components[i].getName(), snakeCase(components[i].getName())));
        }
        try {
            this.constructor = type.getDeclaredConstructor(types);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("record without canonical constructor: " + type, e);
        }
    }

    List<String> header() {
        return List.copyOf(header);
    }

    /** Opens a writer that writes the header now and one line per {@link Rows#write} call. */
    Rows open(Writer out) {
        return new Rows(sequence(out, header));
    }

    private static SequenceWriter sequence(Writer out, List<String> columns) {
        CsvSchema.Builder schema = CsvSchema.builder();
        columns.forEach(schema::addColumn);
        try {
            return CSV.writer(schema.build().withHeader()).writeValues(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A CSV being written; {@link #flush} pushes the rows so far to the file. */
    final class Rows implements AutoCloseable {
        private final SequenceWriter writer;

        private Rows(SequenceWriter writer) {
            this.writer = writer;
        }

        void write(T row) throws IOException {
            writer.write(cells(row));
        }

        void flush() throws IOException {
            writer.flush();
        }

        @Override
        public void close() throws IOException {
            writer.close();
        }
    }

    void write(Path file, List<T> rows) throws IOException {
        writeRows(file, header, rows.stream().map(this::cells).toList());
    }

    /** Writes a whole CSV file: the header, then one line per row of cells (null cells are empty). */
    static void writeRows(Path file, List<String> columns, List<Object[]> rows) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8); SequenceWriter csv = sequence(out, columns)) {
            for (Object[] row : rows) {
                // Jackson CSV does not keep a null's place in an array row: write it as an empty cell
                csv.write(java.util.Arrays.stream(row).map(cell -> cell == null ? "" : cell).toArray());
            }
        }
    }

    List<T> read(Path file) throws RunFormatException {
        return readRows(file, header, addedLater, this::row);
    }

    /** Turns the cells of one line (in the order of the columns asked for) into a value. */
    interface RowParser<R> {
        R parse(Path file, long line, String[] cells) throws RunFormatException;
    }

    /**
     * Reads a CSV file with a header, handing {@code parser} the cells of {@code columns} (found by
     * name, so order and extra columns do not matter) of each line.
     */
    static <R> List<R> readRows(Path file, List<String> columns, RowParser<R> parser) throws RunFormatException {
        return readRows(file, columns, Set.of(), parser);
    }

    /** The same, where the {@code optional} columns may be missing from the file (their cells are then empty). */
    static <R> List<R> readRows(Path file, List<String> columns, Set<String> optional, RowParser<R> parser) throws RunFormatException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                MappingIterator<String[]> lines = CSV.readerFor(String[].class)
                        .with(CsvParser.Feature.WRAP_AS_ARRAY)
                        .with(CsvParser.Feature.SKIP_EMPTY_LINES)
                        .readValues(in)) {
            if (!lines.hasNextValue()) {
                throw new RunFormatException(file, 1, "empty file, expected the header " + String.join(",", columns));
            }
            int[] position = columnPositions(file, columns, optional, lines.nextValue());
            List<R> rows = new ArrayList<>();
            while (lines.hasNextValue()) {
                String[] cells = lines.nextValue();
                long line = lines.getParser().currentTokenLocation().getLineNr();
                String[] picked = new String[position.length];
                for (int c = 0; c < position.length; c++) {
                    if (position[c] < 0) {
                        picked[c] = "";
                        continue;
                    }
                    if (position[c] >= cells.length) {
                        throw new RunFormatException(file, line, "has " + cells.length + " cells, no value for column '" + columns.get(c) + "'");
                    }
                    picked[c] = cells[position[c]].strip();
                }
                rows.add(parser.parse(file, line, picked));
            }
            return rows;
        } catch (NoSuchFileException e) {
            throw new RunFormatException(file, "missing file");
        } catch (JsonProcessingException e) {
            throw new RunFormatException(file, e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                    "malformed CSV: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (IOException | RuntimeException e) {
            throw new RunFormatException(file, "cannot read: " + e.getMessage());
        }
    }

    private static int[] columnPositions(Path file, List<String> columns, Set<String> optional, String[] names) throws RunFormatException {
        Map<String, Integer> byName = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            byName.put(names[i].strip(), i);
        }
        int[] position = new int[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            Integer at = byName.get(columns.get(c));
            if (at == null && optional.contains(columns.get(c))) {
                at = -1;
            } else if (at == null) {
                throw new RunFormatException(file, 1, "missing column '" + columns.get(c) + "' in the header");
            }
            position[c] = at;
        }
        return position;
    }

    private T row(Path file, long line, String[] cells) throws RunFormatException {
        Object[] values = new Object[components.length];
        for (int c = 0; c < components.length; c++) {
            String cell = cells[c];
            try {
                values[c] = parse(components[c], cell);
            } catch (NumberFormatException e) {
                throw new RunFormatException(file, line, "column '" + header.get(c) + "': '" + cell + "' is not "
                        + (components[c].getType() == double.class ? "a number" : "an integer"));
            }
        }
        try {
            return constructor.newInstance(values);
        } catch (InvocationTargetException e) {
            throw new RunFormatException(file, line, "invalid row: " + e.getCause().getMessage());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private Object parse(RecordComponent component, String cell) {
        Class<?> type = component.getType();
        boolean empty = cell.isEmpty();
        if (type == double.class) {
            return empty ? Double.NaN : Double.parseDouble(cell);
        }
        if (type == long.class) {
            return empty && negativeMeansAbsent.contains(component.getName()) ? -1L : Long.parseLong(cell);
        }
        if (type == int.class) {
            return empty && negativeMeansAbsent.contains(component.getName()) ? -1 : Integer.parseInt(cell);
        }
        return cell;
    }

    private Object[] cells(T row) {
        Object[] cells = new Object[components.length];
        for (int c = 0; c < components.length; c++) {
            Object value = value(row, components[c]);
            boolean absent = value instanceof Double d && d.isNaN()
                    || value instanceof Number n && n.longValue() < 0 && negativeMeansAbsent.contains(components[c].getName());
            cells[c] = absent ? "" : value.toString();
        }
        return cells;
    }

    private static Object value(Record row, RecordComponent component) {
        try {
            return component.getAccessor().invoke(row);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String snakeCase(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
