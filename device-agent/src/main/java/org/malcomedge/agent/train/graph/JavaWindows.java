package org.malcomedge.agent.train.graph;

import java.util.Map;

/**
 * The 2-D window operators in Java on NCHW tensors: Conv (group 1), MaxPool, AveragePool,
 * GlobalAveragePool. A window's taps are tabulated once per call ({@link Taps}), so the forward
 * pass and the gradients are plain loops over the same table.
 */
final class JavaWindows {

    /**
     * For output position pq (of ho x wo) and tap t (channel c, kernel row i, column j, flattened
     * as (c kh + i) kw + j), the offset of the input element within one sample, or -1 in the padding.
     */
    private record Taps(int[] offset, int perPosition, int positions, int[] outShape) {
        static Taps of(Node node, Tensor x, int channels, long[] kernel) {
            if (x.rank() != 4) {
                throw new UnsupportedOperationException(node.opType() + " (output " + node.output() + "): only [N, C, H, W] inputs are supported");
            }
            Window w = Window.of(node, kernel);
            int h = x.dim(2);
            int wd = x.dim(3);
            int ho = w.out(0, h);
            int wo = w.out(1, wd);
            int kh = w.kernel()[0];
            int kw = w.kernel()[1];
            int per = channels * kh * kw;
            int[] offset = new int[ho * wo * per];
            for (int p = 0; p < ho; p++) {
                for (int q = 0; q < wo; q++) {
                    for (int c = 0; c < channels; c++) {
                        for (int i = 0; i < kh; i++) {
                            for (int j = 0; j < kw; j++) {
                                int hi = w.start(0, p) + i * w.dilations()[0];
                                int wi = w.start(1, q) + j * w.dilations()[1];
                                boolean inside = hi >= 0 && hi < h && wi >= 0 && wi < wd;
                                offset[(p * wo + q) * per + (c * kh + i) * kw + j] = inside ? (c * h + hi) * wd + wi : -1;
                            }
                        }
                    }
                }
            }
            return new Taps(offset, per, ho * wo, new int[] {ho, wo});
        }
    }

    private JavaWindows() {
    }

    static void register(Map<String, JavaOp> ops) {
        ops.put("Conv", new JavaOp.Single() {
            @Override
            public Tensor apply(Node node, Tensor[] in) {
                return conv(node, in, null, new boolean[in.length])[0];
            }

            @Override
            public Tensor[] backward(Node node, Tensor[] in, Tensor[] out, Tensor dy, boolean[] needs) {
                Tensor[] all = conv(node, in, dy, needs);
                return java.util.Arrays.copyOfRange(all, 1, 1 + in.length);
            }
        });
        ops.put("MaxPool", pool(true));
        ops.put("AveragePool", pool(false));
        ops.put("GlobalAveragePool", new JavaOp.Single() {
            @Override
            public Tensor apply(Node node, Tensor[] in) {
                Tensor x = in[0];
                int plane = x.dim(2) * x.dim(3);
                double[] y = new double[x.dim(0) * x.dim(1)];
                for (int i = 0; i < x.size(); i++) {
                    y[i / plane] += x.data()[i] / plane;
                }
                return new Tensor(new int[] {x.dim(0), x.dim(1), 1, 1}, y);
            }

            @Override
            public Tensor[] backward(Node node, Tensor[] in, Tensor[] out, Tensor dy, boolean[] needs) {
                Tensor x = in[0];
                int plane = x.dim(2) * x.dim(3);
                double[] g = new double[x.size()];
                for (int i = 0; i < g.length; i++) {
                    g[i] = dy.data()[i / plane] / plane;
                }
                return new Tensor[] {new Tensor(x.shape(), g)};
            }
        });
    }

