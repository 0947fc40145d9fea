package org.malcomedge.agent.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** Syslog priorities as sd-daemon(3) prefixes: {@code <3>} error, {@code <4>} warning, {@code <6>} info, {@code <7>} debug. */
public final class Priority {

    private Priority() {
    }

    static String prefix(Level level) {
        int priority = level.isGreaterOrEqual(Level.ERROR) ? 3
                : level.isGreaterOrEqual(Level.WARN) ? 4
                : level.isGreaterOrEqual(Level.INFO) ? 6 : 7;
        return "<" + priority + ">";
    }

    /** {@code %priority}: the event's prefix. */
    public static final class Prefix extends ClassicConverter {
        @Override
        public String convert(ILoggingEvent event) {
            return prefix(event.getLevel());
        }
    }

    /**
     * {@code %priorityEx}: the stack trace, if any, with the event's prefix on every line, since
     * the journal makes each line an entry of its own.
     */
    public static final class PrefixedThrowable extends ThrowableProxyConverter {
        @Override
        public String convert(ILoggingEvent event) {
            String trace = super.convert(event);
            if (trace.isEmpty()) {
                return trace;
            }
            String prefix = prefix(event.getLevel());
            StringBuilder out = new StringBuilder();
            for (String line : trace.split("\\R")) {
                out.append(prefix).append(line).append(System.lineSeparator());
            }
            return out.toString();
        }
    }
}
