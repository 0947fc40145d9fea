package org.malcomedge.coordinator.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * report.html: one self-contained page (inline CSS and SVG, no script, no network, well-formed
 * XML) for one run or for a compare of several runs (one line per run in every chart).
 */
final class ReportPage {

    /** Tableau 10: distinguishable, readable on white, and friendly to the common colour deficiencies. */
    private static final String[] PALETTE = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
        "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};

    private static final String CSS = """
            :root { --ink: #1f2933; --muted: #616e7c; --line: #e4e7eb; --bg: #f5f7fa; }
            * { box-sizing: border-box; }
            body { margin: 0; background: var(--bg); color: var(--ink);
              font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
            main { max-width: 1200px; margin: 0 auto; padding: 32px 28px 48px; }
            h1 { font-size: 26px; font-weight: 650; margin: 0 0 4px; letter-spacing: -0.01em; }
            h2 { font-size: 18px; font-weight: 600; margin: 32px 0 12px; }
            .sub { color: var(--muted); margin: 0 0 22px; }
            .kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(165px, 1fr)); gap: 12px; margin-bottom: 14px; }
            .kpi { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 12px 16px; }
            .kpi .k { font-size: 12px; color: var(--muted); text-transform: uppercase; letter-spacing: 0.04em; }
            .kpi .v { font-size: 22px; font-weight: 600; font-variant-numeric: tabular-nums; }
            .callout { background: #fff; border: 1px solid var(--line); border-left: 4px solid #c0392b;
              border-radius: 6px; padding: 10px 14px; margin: 0 0 22px; }
            .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 16px; }
            figure { margin: 0; background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 14px 16px 10px; }
            figcaption { font-weight: 600; margin-bottom: 6px; }
            figcaption span { font-weight: 400; color: var(--muted); font-size: 13px; margin-left: 6px; }
            svg.chart { width: 100%; height: auto; display: block; }
            svg text { font-family: inherit; }
            .tick { font-size: 11px; fill: #616e7c; }
            .axis-label { font-size: 12px; fill: #3e4c59; }
            .gridline { stroke: #e4e7eb; stroke-width: 1; }
            .gridline.minor { stroke: #f1f3f5; }
            .frame { fill: none; stroke: #cbd2d9; }
            .line { fill: none; stroke-width: 2; stroke-linejoin: round; stroke-linecap: round; }
            .dashed { stroke-dasharray: 5 4; }
            .band { opacity: 0.16; }
            .reference { stroke: #c0392b; stroke-width: 1.2; stroke-dasharray: 6 4; }
            .reference-label { font-size: 11px; fill: #c0392b; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
            .legend { font-size: 12px; fill: #323f4b; }
            .legend-swatch { stroke-width: 3; stroke-linecap: round; }
            .edge { stroke-linecap: round; }
            .node { fill: #fff; stroke: #323f4b; stroke-width: 1.5; }
            .node-label { font-size: 11px; fill: #3e4c59; }
            .empty { font-size: 13px; fill: #616e7c; }
            table { border-collapse: collapse; width: 100%; background: #fff; border: 1px solid var(--line);
              font-variant-numeric: tabular-nums; font-size: 14px; }
            th, td { padding: 7px 12px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
            th { background: #f0f3f7; font-weight: 600; font-size: 13px; color: #3e4c59; }
            td.n, th.n { text-align: right; }
            td code { font-size: 13px; }
            table.fields { border: none; }
            table.fields td.exact { color: var(--muted); font-size: 13px; }
            tr.best td { background: #edf7ee; }
            .swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 8px; }
            footer { color: var(--muted); font-size: 12px; margin-top: 32px; }
            """;

    private ReportPage() {
    }

