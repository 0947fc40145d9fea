package org.malcomedge.agent.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.malcomedge.firmware.config.DeviceConfig.Backend;

class TrainersTest {

    private static final ModelSpec SPEC = ModelSpec.parse("mlp:4", 3, 2);

    @Test
    void autoAndOrtUseOrtWhenItLoadsJavaOnRequest() {
        assertTrue(Trainers.ortAvailable());
        assertEquals("ort", Trainers.create(SPEC, Backend.AUTO, 1).backend());
        assertEquals("ort", Trainers.create(SPEC, Backend.ORT, 2).backend());
        assertEquals("java", Trainers.create(SPEC, Backend.JAVA, 1).backend());
        assertThrows(IllegalArgumentException.class, () -> Trainers.create(SPEC, Backend.AUTO, 0));
    }

    @Test
    void fallsBackToJavaWhenOrtNativesCannotLoad() {
        Optional<String> reason = Optional.of("UnsatisfiedLinkError: no onnxruntime in java.library.path");
        assertEquals("java", Trainers.create(SPEC, Backend.AUTO, 1, () -> reason).backend());
        assertEquals("java", Trainers.create(SPEC, Backend.ORT, 1, () -> reason).backend());
    }

    @Test
    void theJavaBackendDoesNotProbeOrt() {
        // The probe loads ORT's natives: a backend: java agent must not carry them (nor their threads).
        Trainer java = Trainers.create(SPEC, Backend.JAVA, 1, () -> {
            throw new AssertionError("probed ONNX Runtime for the Java backend");
        });
        assertEquals("java", java.backend());
    }

    @Test
    void trainersOfOneModelShareTheCompiledSessions() {
        try (Trainer a = Trainers.create(SPEC, Backend.ORT, 1); Trainer b = Trainers.create(SPEC, Backend.ORT, 1)) {
            assertTrue(((OrtTrainer) a).model() == ((OrtTrainer) b).model());
        }
    }
}
