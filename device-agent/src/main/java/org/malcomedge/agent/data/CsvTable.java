package org.malcomedge.agent.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A CSV of numeric features and one label column, read into a {@link Dataset}. Cells are separated
 * by commas (no quoted commas); surrounding whitespace and double quotes are ignored. Labels are
 * mapped to class ids in sorted order (numerically when all labels are numbers).
 */
final class CsvTable {

    private CsvTable() {
    }

    /**
     * @param source   file name for messages
     * @param header   whether the first line names the columns
     * @param label    label column by name or 0-based index; empty: the column named "label", else the last
     * @param scale    every feature is multiplied by this
     */
    static Dataset read(String name, String source, BufferedReader reader, boolean header, Optional<String> label, float scale)
            throws IOException {
        String first = reader.readLine();
        int lineNumber = 1;
        if (first == null || first.isBlank()) {
            throw new DatasetException(source + ": empty file, expected " + (header ? "a header line" : "data"));
        }
        String[] names = header ? cells(first) : null;
        int columns = cells(first).length;
        int labelColumn = labelColumn(source, names, columns, label);
        List<float[]> rows = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        String line = header ? reader.readLine() : first;
        if (header) {
            lineNumber++;
        }
        for (; line != null; line = reader.readLine(), lineNumber++) {
            if (line.isBlank()) {
                continue;
            }
            String[] cells = cells(line);
            if (cells.length != columns) {
                throw new DatasetException(source + ":" + lineNumber + ": " + cells.length + " cells, expected " + columns
                        + (header ? " as in the header" : " as in line 1"));
            }
            float[] features = new float[columns - 1];
            for (int c = 0, f = 0; c < columns; c++) {
                if (c == labelColumn) {
                    labels.add(cells[c]);
                } else {
                    features[f++] = number(source, lineNumber, names, c, cells[c]) * scale;
                }
            }
            rows.add(features);
        }
        if (rows.isEmpty()) {
            throw new DatasetException(source + ": no data rows");
        }
        return toDataset(name, source, rows, labels);
    }

    private static Dataset toDataset(String name, String source, List<float[]> rows, List<String> labels) {
        Map<String, Integer> classes = classIds(labels);
        if (classes.size() < 2) {
            throw new DatasetException(source + ": the label column has " + classes.size() + " distinct value(s), need at least 2 classes");
        }
        int features = rows.get(0).length;
        float[] x = new float[rows.size() * features];
        int[] y = new int[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            System.arraycopy(rows.get(r), 0, x, r * features, features);
            y[r] = classes.get(labels.get(r));
        }
        return new Dataset(name, x, y, rows.size(), features, classes.size());
    }

    private static Map<String, Integer> classIds(List<String> labels) {
        boolean numeric = labels.stream().allMatch(CsvTable::isNumber);
        TreeMap<String, Integer> ids = new TreeMap<>(numeric
                ? (a, b) -> Double.compare(Double.parseDouble(a), Double.parseDouble(b))
                : String::compareTo);
        labels.forEach(l -> ids.put(l, 0));
        int next = 0;
        for (Map.Entry<String, Integer> e : ids.entrySet()) {
            e.setValue(next++);
        }
        return ids;
    }

    private static int labelColumn(String source, String[] names, int columns, Optional<String> label) {
        if (columns < 2) {
            throw new DatasetException(source + ":1: " + columns + " column, need features and a label");
        }
        if (label.isEmpty()) {
            if (names != null) {
                for (int c = 0; c < columns; c++) {
                    if (names[c].equalsIgnoreCase("label")) {
                        return c;
                    }
                }
            }
            return columns - 1;
        }
        String wanted = label.get().strip();
        if (names != null) {
            for (int c = 0; c < columns; c++) {
                if (names[c].equals(wanted)) {
                    return c;
                }
            }
        }
        try {
            int index = Integer.parseInt(wanted);
            if (index >= 0 && index < columns) {
                return index;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new DatasetException(source + ":1: no label column '" + wanted + "' (name" + (names == null ? "s unavailable" : " in the header")
                + " or 0-based index below " + columns + ")");
    }

    private static float number(String source, int line, String[] names, int column, String cell) {
        try {
            float value = Float.parseFloat(cell);
            if (Float.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        String columnName = names == null ? "column " + (column + 1) : "column '" + names[column] + "'";
        throw new DatasetException(source + ":" + line + ": " + columnName + ": '" + cell + "' is not a finite number");
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String[] cells(String line) {
        String[] cells = line.split(",", -1);
        for (int i = 0; i < cells.length; i++) {
            String c = cells[i].strip();
            if (c.length() >= 2 && c.startsWith("\"") && c.endsWith("\"")) {
                c = c.substring(1, c.length() - 1).strip();
            }
            cells[i] = c;
        }
        return cells;
    }
}
