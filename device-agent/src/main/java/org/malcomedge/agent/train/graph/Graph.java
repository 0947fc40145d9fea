package org.malcomedge.agent.train.graph;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.malcomedge.agent.train.onnx.AttributeProto;
import org.malcomedge.agent.train.onnx.GraphProto;
import org.malcomedge.agent.train.onnx.ModelProto;
import org.malcomedge.agent.train.onnx.NodeProto;
import org.malcomedge.agent.train.onnx.OperatorSetIdProto;
import org.malcomedge.agent.train.onnx.TensorProto;
import org.malcomedge.agent.train.onnx.TensorShapeProto;
import org.malcomedge.agent.train.onnx.TypeProto;
import org.malcomedge.agent.train.onnx.ValueInfoProto;

/**
 * An ONNX graph under construction: typed inputs, constant initializers and nodes in topological
 * order. Every value carries its element type and static shape ({@link #DYNAMIC} for a dimension
 * known only at run time, such as the batch), which the gradient rules use to undo broadcasting.
 * Serializes to an ONNX model of {@link #OPSET}.
 */
public final class Graph {

    /** The ai.onnx operator set every graph targets (operator semantics as of ONNX 1.12). */
    public static final int OPSET = 17;
    /** ONNX IR version 8 goes with opset 17. */
    static final int IR_VERSION = 8;
    /** A dimension known only at run time. */
    public static final long DYNAMIC = -1;

    /** Element types, with their ONNX TensorProto.DataType codes. */
    public enum Type {
        FLOAT(1), INT32(6), INT64(7), BOOL(9);

        final int onnxCode;

        Type(int onnxCode) {
            this.onnxCode = onnxCode;
        }
    }

    /** A value's element type and static shape. */
    public record ValueType(Type type, long[] shape) {
        public int rank() {
            return shape.length;
        }
    }

    private final List<String> inputs = new ArrayList<>();
    private final List<String> outputs = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, ValueType> types = new LinkedHashMap<>();
    private final Map<String, TensorValue> constants = new LinkedHashMap<>();
    private int fresh;

    /** Declares a graph input. */
    public String input(String name, Type type, long... shape) {
        declare(name, type, shape);
        inputs.add(name);
        return name;
    }

    /** Marks an existing value as a graph output. */
    public void output(String name) {
        if (!types.containsKey(name)) {
            throw new IllegalArgumentException("no value named " + name);
        }
        outputs.add(name);
    }

    /** A float initializer, e.g. a trained weight. */
    public String constant(String name, float[] values, long... shape) {
        declare(name, Type.FLOAT, shape);
        constants.put(name, TensorValue.floats(values, shape));
        return name;
    }

    /** A float constant with a generated name. */
    public String constant(float[] values, long... shape) {
        return constant(freshName("c"), values, shape);
    }

    /** A scalar float constant. */
    public String scalar(float value) {
        return constant(new float[] {value});
    }

    /** A 1-D int64 constant, the type ONNX wants for shapes, axes and slice bounds. */
    public String int64s(long... values) {
        String name = freshName("c");
        declare(name, Type.INT64, new long[] {values.length});
        constants.put(name, TensorValue.int64s(values));
        return name;
    }

    /** The values of an int64 constant, or null when {@code name} is not one. */
    public long[] int64Values(String name) {
        TensorValue c = constants.get(name);
        return c == null || c.longs() == null ? null : c.longs().clone();
    }

    /** The values of a float constant, or null when {@code name} is not one. */
    public float[] floatValues(String name) {
        TensorValue c = constants.get(name);
        return c == null || c.floats() == null ? null : c.floats().clone();
    }

    /** The names of the constants (initializers), in definition order. */
    public List<String> constants() {
        return List.copyOf(constants.keySet());
    }

    /** Whether {@code name} is a constant (an initializer). */
    public boolean isConstant(String name) {
        return constants.containsKey(name);
    }

    /**
     * Appends a node with several float outputs of the given shapes (e.g. MaxPool's values and
     * indices); {@code types[i]} and {@code shapes[i]} describe output i. Returns the output names.
     */
    public String[] ops(String opType, Map<String, Object> attributes, Type[] types, long[][] shapes, String... inputs) {
        checkInputs(opType, inputs);
        String[] names = new String[types.length];
        for (int i = 0; i < names.length; i++) {
            names[i] = freshName(opType.toLowerCase());
            declare(names[i], types[i], shapes[i]);
        }
        nodes.add(new Node(opType, List.of(inputs), List.of(names), attributes));
        return names;
    }

    /** Appends a node with one output of the given type and shape; returns the output's name. */
    public String op(String opType, Map<String, Object> attributes, Type type, long[] shape, String... inputs) {
        return opNamed(freshName(opType.toLowerCase()), opType, attributes, type, shape, inputs);
    }

    /** Like {@link #op} with a chosen output name (for graph outputs such as "loss"). */
    public String opNamed(String output, String opType, Map<String, Object> attributes, Type type, long[] shape, String... inputs) {
        checkInputs(opType, inputs);
        declare(output, type, shape);
        nodes.add(new Node(opType, List.of(inputs), List.of(output), attributes));
        return output;
    }