    /** The page of one run. */
    static String single(RunRecord run) {
        Summary summary = run.summary();
        RunInfo info = summary.info();
        RunResults results = summary.results();
        StringBuilder body = new StringBuilder();
        body.append("<h1>").append(Svg.escape(info.label())).append(" on ").append(Svg.escape(info.dataset())).append("</h1>");
        body.append("<p class=\"sub\">").append(Svg.escape(setting(info))).append("</p>");
        body.append("<section class=\"kpis\">");
        kpi(body, "test accuracy", CompareTable.percent(results.finalTestAccuracy()));
        kpi(body, "average-model accuracy", CompareTable.percent(results.finalAvgModelAccuracy()));
        kpi(body, "payload bits to target", results.payloadBitsToTarget() == null ? "not reached" : Units.bits(results.payloadBitsToTarget()));
        kpi(body, "total payload", Units.bits(results.totalPayloadBits()));
        kpi(body, "sparsity", CompareTable.percent(results.finalSparsity()));
        kpi(body, "time", CompareTable.orDash(results.elapsedSeconds(), Units::seconds));
        body.append("</section>");
        body.append("<p class=\"callout\">").append(Svg.escape(targetSentence(run))).append("</p>");
        List<RunRecord> runs = List.of(run);
        body.append("<section class=\"charts\">");
        charts(body, runs);
        figure(body, "Communication graph", "bytes per edge; hover an edge for its figures",
                GraphFigure.svg("communication graph", "g0", run.edges(), GraphFigure.Scale.of(run.edges())));
        body.append("<figure><figcaption>Configuration<span>summary.json</span></figcaption>");
        fieldTable(body, SummaryJson.tree(summary), info.getClass());
        body.append("</figure></section>");
        body.append("<h2>Results</h2>");
        fieldTable(body, SummaryJson.tree(summary), results.getClass());
        return page(info.label() + " – MALCOM-Edge run", body, List.of(run));
    }

    /** The page of a compare: the same charts with one line per run, one graph per run, and the table. */
    static String compare(List<RunRecord> runs, CompareTable table) {
        StringBuilder body = new StringBuilder();
        RunInfo first = runs.get(0).info();
        body.append("<h1>Compare: ").append(runs.size()).append(" runs on ").append(Svg.escape(first.dataset())).append("</h1>");
        body.append("<p class=\"sub\">").append(Svg.escape(setting(first))).append("</p>");
        body.append("<p class=\"callout\">").append(Svg.escape(table.targetLine())).append("</p>");
        htmlTable(body, table, true);
        body.append("<h2>Training</h2><section class=\"charts\">");
        charts(body, runs);
        body.append("</section>");
        body.append("<h2>Traffic per edge</h2><section class=\"charts\">");
        GraphFigure.Scale scale = GraphFigure.Scale.of(runs.stream().flatMap(r -> r.edges().stream()).toList());
        for (int i = 0; i < runs.size(); i++) {
            RunRecord run = runs.get(i);
            figure(body, run.info().label(), "colour scale shared by all runs",
                    GraphFigure.svg("communication graph of " + run.info().label(), "g" + i, run.edges(), scale));
        }
        body.append("</section>");
        body.append("<h2>Details</h2>");
        htmlTable(body, table, false);
        return page("Compare – MALCOM-Edge", body, runs);
    }

