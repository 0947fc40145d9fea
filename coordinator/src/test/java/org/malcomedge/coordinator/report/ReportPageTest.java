package org.malcomedge.coordinator.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

class ReportPageTest {

    private static final List<String> RUNS = List.of("malcom", "choco:qsgd:16", "choco:topk:0.05", "dpsgd");

    @TempDir
    Path dir;

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    private static List<String> svgParts(String html) {
        List<String> parts = new ArrayList<>();
        Matcher svg = Pattern.compile("<svg\\b.*?</svg>", Pattern.DOTALL).matcher(html);
        while (svg.find()) {
            parts.add(svg.group());
        }
        return parts;
    }

    private Path compareFolder() throws Exception {
        CompareFolder compare = CompareFolder.create(dir.resolve("compare"), null);
        for (int i = 0; i < RUNS.size(); i++) {
            Fixtures.record(compare.newRun(RUNS.get(i)), Fixtures.info(RUNS.get(i), 8, 30, 0.8), 0.9 + 0.01 * i, 1000L << (2 * i));
        }
        compare.finish();
        return compare.dir();
    }

    @Test
    void singleRunPageIsWellFormedSelfContainedAndHasEveryChart() throws Exception {
        RunFolder folder = RunFolder.create(dir.resolve("run"), null);
        Fixtures.record(folder, Fixtures.info("malcom:8", 8, 30, 0.8), 0.9, 1000);
        String html = Files.readString(folder.file(RunFolder.REPORT_HTML));
        assertSelfContained(html);
        Document page = parse(html);
        List<String> svgs = svgParts(html);
        assertEquals(5, svgs.size(), "accuracy/round, accuracy/bits, sparsity, consensus distance, graph");
        for (String svg : svgs) {
            parse(svg);
        }
        NodeList edges = (NodeList) XPathFactory.newInstance().newXPath()
                .evaluate("//*[local-name()='line' and @class='edge']", page, XPathConstants.NODESET);
        assertEquals(8, edges.getLength(), "one line per ring edge");
        assertTrue(edges.item(0).getTextContent().matches("n\\d+ – n\\d+: .* kB in frames, .* payload"), edges.item(0).getTextContent());
        assertTrue(html.contains("reached at round"), "the target line");
        assertTrue(html.contains("payload_bits_to_target"), "the summary table");
    }

    @Test
    void comparePageDrawsOneLinePerRunInEveryChart() throws Exception {
        Path compare = compareFolder();
        String html = Files.readString(compare.resolve(RunFolder.REPORT_HTML));
        assertSelfContained(html);
        parse(html);
        List<String> svgs = svgParts(html);
        assertEquals(4 + RUNS.size(), svgs.size(), "four charts and one graph per run");
        for (String svg : svgs.subList(0, 4)) {
            Document chart = parse(svg);
            NodeList lines = (NodeList) XPathFactory.newInstance().newXPath()
                    .evaluate("//*[local-name()='path' and @class='line']/*[local-name()='title']", chart, XPathConstants.NODESET);
            List<String> names = new ArrayList<>();
            for (int i = 0; i < lines.getLength(); i++) {
                names.add(lines.item(i).getTextContent());
            }
            assertEquals(RUNS, names);
        }
        for (String run : RUNS) {
            assertTrue(html.contains(">" + run + "<"), run + " in the table");
        }
    }

    @Test
    void theLogAxesHaveUnitsAndDecades() throws Exception {
        String html = Files.readString(compareFolder().resolve(RunFolder.REPORT_HTML));
        assertTrue(html.contains(">1 Mbit<") && html.contains(">100 kbit<"), "bits axis in decades with units");
        assertTrue(html.contains(">10⁻¹<"), "consensus distance in powers of ten");
    }

    private static void assertSelfContained(String html) {
        String withoutNamespaces = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        assertFalse(withoutNamespaces.contains("http://") || withoutNamespaces.contains("https://"),
                "no URL other than the SVG namespace name (an identifier, never fetched)");
        assertFalse(html.contains("<script") || html.contains("<link") || html.contains("<img") || html.contains("@import"),
                "nothing to load");
    }
}
