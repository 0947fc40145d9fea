package org.malcomedge.agent.train;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.malcomedge.agent.InputException;

/**
 * Parses the layers of {@code cnn:[CxHxW,]LAYER[,LAYER...]} (device-agent/README.md): the
 * feature stages on [C, H, W] maps, then the widths of the hidden Dense layers. {@code cnn:lenet5}
 * names {@value #LENET5}.
 */
final class CnnSyntax {

    static final String LENET5 = "c6k5p2,max2,c16k5,max2,fc120,fc84";
    private static final String GRAMMAR = "c<filters>[k<kernel>][s<stride>][p<pad>], max<kernel>[s<stride>][p<pad>],"
            + " avg<kernel>[s<stride>][p<pad>], gap or fc<width>";
    private static final Pattern IMAGE = Pattern.compile("(\\d+)x(\\d+)x(\\d+)");
    private static final Pattern CONV = Pattern.compile("c(\\d+)(?:k(\\d+))?(?:s(\\d+))?(?:p(\\d+))?");
    private static final Pattern POOL = Pattern.compile("(max|avg)(\\d+)(?:s(\\d+))?(?:p(\\d+))?");
    private static final Pattern DENSE = Pattern.compile("fc(\\d+)");

    /** The parsed architecture: input maps, feature stages (offsets from 0) and hidden Dense widths. */
    record Parsed(int channels, int height, int width, List<ModelSpec.Stage> stages, int[] hidden) {
    }

    private CnnSyntax() {
    }

    /** @param body the spec after {@code cnn:} */
    static Parsed parse(String spec, String body, int inputs) {
        String text = body.strip().equals("lenet5") ? LENET5 : body.strip();
        if (text.isEmpty()) {
            throw new InputException("model '" + spec + "': expected cnn:lenet5 or cnn:[CxHxW,]LAYER,... with layers " + GRAMMAR);
        }
        List<String> tokens = new ArrayList<>(List.of(text.split(",", -1)));
        int[] image = image(spec, tokens, inputs);
        List<ModelSpec.Stage> stages = new ArrayList<>();
        List<Integer> hidden = new ArrayList<>();
        int channels = image[0];
        int height = image[1];
        int width = image[2];
        int offset = 0;
        for (String raw : tokens) {
            String token = raw.strip();
            Matcher conv = CONV.matcher(token);
            Matcher pool = POOL.matcher(token);
            Matcher dense = DENSE.matcher(token);
            ModelSpec.Stage stage;
            if (dense.matches()) {
                hidden.add(positive(spec, token, dense.group(1)));
                continue;
            } else if (!hidden.isEmpty() && (conv.matches() || pool.matches() || token.equals("gap"))) {
                throw new InputException("model '" + spec + "': layer '" + token + "' comes after a dense layer; feature layers go first");
            } else if (conv.matches()) {
                int kernel = or(spec, token, conv.group(2), 3);
                stage = ModelSpec.Stage.window(spec, token, ModelSpec.Stage.Kind.CONV, channels, positive(spec, token, conv.group(1)),
                        height, width, kernel, or(spec, token, conv.group(3), 1), orZero(spec, token, conv.group(4)), offset);
            } else if (pool.matches()) {
                int kernel = positive(spec, token, pool.group(2));
                ModelSpec.Stage.Kind kind = pool.group(1).equals("max") ? ModelSpec.Stage.Kind.MAX_POOL : ModelSpec.Stage.Kind.AVERAGE_POOL;
                int pad = orZero(spec, token, pool.group(4));
                if (pad >= kernel) {
                    throw new InputException("model '" + spec + "': layer '" + token + "': the pad must be smaller than the kernel");
                }
                stage = ModelSpec.Stage.window(spec, token, kind, channels, channels, height, width, kernel,
                        or(spec, token, pool.group(3), kernel), pad, offset);
            } else if (token.equals("gap")) {
                stage = new ModelSpec.Stage(ModelSpec.Stage.Kind.GLOBAL_AVERAGE_POOL, channels, channels, height, width, 1, 1, 0, offset);
            } else {
                throw new InputException("model '" + spec + "': layer '" + token + "' is not " + GRAMMAR);
            }
            stages.add(stage);
            offset += stage.parameters();
            channels = stage.out();
            height = stage.outHeight();
            width = stage.outWidth();
        }
        return new Parsed(image[0], image[1], image[2], List.copyOf(stages), hidden.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The input maps: a leading CxHxW token, else one square channel when the features are a square. */
    private static int[] image(String spec, List<String> tokens, int inputs) {
        Matcher m = IMAGE.matcher(tokens.get(0).strip());
        if (m.matches()) {
            tokens.remove(0);
            int[] image = {positive(spec, m.group(), m.group(1)), positive(spec, m.group(), m.group(2)), positive(spec, m.group(), m.group(3))};
            if ((long) image[0] * image[1] * image[2] != inputs) {
                throw new InputException("model '" + spec + "': input " + m.group() + " is " + (long) image[0] * image[1] * image[2]
                        + " values, the dataset has " + inputs + " features");
            }
            return image;
        }
        int side = (int) Math.round(Math.sqrt(inputs));
        if (side * side != inputs) {
            throw new InputException("model '" + spec + "': " + inputs + " features are not a square image; give the input shape"
                    + " first, e.g. cnn:3x32x32,c6k5,...");
        }
        return new int[] {1, side, side};
    }

    private static int positive(String spec, String token, String digits) {
        return atLeast(spec, token, digits, 1);
    }

    private static int atLeast(String spec, String token, String digits, int least) {
        try {
            int value = Integer.parseInt(digits);
            if (value >= least) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InputException("model '" + spec + "': layer '" + token + "': " + digits + " is not " + (least == 1 ? "a positive" : "an")
                + " integer" + (least == 1 ? "" : " >= " + least));
    }

    private static int or(String spec, String token, String digits, int fallback) {
        return digits == null ? fallback : positive(spec, token, digits);
    }

    private static int orZero(String spec, String token, String digits) {
        return digits == null ? 0 : atLeast(spec, token, digits, 0);
    }
}
