package dev.clock.http;

/**
 * A request this server will not serve, with the status that says why: 400 for a malformed one,
 * 431 for a head too large, 505 for a version it does not speak. The message goes to the client as
 * the response's body.
 */
final class HttpError extends Exception {
    private final Status status;

    HttpError(Status status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    Status status() {
        return status;
    }
}
