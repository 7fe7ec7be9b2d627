package dev.clock.load;

import dev.clock.text.Json;
import java.util.List;

/**
 * What a load run measured, as {@code clock load} prints it: a record whose components are its
 * figures and then its verdict ({@code clean}, {@code faults}), which {@link #json()} writes in order.
 */
public sealed interface Report permits LoadReport, NtpLoadReport {
    /** Whether the run was clean; {@link #faults()} says why not. */
    boolean clean();

    /** Why the run was not clean, one reason each, in a user's words; empty when it was. */
    List<String> faults();

    /** One JSON object: the record's components in order, ending with {@code clean} and {@code faults}. */
    default String json() {
        return Json.value(this);
    }

    /** The report for a person. */
    String text();

    /** The verdict's components checked against each other: a report cannot be clean and name a fault. */
    static List<String> verdict(boolean clean, List<String> faults) {
        List<String> copy = List.copyOf(faults);
        if (clean != copy.isEmpty()) {
            throw new IllegalArgumentException("a report is clean exactly when it has no faults: clean=" + clean + ", faults=" + copy);
        }
        return copy;
    }
}
