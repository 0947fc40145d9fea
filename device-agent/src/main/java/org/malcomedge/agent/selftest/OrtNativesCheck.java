package org.malcomedge.agent.selftest;

import ai.onnxruntime.OrtEnvironment;

/** ONNX Runtime's native libraries load on this CPU and OS (they exist for linux x64 and aarch64). */
public final class OrtNativesCheck implements SelfCheck {

    @Override
    public String name() {
        return "onnxruntime natives";
    }

    @Override
    public Outcome run() {
        try {
            String version = OrtEnvironment.getEnvironment().getVersion();
            return Outcome.pass("ONNX Runtime " + version + " on " + platform());
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            // The Java backend still works here (trainer.backend: java or auto).
            return Outcome.fail("no ONNX Runtime natives for " + platform() + ": " + e.getMessage());
        }
    }

    private static String platform() {
        return System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT) + "-" + System.getProperty("os.arch");
    }
}
