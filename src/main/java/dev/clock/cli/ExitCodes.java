package dev.clock.cli;

/** What {@code clock} exits with; the README lists the same. */
final class ExitCodes {
    /** Done: the server stopped on a signal, the client's server closed the connection. */
    static final int OK = 0;
    /** It could not do its job: cannot listen, cannot connect, connection lost. */
    static final int FAILURE = 1;
    /** The command line was wrong: an unknown option, a bad value. */
    static final int USAGE = 2;

    private ExitCodes() {
    }
}
