package org.malcomedge.agent.train.graph;

/**
 * The backward pass of one ONNX operator: reads the gradients of the node's outputs from
 * {@link Backward#gradient} and adds the gradients of those inputs that need one
 * ({@link Backward#needsGradient}) with {@link Backward#add} or {@link Backward#addSlice}, emitting
 * standard ONNX operators into {@link Backward#graph}.
 */
@FunctionalInterface
public interface GradientRule {

    void backward(Node node, Backward backward);
}
