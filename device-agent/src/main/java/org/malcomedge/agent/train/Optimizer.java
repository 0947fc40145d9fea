package org.malcomedge.agent.train;

/**
 * Proximal SGD on the flat parameter vector (DESIGN.md section 2): with momentum mu,
 * v = mu v + g and theta = theta - eta v (plain SGD when mu = 0), then, when lambda > 0, the l1
 * proximal step theta = prox_{eta lambda}(theta), which sets small parameters exactly to zero.
 * One instance per model (it holds the velocity).
 */
public final class Optimizer {

    private final float eta;
    private final float momentum;
    private final float lambda;
    private float[] velocity;

    public Optimizer(float eta, float momentum, float lambda) {
        if (!(eta > 0) || !(momentum >= 0 && momentum < 1) || !(lambda >= 0)) {
            throw new IllegalArgumentException("need eta > 0, 0 <= momentum < 1, lambda >= 0; got eta=" + eta
                    + " momentum=" + momentum + " lambda=" + lambda);
        }
        this.eta = eta;
        this.momentum = momentum;
        this.lambda = lambda;
    }

    /** Plain SGD with step {@code eta} and l1 weight {@code lambda}. */
    public static Optimizer sgd(float eta, float lambda) {
        return new Optimizer(eta, 0f, lambda);
    }

    /** One step on {@code theta} in place. */
    public void step(float[] theta, float[] gradient) {
        float[] direction = gradient;
        if (momentum > 0) {
            if (velocity == null) {
                velocity = new float[theta.length];
            }
            for (int k = 0; k < theta.length; k++) {
                velocity[k] = momentum * velocity[k] + gradient[k];
            }
            direction = velocity;
        }
        for (int k = 0; k < theta.length; k++) {
            theta[k] -= eta * direction[k];
        }
        if (lambda > 0) {
            prox(theta, eta * lambda);
        }
    }

    /** prox_a(v)_k = sign(v_k) max(|v_k| - a, 0), in place: every |v_k| <= a becomes exactly 0. */
    public static void prox(float[] v, float a) {
        for (int k = 0; k < v.length; k++) {
            float shrunk = Math.abs(v[k]) - a;
            v[k] = shrunk > 0 ? Math.copySign(shrunk, v[k]) : 0f;
        }
    }

    public float eta() {
        return eta;
    }

    public float lambda() {
        return lambda;
    }
}
