package dev.clock.client;

/**
 * Where a clock server is when the user names none: the book's {@code localhost:8000}. One place,
 * so that {@code clock serve} listens where {@code clock nc} and {@code clock load} look.
 */
public final class ClockDefaults {
    public static final String HOST = "localhost";
    public static final int PORT = 8000;
    /** {@code localhost:8000}: a constant, so that it can be an option's default. */
    public static final String ADDRESS = HOST + ":" + PORT;

    private ClockDefaults() {
    }
}
