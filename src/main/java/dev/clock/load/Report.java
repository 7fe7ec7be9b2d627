package dev.clock.load;

/** What a load run measured, as {@code clock load} prints it. */
public interface Report {
    /** Whether the run was clean; the text says why not. */
    boolean clean();

    /** One JSON object. */
    String json();

    /** The report for a person. */
    String text();
}