    private static void charts(StringBuilder body, List<RunRecord> runs) {
        Double target = runs.get(0).info().targetAccuracy();
        String targetLabel = target == null ? null : "target " + Units.percent(target);
        LineChart accuracy = new LineChart(rounds(), new Axis("test accuracy (mean over nodes)", false, Axis.Format.PERCENT))
                .reference(target, targetLabel);
        LineChart accuracyPerBit = new LineChart(new Axis("cumulative payload, all nodes (bits, log scale)", true, Axis.Format.BITS),
                new Axis("test accuracy (mean over nodes)", false, Axis.Format.PERCENT)).reference(target, targetLabel);
        LineChart sparsity = new LineChart(rounds(), new Axis("zeros in the model (mean over nodes)", false, Axis.Format.PERCENT).from(0));
        LineChart consensus = new LineChart(rounds(), new Axis("consensus distance (1/n) Σ ‖xᵢ − x̄‖²", true, Axis.Format.POWER_OF_TEN));
        boolean single = runs.size() == 1;
        for (int i = 0; i < runs.size(); i++) {
            RunRecord run = runs.get(i);
            String name = single ? "mean over nodes" : run.info().label();
            String colour = PALETTE[i % PALETTE.length];
            List<RoundTotals> rounds = run.rounds();
            double[] round = values(rounds, RoundTotals::round);
            double[] meanAccuracy = values(rounds, RoundTotals::meanTestAccuracy);
            double[][] spread = single ? new double[][] {values(rounds, RoundTotals::minTestAccuracy), values(rounds, RoundTotals::maxTestAccuracy)} : null;
            accuracy.add(new LineChart.Series(name, colour, round, meanAccuracy, spread, false));
            accuracyPerBit.add(new LineChart.Series(name, colour, values(rounds, RoundTotals::cumulativePayloadBits), meanAccuracy));
            sparsity.add(new LineChart.Series(name, colour, round, values(rounds, RoundTotals::meanSparsity)));
            consensus.add(new LineChart.Series(name, colour, values(run.fleet(), FleetRound::round), values(run.fleet(), FleetRound::consensusDistance)));
            if (single && run.fleet().stream().anyMatch(f -> !Double.isNaN(f.averageModelAccuracy()))) {
                List<FleetRound> evaluated = run.fleet().stream().filter(f -> !Double.isNaN(f.averageModelAccuracy())).toList();
                accuracy.add(new LineChart.Series("average model", "#52606d", values(evaluated, FleetRound::round),
                        values(evaluated, FleetRound::averageModelAccuracy), null, true));
            }
        }
        figure(body, "Test accuracy per round", single ? "shaded: worst to best node" : "mean over nodes", accuracy.svg("test accuracy per round"));
        figure(body, "Test accuracy per payload bit", "what the bits bought", accuracyPerBit.svg("test accuracy per cumulative payload bits"));
        figure(body, "Sparsity per round", "fraction of exact zeros", sparsity.svg("sparsity per round"));
        figure(body, "Consensus distance per round", "log scale", consensus.svg("consensus distance per round"));
    }

    private static Axis rounds() {
        return new Axis("round", false, Axis.Format.INTEGER).from(0);
    }

    private static <T> double[] values(List<T> rows, ToDoubleFunction<T> value) {
        return rows.stream().mapToDouble(value).toArray();
    }

    private static void figure(StringBuilder body, String caption, String note, String svg) {
        body.append("<figure><figcaption>").append(Svg.escape(caption)).append("<span>").append(Svg.escape(note))
                .append("</span></figcaption>").append(svg).append("</figure>");
    }

    private static void kpi(StringBuilder body, String key, String value) {
        body.append("<div class=\"kpi\"><div class=\"k\">").append(Svg.escape(key)).append("</div><div class=\"v\">")
                .append(Svg.escape(value)).append("</div></div>");
    }

    private static String setting(RunInfo info) {
        List<String> parts = new ArrayList<>();
        parts.add(info.nodes() + " nodes");
        parts.add(info.topology() + (info.spectralGap() == null ? "" : " (spectral gap " + Units.number(info.spectralGap(), 4) + ")"));
        if (info.split() != null) {
            parts.add(info.split() + " split");
        }
        if (info.model() != null) {
            parts.add("model " + info.model());
        }
        parts.add(info.rounds() + " rounds");
        parts.add("seed " + info.seed());
        if (info.transport() != null) {
            parts.add(info.transport() + " transport");
        }
        return String.join(" · ", parts);
    }

