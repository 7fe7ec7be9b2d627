package dev.clock.load;

/**
 * Reads a time line ({@code HH:mm:ss}, optionally with a fraction of a second) and judges it
 * against the one before: the next interval, a repeat, a skip, a step backwards, or not a time.
 */
final class LineCheck {
    static final long DAY_NANOS = 86_400_000_000_000L;
    static final long NOT_A_TIME = -1;

    enum Verdict { NEXT, REPEATED, SKIPPED, BACKWARDS }

    private LineCheck() {
    }

    /** The time of day a line names, in nanoseconds, or {@link #NOT_A_TIME}. */
    static long nanosOfDay(byte[] line, int from, int to) {
        int n = to - from;
        if (n < 8 || line[from + 2] != ':' || line[from + 5] != ':') {
            return NOT_A_TIME;
        }
        int h = twoDigits(line, from);
        int m = twoDigits(line, from + 3);
        int s = twoDigits(line, from + 6);
        if (h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 59) {
            return NOT_A_TIME;
        }
        long nanos = ((h * 60L + m) * 60 + s) * 1_000_000_000L;
        if (n == 8) {
            return nanos;
        }
        if (line[from + 8] != '.' || n == 9 || n > 18) {
            return NOT_A_TIME;
        }
        long fraction = 0;
        long scale = 100_000_000L;
        for (int i = from + 9; i < to; i++, scale /= 10) {
            int d = line[i] - '0';
            if (d < 0 || d > 9) {
                return NOT_A_TIME;
            }
            fraction += d * scale;
        }
        return nanos + fraction;
    }

    private static int twoDigits(byte[] b, int at) {
        int hi = b[at] - '0';
        int lo = b[at + 1] - '0';
        return hi < 0 || hi > 9 || lo < 0 || lo > 9 ? -1 : hi * 10 + lo;
    }

    /** How many intervals lie from {@code previous} to {@code current} (across midnight too). */
    static Verdict judge(long previous, long current, long intervalNanos) {
        long step = Math.floorMod(current - previous, DAY_NANOS);
        if (step == 0) {
            return Verdict.REPEATED;
        }
        if (step > DAY_NANOS / 2) {
            return Verdict.BACKWARDS;
        }
        return step == intervalNanos ? Verdict.NEXT : Verdict.SKIPPED;
    }

    /** Intervals skipped between two lines judged {@link Verdict#SKIPPED}. */
    static long skipped(long previous, long current, long intervalNanos) {
        return Math.max(1, Math.floorMod(current - previous, DAY_NANOS) / intervalNanos - 1);
    }

    /**
     * How late a line came: its arrival (UTC time of day) minus the start of the time it names.
     * The server's zone is unknown here, but every zone's offset is a multiple of 15 minutes, so
     * the difference modulo 15 minutes is the lag, whatever the zone.
     */
    static long lag(long arrivalUtcNanosOfDay, long namedNanosOfDay) {
        long quarter = 15 * 60 * 1_000_000_000L;
        long lag = Math.floorMod(arrivalUtcNanosOfDay - namedNanosOfDay, quarter);
        return lag > quarter / 2 ? lag - quarter : lag;
    }
}
