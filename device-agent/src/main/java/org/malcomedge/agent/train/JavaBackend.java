package org.malcomedge.agent.train;

/** What the Java backends share: their name and nothing native to release. */
abstract class JavaBackend extends ModelTrainer {

    JavaBackend(ModelSpec spec) {
        super(spec);
    }

    @Override
    public final String backend() {
        return "java";
    }

    @Override
    public final void close() {
        // nothing native to release
    }
}
