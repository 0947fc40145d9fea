package org.malcomedge.agent.train.graph;

/**
 * A constant tensor: an initializer's value, or the {@code value} attribute of a Constant node
 * (PyTorch writes its shapes as Constant int64 tensors feeding Reshape). Exactly one of
 * {@code floats} and {@code longs} is set, by {@code type}.
 */
public record TensorValue(Graph.Type type, long[] shape, long[] longs, float[] floats) {

    /** A float tensor of this shape (row-major values). */
    public static TensorValue floats(float[] values, long... shape) {
        return new TensorValue(Graph.Type.FLOAT, shape.clone(), null, values.clone());
    }

    /** A 1-D int64 tensor, the type ONNX wants for shapes and axes. */
    public static TensorValue int64s(long... values) {
        return new TensorValue(Graph.Type.INT64, new long[] {values.length}, values.clone(), null);
    }
}
