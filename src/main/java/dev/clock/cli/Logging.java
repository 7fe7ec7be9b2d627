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
        ConsoleHandler stderr = new ConsoleHandler();
        stderr.setLevel(level);
        stderr.setFormatter(new OneLine(verbosity == Verbosity.DEBUG));
        root.addHandler(stderr);
        root.setLevel(level);
    }

    private static final class OneLine extends Formatter {
        private final boolean traces;

        OneLine(boolean traces) {
            this.traces = traces;
        }

        @Override
        public String format(LogRecord record) {
            StringBuilder line = new StringBuilder(96)
                    .append(DateTimeFormatter.ISO_INSTANT.format(record.getInstant().truncatedTo(ChronoUnit.MILLIS)))
                    .append(' ').append(levelName(record.getLevel()))
                    .append(' ').append(formatMessage(record)).append(System.lineSeparator());
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
