package org.malcomedge.agent.selftest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.malcomedge.agent.link.mqtt.PemTls;
import org.malcomedge.firmware.config.DeviceConfig;

/**
 * The clock is sane: not before {@link #EARLIEST} (a Raspberry Pi has no RTC: until NTP answers it
 * boots at the last shutdown's time or at 1970), and, with TLS, inside the validity of the CA and
 * the device's certificate, which a wrong clock makes look expired or not yet valid. Says whether
 * systemd-timesyncd has synchronized it (its flag file), which is information, not a failure.
 */
public final class ClockCheck implements SelfCheck {

    /** When this check was written: a clock before it is certainly wrong. */
    public static final Instant EARLIEST = Instant.parse("2026-12-01T00:00:00Z");
    public static final Path TIMESYNC_FLAG = Path.of("/run/systemd/timesync/synchronized");

    private final Clock clock;
    private final Supplier<Optional<DeviceConfig.Tls>> tls;
    private final Path syncFlag;

    /** @param tls the config's TLS files, asked for when the check runs (empty: no TLS, or no config) */
    public ClockCheck(Clock clock, Supplier<Optional<DeviceConfig.Tls>> tls, Path syncFlag) {
        this.clock = clock;
        this.tls = tls;
        this.syncFlag = syncFlag;
    }

    @Override
    public String name() {
        return "clock";
    }

    @Override
    public Outcome run() {
        Instant now = clock.instant();
        String synced = Files.exists(syncFlag) ? "synchronized (systemd-timesyncd)" : "not known to be synchronized";
        if (now.isBefore(EARLIEST)) {
            return Outcome.fail("the clock says " + now + ", before " + EARLIEST + ": not set yet (no RTC, no time "
                    + "sync yet?); TLS certificates look not yet valid until it is; " + synced);
        }
        List<String> wrong = new ArrayList<>();
        tls.get().ifPresent(files -> {
            check("broker.tls.ca " + files.ca(), files.ca(), now, wrong);
            files.cert().ifPresent(cert -> check("broker.tls.cert " + cert, cert, now, wrong));
        });
        if (!wrong.isEmpty()) {
            return Outcome.fail("the clock says " + now + ", " + String.join("; ", wrong) + "; " + synced);
        }
        return Outcome.pass(now + ", " + synced + (tls.get().isPresent() ? ", inside the TLS certificates' validity" : ""));
    }

    private static void check(String what, Path file, Instant now, List<String> wrong) {
        for (Certificate certificate : PemTls.certificates(file)) {
            if (certificate instanceof X509Certificate x509) {
                if (now.isBefore(x509.getNotBefore().toInstant())) {
                    wrong.add(what + " is valid only from " + x509.getNotBefore().toInstant());
                } else if (now.isAfter(x509.getNotAfter().toInstant())) {
                    wrong.add(what + " expired on " + x509.getNotAfter().toInstant());
                }
            }
        }
    }
}
