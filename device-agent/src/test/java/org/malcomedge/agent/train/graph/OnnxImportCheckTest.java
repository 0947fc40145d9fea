package org.malcomedge.agent.train.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.malcomedge.agent.InputException;
import org.malcomedge.agent.train.onnx.ModelProto;
import org.malcomedge.agent.train.onnx.OperatorSetIdProto;

/** The checks {@code --model onnx:PATH} runs on a user's graph before anything starts. */
class OnnxImportCheckTest {

    private static final TrainStepCompiler RULES = TrainStepCompiler.standard();

    /** As torch.onnx.export writes nn.Sequential(Flatten, Linear(12, 3)): Flatten then Gemm transB=1. */
    private static Graph flattenGemm() {
        Graph g = new Graph();
        String x = g.input("input", Graph.Type.FLOAT, Graph.DYNAMIC, 3, 4);
        String flat = g.op("Flatten", Map.of("axis", 1L), Graph.Type.FLOAT, new long[] {Graph.DYNAMIC, 12}, x);
        String w = g.constant("fc.weight", new float[36], 3, 12);
        String b = g.constant("fc.bias", new float[3], 3);
        g.output(g.opNamed("logits", "Gemm", Map.of("transB", 1L), Graph.Type.FLOAT, new long[] {Graph.DYNAMIC, 3}, flat, w, b));
        return g;
    }

    @Test
    void aGraphOfSupportedOperatorsPasses() {
        ModelProto model = OnnxImportCheck.check(flattenGemm().toOnnx("torch_jit"), "model.onnx", RULES);
        assertEquals(2, model.getGraph().getNodeCount());
        assertEquals(2, model.getGraph().getInitializerCount());
    }

    @Test
    void everyUnsupportedOperatorIsNamedWithItsNodeInOneError() {
        Graph g = flattenGemm();
        String erf = g.op("Erf", Map.of(), Graph.Type.FLOAT, new long[] {Graph.DYNAMIC, 3}, "logits");
        g.output(g.op("HardSwish", Map.of(), Graph.Type.FLOAT, new long[] {Graph.DYNAMIC, 3}, erf));
        InputException e = assertThrows(InputException.class,
                () -> OnnxImportCheck.check(g.toOnnx("torch_jit"), "model.onnx", RULES));
        assertEquals("model.onnx: unsupported operator Erf at node 'Erf_2'; unsupported operator HardSwish at node 'HardSwish_3'",
                e.getMessage());
    }

    @Test
    void anOpsetOlderThan13IsRefusedNamingTheExportFlag() {
        ModelProto old = ModelProto.newBuilder(OnnxImportCheck.check(flattenGemm().toOnnx("g"), "m", RULES))
                .setOpsetImport(0, OperatorSetIdProto.newBuilder().setDomain("").setVersion(11)).build();
        InputException e = assertThrows(InputException.class,
                () -> OnnxImportCheck.check(old.toByteArray(), "old.onnx", RULES));
        assertEquals("old.onnx: opset 11 for the default ONNX domain; export with opset_version >= 13", e.getMessage());
    }

    @Test
    void bytesThatAreNotAModelAreOneError() {
        InputException e = assertThrows(InputException.class,
                () -> OnnxImportCheck.check(new byte[] {(byte) 0xff, 1, 2}, "junk.onnx", RULES));
        assertEquals(true, e.getMessage().startsWith("junk.onnx: not an ONNX model"), e.getMessage());
    }

    @Test
    void dropoutIsRefusedWithItsReasonAndNode() {
        Graph g = flattenGemm();
        g.output(g.op("Dropout", Map.of(), Graph.Type.FLOAT, new long[] {Graph.DYNAMIC, 3}, "logits"));
        InputException e = assertThrows(InputException.class,
                () -> OnnxImportCheck.check(g.toOnnx("torch_jit"), "model.onnx", RULES));
        assertEquals("model.onnx: Dropout at node 'Dropout_2': " + StandardRules.REFUSED.get("Dropout"), e.getMessage());
    }
}
