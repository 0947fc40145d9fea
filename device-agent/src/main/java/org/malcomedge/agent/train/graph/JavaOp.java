package org.malcomedge.agent.train.graph;

/**
 * One ONNX operator in the Java backend ({@link JavaGraph}): its forward computation and its
 * vector-Jacobian product, the same mathematics as the operator's {@link GradientRule} on ORT.
 */
interface JavaOp {

    /** The node's outputs for the given inputs (an absent optional input is null). */
    Tensor[] forward(Node node, Tensor[] inputs);

    /**
     * The gradients of the inputs with {@code needs[i]} set, given the gradient of the first output
     * (null entries elsewhere).
     */
    Tensor[] backward(Node node, Tensor[] inputs, Tensor[] outputs, Tensor dy, boolean[] needs);

    /** An operator with one output. */
    interface Single extends JavaOp {
        Tensor apply(Node node, Tensor[] inputs);

        @Override
        default Tensor[] forward(Node node, Tensor[] inputs) {
            return new Tensor[] {apply(node, inputs)};
        }
    }
}