    /** Conv: without dy {y}, with dy {null, dX, dW, db} (null where not needed). */
    private static Tensor[] conv(Node node, Tensor[] in, Tensor dy, boolean[] needs) {
        Tensor x = in[0];
        Tensor w = in[1];
        Tensor b = in.length > 2 ? in[2] : null;
        if (node.intAttribute("group", 1) != 1) {
            throw new UnsupportedOperationException("Conv (output " + node.output() + "): only group=1 is supported");
        }
        int n = x.dim(0);
        int channels = x.dim(1);
        int m = w.dim(0);
        Taps taps = Taps.of(node, x, channels, new long[] {w.dim(2), w.dim(3)});
        int per = taps.perPosition();
        int positions = taps.positions();
        int sample = channels * x.dim(2) * x.dim(3);
        double[] xv = x.data();
        double[] wv = w.data();
        int[] yShape = {n, m, taps.outShape()[0], taps.outShape()[1]};
        double[] y = dy == null ? new double[Tensor.count(yShape)] : dy.data();
        double[] dx = needs[0] ? new double[xv.length] : null;
        double[] dw = needs[1] ? new double[wv.length] : null;
        double[] db = needs.length > 2 && needs[2] ? new double[m] : null;
        for (int s = 0; s < n; s++) {
            int xo = s * sample;
            for (int f = 0; f < m; f++) {
                for (int pq = 0; pq < positions; pq++) {
                    int yi = (s * m + f) * positions + pq;
                    int row = pq * per;
                    if (dy == null) {
                        double sum = b == null ? 0 : b.data()[f];
                        for (int t = 0; t < per; t++) {
                            int o = taps.offset()[row + t];
                            sum += o < 0 ? 0 : wv[f * per + t] * xv[xo + o];
                        }
                        y[yi] = sum;
                        continue;
                    }
                    double g = y[yi];
                    if (db != null) {
                        db[f] += g;
                    }
                    for (int t = 0; t < per; t++) {
                        int o = taps.offset()[row + t];
                        if (o < 0) {
                            continue;
                        }
                        if (dw != null) {
                            dw[f * per + t] += g * xv[xo + o];
                        }
                        if (dx != null) {
                            dx[xo + o] += g * wv[f * per + t];
                        }
                    }
                }
            }
        }
        if (dy == null) {
            return new Tensor[] {new Tensor(yShape, y)};
        }
        return new Tensor[] {null, dx == null ? null : new Tensor(x.shape(), dx), dw == null ? null : new Tensor(w.shape(), dw),
                db == null ? null : new Tensor(new int[] {m}, db)};
    }

    /** MaxPool (the gradient goes to the first maximum of each window) or AveragePool (count_include_pad as ONNX). */
    private static JavaOp pool(boolean max) {
        return new JavaOp.Single() {
            @Override
            public Tensor apply(Node node, Tensor[] in) {
                return run(node, in[0], null);
            }

            @Override
            public Tensor[] backward(Node node, Tensor[] in, Tensor[] out, Tensor dy, boolean[] needs) {
                return new Tensor[] {run(node, in[0], dy)};
            }

            /** The pooled values, or with dy the gradient of the input. */
            private Tensor run(Node node, Tensor x, Tensor dy) {
                if (max && node.intAttribute("storage_order", 0) != 0) {
                    throw new UnsupportedOperationException("MaxPool (output " + node.output() + "): only storage_order=0 is supported");
                }
                Taps taps = Taps.of(node, x, 1, null);
                int per = taps.perPosition();
                int positions = taps.positions();
                int plane = x.dim(2) * x.dim(3);
                int planes = x.dim(0) * x.dim(1);
                boolean includePad = node.intAttribute("count_include_pad", 0) == 1;
                double[] xv = x.data();
                double[] y = new double[planes * positions];
                double[] g = dy == null ? null : new double[xv.length];
                for (int c = 0; c < planes; c++) {
                    int base = c * plane;
                    for (int pq = 0; pq < positions; pq++) {
                        int row = pq * per;
                        int best = -1;
                        double sum = 0;
                        int count = 0;
                        for (int t = 0; t < per; t++) {
                            int o = taps.offset()[row + t];
                            if (o < 0) {
                                continue;
                            }
                            count++;
                            sum += xv[base + o];
                            best = best < 0 || xv[base + o] > xv[base + best] ? o : best;
                        }
                        int divisor = includePad ? per : count;
                        int yi = c * positions + pq;
                        y[yi] = max ? xv[base + best] : sum / divisor;
                        if (g == null) {
                            continue;
                        }
                        if (max) {
                            g[base + best] += dy.data()[yi];
                            continue;
                        }
                        for (int t = 0; t < per; t++) {
                            int o = taps.offset()[row + t];
                            if (o >= 0) {
                                g[base + o] += dy.data()[yi] / divisor;
                            }
                        }
                    }
                }
                return g != null ? new Tensor(x.shape(), g)
                        : new Tensor(new int[] {x.dim(0), x.dim(1), taps.outShape()[0], taps.outShape()[1]}, y);
            }
        };
    }
}
