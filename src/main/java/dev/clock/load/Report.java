package dev.clock.load;

import dev.clock.text.Json;
import java.util.List;

/**
 * What a load run measured, as {@code clock load} prints it: a record whose components are its
 * figures, which {@link #json()} writes in order.
 */
public sealed interface Report permits LoadReport, NtpLoadReport {
    /** Why the run was not clean, one reason each, in a user's words; empty when it was. */
    List<String> faults();

    /** Whether the run was clean; {@link #faults()} says why not. */
    default boolean clean() {
        return faults().isEmpty();
    }

    /** One JSON object: the record's components in order, then {@code clean} and {@code faults}. */
    default String json() {
        String figures = Json.value(this);
        return figures.substring(0, figures.length() - 1) + ",\"clean\":" + clean() + ",\"faults\":" + Json.value(faults()) + "}";
    }

    /** The report for a person. */
    String text();
}
