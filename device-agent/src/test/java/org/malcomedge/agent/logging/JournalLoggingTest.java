package org.malcomedge.agent.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The journal's line layout: priorities on every line, no own timestamp; the plain layout elsewhere. */
class JournalLoggingTest {

    private static String format(boolean journal, Level level, String message, Throwable thrown) {
        LoggerContext context = new LoggerContext();
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.getInstanceConverterMap().put("priority", Priority.Prefix::new);
        layout.getInstanceConverterMap().put("priorityEx", Priority.PrefixedThrowable::new);
        layout.setPattern(LogPattern.of(journal));
        layout.start();
        Logger logger = context.getLogger("org.malcomedge.agent.device.FleetAgent");
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, level, message, thrown, null);
        event.setTimeStamp(0);
        return layout.doLayout(event);
    }

    @Test
    void inTheJournalEveryLineCarriesItsPriorityAndNoTime() {
        assertEquals("<6>FleetAgent - n0: connected to tcp://b:1883" + System.lineSeparator(),
                format(true, Level.INFO, "n0: connected to tcp://b:1883", null));
        assertEquals("<4>FleetAgent - n0: broker unreachable" + System.lineSeparator(),
                format(true, Level.WARN, "n0: broker unreachable", null));
        assertTrue(format(true, Level.DEBUG, "x", null).startsWith("<7>"));
        String failure = format(true, Level.ERROR, "failed", new IllegalStateException("boom"));
        String[] lines = failure.split(System.lineSeparator());
        assertTrue(lines.length > 2, failure);
        for (String line : lines) {
            assertTrue(line.startsWith("<3>"), "every line of a stack trace is an error entry: " + line);
        }
        assertTrue(lines[1].startsWith("<3>java.lang.IllegalStateException: boom"), failure);
    }

    @Test
    void elsewhereLinesKeepTheirTimeAndLevel() {
        String line = format(false, Level.WARN, "n0: broker unreachable", null);
        assertTrue(line.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  FleetAgent - n0: broker unreachable\\R"), line);
        assertFalse(line.startsWith("<"));
    }

    @Test
    void journalStreamCountsOnlyWhileStderrIsThatStream() {
        assertTrue(JournalStream.isStderr(Map.of("JOURNAL_STREAM", "8:12345"), () -> Optional.of("8:12345")));
        assertFalse(JournalStream.isStderr(Map.of("JOURNAL_STREAM", "8:12345"), () -> Optional.of("8:999")),
                "stderr redirected by a wrapper: not the journal");
        assertTrue(JournalStream.isStderr(Map.of("JOURNAL_STREAM", "8:12345"), Optional::empty), "unknown: trust it");
        assertFalse(JournalStream.isStderr(Map.of(), () -> Optional.of("8:12345")));
        assertFalse(JournalStream.isStderr(Map.of("JOURNAL_STREAM", ""), Optional::empty));
    }
}
