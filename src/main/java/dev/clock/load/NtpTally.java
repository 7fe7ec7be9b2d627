package dev.clock.load;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the sockets saw, counted from every socket's thread at once. Only requests sent inside the
 * hold window are counted, and each of them ends as exactly one of: a time reply, a Kiss-o'-Death,
 * or lost. Datagrams that answer nothing we asked are counted apart, as invalid.
 */
final class NtpTally {
    final LongAdder sent = new LongAdder();
    final LongAdder replies = new LongAdder();
    final LongAdder kissesOfDeath = new LongAdder();
    final LongAdder lost = new LongAdder();
    final LongAdder invalid = new LongAdder();
    /** Every answer, warm-up included: for the progress line only. */
    final LongAdder answeredAll = new LongAdder();
    final AtomicReference<String> firstInvalid = new AtomicReference<>();
    final AtomicReference<String> failure = new AtomicReference<>();

    void invalid(String why) {
        invalid.increment();
        firstInvalid.compareAndSet(null, why);
    }
}
