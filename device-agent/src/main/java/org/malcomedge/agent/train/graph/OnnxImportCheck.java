package org.malcomedge.agent.train.graph;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.malcomedge.agent.InputException;
import org.malcomedge.agent.train.onnx.ModelProto;
import org.malcomedge.agent.train.onnx.NodeProto;
import org.malcomedge.agent.train.onnx.OperatorSetIdProto;

/**
 * The first step of {@code --model onnx:PATH} (issue 16): checks a user's forward graph before
 * anything starts. The model must parse, import the default ONNX domain at opset 13 or newer, and
 * use only operators the train-step compiler differentiates (plus Constant, which needs no rule:
 * it has no inputs). Every unsupported operator is named with its node, one line each, in a
 * single error.
 */
public final class OnnxImportCheck {

    /** The oldest opset whose operator semantics the rules follow (Softmax on one axis, Reshape). */
    public static final long MIN_OPSET = 13;

    /** Operators that need no gradient rule. */
    private static final Set<String> NEED_NO_RULE = Set.of("Constant");

    private OnnxImportCheck() {
    }

    /**
     * @param model  the serialized ONNX model
     * @param source where it came from, for messages (the path)
     * @return the parsed model
     * @throws InputException naming the source and every problem found
     */
    public static ModelProto check(byte[] model, String source, TrainStepCompiler compiler) {
        ModelProto proto;
        try {
            proto = ModelProto.parseFrom(model);
        } catch (InvalidProtocolBufferException e) {
            throw new InputException(source + ": not an ONNX model (" + e.getMessage() + ")", e);
        }
        if (!proto.hasGraph() || proto.getGraph().getNodeCount() == 0) {
            throw new InputException(source + ": the ONNX model has no graph nodes");
        }
        long opset = defaultOpset(proto);
        if (opset < MIN_OPSET) {
            throw new InputException(source + ": opset " + (opset < 0 ? "missing" : String.valueOf(opset))
                    + " for the default ONNX domain; export with opset_version >= " + MIN_OPSET);
        }
        List<String> unsupported = new ArrayList<>();
        int index = 0;
        for (NodeProto node : proto.getGraph().getNodeList()) {
            String op = node.getOpType();
            boolean foreignDomain = !isDefaultDomain(node.getDomain());
            String name = node.getName().isEmpty() ? "#" + index : "'" + node.getName() + "'";
            if (!foreignDomain && StandardRules.REFUSED.containsKey(op)) {
                unsupported.add(op + " at node " + name + ": " + StandardRules.REFUSED.get(op));
            } else if (foreignDomain || !(compiler.differentiates(op) || NEED_NO_RULE.contains(op))) {
                unsupported.add("unsupported operator " + (foreignDomain ? node.getDomain() + "." : "") + op
                        + " at node " + name);
            }
            index++;
        }
        if (!unsupported.isEmpty()) {
            throw new InputException(source + ": " + String.join("; ", unsupported));
        }
        return proto;
    }

    private static long defaultOpset(ModelProto proto) {
        long opset = -1;
        for (OperatorSetIdProto id : proto.getOpsetImportList()) {
            if (isDefaultDomain(id.getDomain())) {
                opset = id.getVersion();
            }
        }
        return opset;
    }

    /** The default ONNX operator set, named by the empty string or "ai.onnx". */
    private static boolean isDefaultDomain(String domain) {
        return domain.isEmpty() || domain.equals("ai.onnx");
    }
}
