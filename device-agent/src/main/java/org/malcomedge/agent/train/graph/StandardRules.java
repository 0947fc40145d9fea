package org.malcomedge.agent.train.graph;

/**
 * All gradient rules (ONNX opset {@value Graph#OPSET} semantics), by family: {@link LinearRules},
 * {@link ElementwiseRules}, {@link ShapeRules}, {@link ReductionRules}, {@link ConvRules}.
 */
final class StandardRules {

    private StandardRules() {
    }

    static void register(TrainStepCompiler compiler) {
        LinearRules.register(compiler);
        ElementwiseRules.register(compiler);
        ShapeRules.register(compiler);
        ReductionRules.register(compiler);
        ConvRules.register(compiler);
    }
}
