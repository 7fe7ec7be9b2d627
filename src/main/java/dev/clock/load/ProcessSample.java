package dev.clock.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * A process's resident memory and CPU time so far, read from /proc (Linux).
 *
 * @param rssBytes   resident set size
 * @param cpuSeconds user plus system CPU time since the process started
 */
public record ProcessSample(long rssBytes, double cpuSeconds) {
    /** Clock ticks per second of /proc/PID/stat's times: 100 on every Linux this runs on. */
    private static final double TICKS_PER_SECOND = 100.0;

    /**
     * The server's sample when a pid was given, else null (no server figures in the report).
     *
     * @throws IOException saying the process may have exited
     */
    static ProcessSample ofServer(OptionalLong pid) throws IOException {
        if (pid.isEmpty()) {
            return null;
        }
        try {
            return of(pid.getAsLong());
        } catch (IOException e) {
            throw new IOException("cannot read the server's process " + pid.getAsLong() + " in /proc: has it exited?", e);
        }
    }

    public static ProcessSample of(long pid) throws IOException {
        long rssKb = -1;
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                rssKb = Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // Fields after the command name, which is in parentheses and may hold spaces.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
        return new ProcessSample(rssKb * 1024, ticks / TICKS_PER_SECOND);
    }
}
