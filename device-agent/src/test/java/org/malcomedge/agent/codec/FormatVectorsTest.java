package org.malcomedge.agent.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The hex test vectors of FORMAT.md: encoders give those bytes, decoders those symbols. */
class FormatVectorsTest {

    static final Path FORMAT = Path.of("src/main/java/org/malcomedge/agent/codec/FORMAT.md");

    @TestFactory
    Stream<DynamicTest> everyVectorOfFormatMd() throws IOException {
        List<String> lines = Files.readAllLines(FORMAT).stream()
                .filter(line -> line.startsWith("vector ") || line.startsWith("decode-only ")).toList();
        assertTrue(lines.size() >= 50, "FORMAT.md has " + lines.size() + " vectors");
        assertTrue(lines.stream().anyMatch(line -> line.contains(" v1-")), "format 1 frames still decode");
        return lines.stream().map(line -> DynamicTest.dynamicTest(line.split(" ")[1], () -> check(line)));
    }

    private static void check(String line) throws Exception {
        String[] words = line.split(" ");
        boolean encodeToo = words[0].equals("vector");
        String coderName = words[2];
        Map<String, String> fields = new HashMap<>();
        for (int i = 3; i < words.length; i++) {
            String[] pair = words[i].split("=", 2);
            fields.put(pair[0], pair[1]);
        }
        int d = Integer.parseInt(fields.get("d"));
        byte[] frame = HexFormat.of().parseHex(fields.get("hex"));
        Coder coder;
        Symbols expected;
        if (coderName.equals("raw-floats")) {
            coder = new RawFloatCoder();
            String[] hexValues = fields.get("values").split(",");
            float[] values = new float[hexValues.length];
            for (int i = 0; i < values.length; i++) {
                values[i] = Float.intBitsToFloat(Integer.parseUnsignedInt(hexValues[i], 16));
            }
            int[] positions = fields.get("positions").equals("all") ? null
                    : Stream.of(fields.get("positions").split(",")).mapToInt(Integer::parseInt).toArray();
            expected = new Floats(d, positions, values);
        } else {
            coder = Compressors.levelCoder(coderName);
            int s = Integer.parseInt(fields.get("s"));
            int[] z = levels(fields.get("z"), d);
            if (fields.containsKey("segments")) {
                int[] lengths = Stream.of(fields.get("segments").split(",")).mapToInt(Integer::parseInt).toArray();
                String[] hexSteps = fields.get("steps").split(",");
                float[] steps = new float[hexSteps.length];
                for (int i = 0; i < steps.length; i++) {
                    steps[i] = Float.intBitsToFloat(Integer.parseUnsignedInt(hexSteps[i], 16));
                }
                expected = new Levels(s, TensorLayout.of(lengths), steps, z);
            } else {
                expected = new Levels(d, s, Float.intBitsToFloat(Integer.parseUnsignedInt(fields.get("step"), 16)), z);
            }
        }
        assertEquals(expected, coder.decode(frame, d));
        if (encodeToo) {
            assertArrayEquals(frame, coder.encode(expected),
                    () -> "encoded " + HexFormat.of().withUpperCase().formatHex(coder.encode(expected)));
        }
    }

    /** "0,1,-1" lists every level; "40:2,7:-1" lists the nonzero ones as index:level. */
    private static int[] levels(String text, int d) {
        int[] z = new int[d];
        String[] items = text.split(",");
        for (int i = 0; i < items.length; i++) {
            if (items[i].contains(":")) {
                String[] pair = items[i].split(":");
                z[Integer.parseInt(pair[0])] = Integer.parseInt(pair[1]);
            } else {
                z[i] = Integer.parseInt(items[i]);
            }
        }
        return z;
    }
}
