package dev.clock.testing;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The threads alive in this JVM, virtual ones too, as the JDK's own thread dump lists them
 * ({@code Thread.getAllStackTraces} leaves virtual threads out).
 */
public final class ThreadDump {
    /** Where each thread's entry begins in the JSON dump. */
    private static final Pattern THREAD = Pattern.compile("\"tid\":");

    private ThreadDump() {
    }

    /** How many threads are alive now. */
    public static int threads() {
        return THREAD.split(json(), -1).length - 1;
    }

    /** How many threads are alive now with a frame of {@code className} (a binary name) on their stack. */
    public static int threadsIn(String className) {
        String[] entries = THREAD.split(json(), -1);
        int n = 0;
        for (int i = 1; i < entries.length; i++) {
            if (entries[i].contains("\"" + className + ".")) {
                n++;
            }
        }
        return n;
    }

    private static String json() {
        try {
            Path dump = Files.createTempDirectory("clock-threads").resolve("threads.json");
            try {
                ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                        .dumpThreads(dump.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
                return Files.readString(dump);
            } finally {
                Files.deleteIfExists(dump);
                Files.deleteIfExists(dump.getParent());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the JVM's thread dump could not be taken", e);
        }
    }
}
