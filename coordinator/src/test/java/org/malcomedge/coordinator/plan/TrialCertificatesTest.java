package org.malcomedge.coordinator.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@link TrialCertificates} checks before it runs openssl. */
class TrialCertificatesTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    @Test
    void theBrokerIsAlwaysReachableAsLocalhostAndByItsGivenNames() {
        assertEquals(List.of("DNS:pi-broker.local", "IP:192.168.1.10", "IP:0:0:0:0:0:0:0:1", "DNS:localhost", "IP:127.0.0.1"),
                TrialCertificates.subjectAltNames(List.of("Pi-Broker.local", " 192.168.1.10", "::1", "localhost")));
    }

    @Test
    void namesThatCannotStandInACertificateAreRefusedByName() {
        for (String host : List.of("999.1.1.1", "bad host", "a,DNS:evil", "10.0.0", "")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TrialCertificates.subjectAltNames(List.of(host)), host);
            assertTrue(e.getMessage().contains("'" + host + "'"), e.getMessage());
        }
        Path nowhere = Path.of("never-written");
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> TrialCertificates.generate(nowhere, List.of("n1", "n1"), List.of(), Duration.ofDays(1)));
        assertTrue(twice.getMessage().contains("'n1' is given twice"), twice.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> TrialCertificates.generate(nowhere, List.of("n1/CN=x"), List.of(), Duration.ofDays(1)));
    }

    @Test
    void validityRunsFromAnHourAgoAndANegativeOneHasAlreadyEnded() {
        TrialCertificates.Period days = TrialCertificates.Period.of(NOW, Duration.ofDays(30));
        assertEquals(NOW.minus(Duration.ofHours(1)), days.start());
        assertEquals(NOW.plus(Duration.ofDays(30)), days.end());
        TrialCertificates.Period expired = TrialCertificates.Period.of(NOW, Duration.ofDays(-1));
        assertEquals(NOW.minus(Duration.ofDays(1)), expired.end());
        assertTrue(expired.start().isBefore(expired.end()));
    }
}
