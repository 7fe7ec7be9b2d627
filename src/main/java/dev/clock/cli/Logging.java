package dev.clock.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Routes the code's {@link System.Logger} output (java.util.logging underneath) to stderr, one
 * line per event: a UTC timestamp, a level, the message. Stack traces only at debug level.
 *
 * <p>Not when stderr is the client's connection (classic inetd puts it on descriptors 0, 1 and
 * 2): the log would land inside the client's stream of times. It goes to journald then, if there
 * is one to reach, else nowhere.
 */
final class Logging {
    private Logging() {
    }

    enum Verbosity { QUIET, NORMAL, DEBUG }

    static void configure(Verbosity verbosity) {
        Level level = switch (verbosity) {
            case QUIET -> Level.WARNING;
            case NORMAL -> Level.INFO;
            case DEBUG -> Level.FINE;
        };
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        OneLine format = new OneLine(verbosity == Verbosity.DEBUG);
        Handler out = StandardError.isStandardInputsSocket(StandardError.DESCRIPTORS)
                ? JournalHandler.connect(JournalHandler.JOURNAL, "clock", format.withoutTimestamps()).orElse(null)
                : new ConsoleHandler();
        if (out != null) {
            out.setLevel(level);
            if (out instanceof ConsoleHandler) {
                out.setFormatter(format);
            }
            root.addHandler(out);
        }
        root.setLevel(level);
    }

    static final class OneLine extends Formatter {
        private final boolean traces;
        /** Off for the journal, which stamps each line and keeps its level as a priority. */
        private final boolean stamped;

        OneLine(boolean traces) {
            this(traces, true);
        }

        private OneLine(boolean traces, boolean stamped) {
            this.traces = traces;
            this.stamped = stamped;
        }

        OneLine withoutTimestamps() {
            return new OneLine(traces, false);
        }

        @Override
        public String format(LogRecord record) {
            StringBuilder line = new StringBuilder(96);
            if (stamped) {
                line.append(DateTimeFormatter.ISO_INSTANT.format(record.getInstant().truncatedTo(ChronoUnit.MILLIS)))
                        .append(' ').append(levelName(record.getLevel())).append(' ');
            }
            line.append(formatMessage(record)).append(System.lineSeparator());
            if (traces && record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                line.append(trace);
            }
            return line.toString();
        }

        private static String levelName(Level level) {
            int v = level.intValue();
            if (v >= Level.SEVERE.intValue()) return "ERROR";
            if (v >= Level.WARNING.intValue()) return "WARN ";
            if (v >= Level.INFO.intValue()) return "INFO ";
            return "DEBUG";
        }
    }
}