    /** Shorthand for a float op whose output has the shape of {@code shapeLike}. */
    public String floatOp(String opType, Map<String, Object> attributes, String shapeLike, String... inputs) {
        return op(opType, attributes, Type.FLOAT, shape(shapeLike), inputs);
    }

    public ValueType typeOf(String name) {
        ValueType t = types.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no value named " + name);
        }
        return t;
    }

    public long[] shape(String name) {
        return typeOf(name).shape().clone();
    }

    public List<Node> nodes() {
        return Collections.unmodifiableList(nodes);
    }

    public List<String> inputs() {
        return Collections.unmodifiableList(inputs);
    }

    public List<String> outputs() {
        return Collections.unmodifiableList(outputs);
    }

    /** A copy with the same inputs, constants and nodes, and no outputs. */
    public Graph copyWithoutOutputs() {
        Graph copy = new Graph();
        copy.inputs.addAll(inputs);
        copy.nodes.addAll(nodes);
        copy.types.putAll(types);
        copy.constants.putAll(constants);
        copy.fresh = fresh;
        return copy;
    }

    private void checkInputs(String opType, String... inputs) {
        for (String input : inputs) {
            if (!input.isEmpty() && !types.containsKey(input)) {
                throw new IllegalArgumentException(opType + ": no value named " + input);
            }
        }
    }

    private void declare(String name, Type type, long[] shape) {
        if (types.putIfAbsent(name, new ValueType(type, shape.clone())) != null) {
            throw new IllegalArgumentException("value " + name + " defined twice");
        }
    }

    private String freshName(String prefix) {
        String name;
        do {
            name = prefix + "_" + fresh++;
        } while (types.containsKey(name));
        return name;
    }

    /** The serialized ONNX model. */
    public byte[] toOnnx(String graphName) {
        GraphProto.Builder graph = GraphProto.newBuilder().setName(graphName);
        inputs.forEach(name -> graph.addInput(valueInfo(name)));
        outputs.forEach(name -> graph.addOutput(valueInfo(name)));
        constants.forEach((name, c) -> graph.addInitializer(tensor(name, c)));
        int index = 0;
        for (Node node : nodes) {
            NodeProto.Builder proto = NodeProto.newBuilder()
                    .setName(node.opType() + "_" + index++)
                    .setOpType(node.opType())
                    .addAllInput(node.inputs())
                    .addAllOutput(node.outputs());
            node.attributes().forEach((key, value) -> proto.addAttribute(attribute(key, value)));
            graph.addNode(proto);
        }
        return ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName("malcom-edge")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph)
                .build()
                .toByteArray();
    }

    private ValueInfoProto valueInfo(String name) {
        ValueType t = typeOf(name);
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        int symbolic = 0;
        for (long dim : t.shape()) {
            shape.addDim(dim == DYNAMIC
                    ? TensorShapeProto.Dimension.newBuilder().setDimParam(symbolic++ == 0 ? "batch" : "dim" + symbolic)
                    : TensorShapeProto.Dimension.newBuilder().setDimValue(dim));
        }
        return ValueInfoProto.newBuilder()
                .setName(name)
                .setType(TypeProto.newBuilder().setTensorType(
                        TypeProto.Tensor.newBuilder().setElemType(t.type().onnxCode).setShape(shape)))
                .build();
    }

    private static TensorProto tensor(String name, TensorValue c) {
        ByteBuffer raw;
        if (c.floats() != null) {
            raw = ByteBuffer.allocate(4 * c.floats().length).order(ByteOrder.LITTLE_ENDIAN);
            raw.asFloatBuffer().put(c.floats());
        } else {
            raw = ByteBuffer.allocate(8 * c.longs().length).order(ByteOrder.LITTLE_ENDIAN);
            raw.asLongBuffer().put(c.longs());
        }
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(name).setDataType(c.type().onnxCode)
                .setRawData(ByteString.copyFrom(raw.array()));
        Arrays.stream(c.shape()).forEach(tensor::addDims);
        return tensor.build();
    }

    private static AttributeProto attribute(String name, Object value) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name);
        if (value instanceof Long i) {
            a.setType(AttributeProto.AttributeType.INT).setI(i);
        } else if (value instanceof Float f) {
            a.setType(AttributeProto.AttributeType.FLOAT).setF(f);
        } else if (value instanceof String s) {
            a.setType(AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8(s));
        } else if (value instanceof long[] ints) {
            a.setType(AttributeProto.AttributeType.INTS);
            Arrays.stream(ints).forEach(a::addInts);
        } else if (value instanceof TensorValue t) {
            a.setType(AttributeProto.AttributeType.TENSOR).setT(tensor("", t));
        } else if (value instanceof float[] floats) {
            a.setType(AttributeProto.AttributeType.FLOATS);
            for (float f : floats) {
                a.addFloats(f);
            }
        } else {
            throw new IllegalArgumentException("attribute " + name + ": unsupported value " + value);
        }
        return a.build();
    }
}
