package org.malcomedge.agent.logging;

import ch.qos.logback.core.PropertyDefinerBase;

/**
 * The layout of the agent's log lines ({@code logback.xml}'s {@code LOG_PATTERN}): on a terminal
 * or in a file, a time, the level and the logger; when stderr is the journal, which stamps each
 * line itself, a {@code <N>} syslog priority instead of the time and level, so that
 * {@code journalctl -p warning} shows the warnings and errors.
 */
public final class LogPattern extends PropertyDefinerBase {

    static final String PLAIN = "%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n";
    static final String JOURNAL = "%priority%logger{0} - %msg%n%priorityEx";

    @Override
    public String getPropertyValue() {
        return of(JournalStream.isStderr());
    }

    static String of(boolean journal) {
        return journal ? JOURNAL : PLAIN;
    }
}
