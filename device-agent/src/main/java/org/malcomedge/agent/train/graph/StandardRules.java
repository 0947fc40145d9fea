package org.malcomedge.agent.train.graph;

import java.util.Map;

/**
 * All gradient rules (ONNX opset {@value Graph#OPSET} semantics): the table of operators and the
 * rule families that hold them, {@link LinearRules}, {@link ElementwiseRules}, {@link ShapeRules},
 * {@link ReductionRules}, {@link ConvRules}.
 */
final class StandardRules {

    /**
     * Operators refused with a reason wherever they appear in a model to train. Dropout: a train
     * step would need a mask drawn alike on ORT and Java and again by a resumed node (seeded per
     * node and round, fed in as an input), and identity at training time would be silently wrong.
     */
    static final Map<String, String> REFUSED = Map.of("Dropout",
            "training with dropout is not supported (no deterministic mask yet); export the model in eval mode"
                    + " (model.eval() before torch.onnx.export) so that it has no Dropout node");

    private StandardRules() {
    }

    static void register(TrainStepCompiler compiler) {
        // LinearRules
        compiler.rule("Gemm", LinearRules::gemm);
        compiler.rule("MatMul", LinearRules::matMul);
        // ElementwiseRules
        compiler.rule("Add", ElementwiseRules::add);
        compiler.rule("Sub", ElementwiseRules::sub);
        compiler.rule("Mul", ElementwiseRules::mul);
        compiler.rule("Div", ElementwiseRules::div);
        compiler.rule("Relu", ElementwiseRules::relu);
        compiler.rule("LeakyRelu", ElementwiseRules::leakyRelu);
        compiler.rule("Sigmoid", ElementwiseRules::sigmoid);
        compiler.rule("Tanh", ElementwiseRules::tanh);
        compiler.rule("Sqrt", ElementwiseRules::sqrt);
        compiler.rule("Pow", ElementwiseRules::pow);
        // ShapeRules
        compiler.rule("Reshape", ShapeRules::reshape);
        compiler.rule("Flatten", ShapeRules::reshape);
        compiler.rule("Identity", ShapeRules::identity);
        compiler.rule("Slice", ShapeRules::slice);
        compiler.rule("Transpose", ShapeRules::transpose);
        compiler.rule("Concat", ShapeRules::concat);
        // ReductionRules
        compiler.rule("SoftmaxCrossEntropyLoss", ReductionRules::softmaxCrossEntropy);
        compiler.rule("Softmax", ReductionRules::softmax);
        compiler.rule("LogSoftmax", ReductionRules::logSoftmax);
        compiler.rule("ReduceSum", ReductionRules::reduceSum);
        compiler.rule("ReduceMean", ReductionRules::reduceMean);
        // ConvRules
        compiler.rule("Conv", ConvRules::conv);
        compiler.rule("MaxPool", ConvRules::maxPool);
        compiler.rule("AveragePool", ConvRules::averagePool);
        compiler.rule("GlobalAveragePool", ConvRules::globalAveragePool);
    }
}
