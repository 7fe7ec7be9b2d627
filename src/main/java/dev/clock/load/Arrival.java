package dev.clock.load;

import java.time.Instant;

/**
 * When the bytes of one receive came: the kernel's receive time, when the socket gave one, and the
 * time the load generator read them. A line is timed by the receive that brought its newline.
 *
 * @param readNanoTime     {@link System#nanoTime()} just after the receive returned: the read lag
 *                         and the hold window go by it, as they always have
 * @param readEpochNanos   the wall clock (CLOCK_REALTIME) at the same moment, taken only with a
 *                         kernel time, so that the generator's own delay is read on the kernel's clock
 * @param kernelEpochNanos when the kernel received the last segment read (SO_TIMESTAMPNS,
 *                         CLOCK_REALTIME), or {@link #NO_TIME}
 */
record Arrival(long readNanoTime, long readEpochNanos, long kernelEpochNanos) {
    static final long NO_TIME = Long.MIN_VALUE;

    /** A read just now, of bytes the kernel stamped at {@code kernelEpochNanos} (or {@link #NO_TIME}). */
    static Arrival now(long kernelEpochNanos) {
        long read = System.nanoTime();
        return new Arrival(read, kernelEpochNanos == NO_TIME ? NO_TIME : epochNanos(Instant.now()), kernelEpochNanos);
    }

    static long epochNanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    boolean kernelTimed() {
        return kernelEpochNanos != NO_TIME;
    }
}