    private static String targetSentence(RunRecord run) {
        RunInfo info = run.info();
        RunResults results = run.summary().results();
        if (info.targetAccuracy() == null) {
            return "No target accuracy was set.";
        }
        String target = "Target " + Units.percent(info.targetAccuracy()) + " (mean over nodes of test accuracy): ";
        if (results.roundsToTarget() != null) {
            return target + "reached at round " + results.roundsToTarget() + " after " + Units.bits(results.payloadBitsToTarget())
                    + " of payload" + (results.secondsToTarget() == null ? "" : " and " + Units.seconds(results.secondsToTarget())) + ".";
        }
        RoundTotals best = run.rounds().stream().filter(r -> !Double.isNaN(r.meanTestAccuracy()))
                .max((a, b) -> Double.compare(a.meanTestAccuracy(), b.meanTestAccuracy())).orElse(null);
        return target + "not reached" + (best == null ? "." : " (best " + Units.percent(best.meanTestAccuracy()) + " at round " + best.round() + ").");
    }

    /**
     * The summary.json fields of one half of the summary ({@link RunInfo} or {@link RunResults}):
     * name, readable value (units) and exact value.
     */
    private static void fieldTable(StringBuilder body, JsonNode summary, Class<? extends Record> half) {
        body.append("<table class=\"fields\"><thead><tr><th>field</th><th class=\"n\">reads as</th><th class=\"n\">exact</th></tr></thead><tbody>");
        for (String name : SummaryJson.fieldNames(half)) {
            JsonNode value = summary.get(name);
            String exact = value == null || value.isNull() ? "null" : value.asText();
            String readable = readable(name, value);
            body.append("<tr><td><code>").append(Svg.escape(name)).append("</code></td><td class=\"n\">")
                    .append(Svg.escape(readable)).append("</td><td class=\"n exact\">")
                    .append(exact.equals(readable) ? "" : Svg.escape(exact)).append("</td></tr>");
        }
        body.append("</tbody></table>");
    }

    private static String readable(String field, JsonNode value) {
        if (value == null || value.isNull()) {
            return "–";
        }
        if (!value.isNumber()) {
            return value.asText();
        }
        double number = value.asDouble();
        if (field.contains("bits")) {
            return Units.bits(number);
        }
        if (field.contains("bytes")) {
            return Units.bytes(number);
        }
        if (field.endsWith("accuracy") || field.endsWith("sparsity")) {
            return Units.percent(number);
        }
        if (field.endsWith("seconds") || field.equals("seconds_to_target")) {
            return Units.seconds(number);
        }
        return value.isIntegralNumber() ? value.asText() : Units.number(number, 4);
    }

    private static void htmlTable(StringBuilder body, CompareTable table, boolean headline) {
        CompareTable.Cells shown = table.cells(headline);
        List<String[]> cells = shown.rows();
        boolean[] right = shown.rightAligned();
        body.append("<table><thead><tr>");
        for (int c = 0; c < cells.get(0).length; c++) {
            body.append(right[c] ? "<th class=\"n\">" : "<th>").append(Svg.escape(cells.get(0)[c])).append("</th>");
        }
        body.append("</tr></thead><tbody>");
        for (int r = 1; r < cells.size(); r++) {
            Double ratio = table.rows().get(r - 1).ratioToBest();
            body.append(headline && ratio != null && ratio == 1.0 ? "<tr class=\"best\">" : "<tr>");
            for (int c = 0; c < cells.get(r).length; c++) {
                body.append(right[c] ? "<td class=\"n\">" : "<td>");
                if (c == 0) {
                    body.append("<span class=\"swatch\" style=\"background:").append(PALETTE[(r - 1) % PALETTE.length]).append("\"></span>");
                }
                body.append(Svg.escape(cells.get(r)[c])).append("</td>");
            }
            body.append("</tr>");
        }
        body.append("</tbody></table>");
    }

    private static String page(String title, StringBuilder body, List<RunRecord> runs) {
        String sources = String.join(", ", runs.stream().map(r -> r.folder() == null ? "?" : r.folder().toString()).toList());
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>"
                + "<title>" + Svg.escape(title) + "</title><style>" + CSS + "</style></head><body><main>"
                + body
                + "<footer>Self-contained report by malcom (no network needed), built from rounds.csv, fleet.csv, edges.csv and summary.json of "
                + Svg.escape(sources) + ". Rebuild with <code>malcom report DIR</code>.</footer>"
                + "</main></body></html>\n";
    }
}
