package dev.clock.net;

import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;

/**
 * Why a network operation failed, in a user's words: {@code connection refused}, {@code address
 * already in use}, {@code too many open files}. The one place an exception becomes a reason, so
 * that every command and log line says the same thing for the same failure.
 */
public final class Reasons {
    private Reasons() {
    }

    /** A short lower-case reason, never null, for any failure, with or without a message. */
    public static String of(Throwable e) {
        if (e instanceof SocketTimeoutException) {
            return "timed out";
        }
        if (e instanceof UnknownHostException) {
            return "unknown host";
        }
        if (e instanceof NoRouteToHostException) {
            return "no route to host";
        }
        if (e instanceof PortUnreachableException) {
            return "port unreachable";
        }
        if (e instanceof ClosedChannelException) {
            return "closed";
        }
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return words(e.getClass().getSimpleName());
        }
        String m = message.strip().toLowerCase(Locale.ROOT);
        if (e instanceof ConnectException && m.startsWith("connection refused")) {
            return "connection refused";
        }
        if (e instanceof BindException) {
            if (m.startsWith("address already in use")) {
                return "address already in use";
            }
            if (m.startsWith("cannot assign requested address")) {
                return "not an address of this machine";
            }
            if (m.startsWith("permission denied")) {
                return "permission denied (ports below 1024 need root or CAP_NET_BIND_SERVICE)";
            }
        }
        if (m.startsWith("connection reset")) {
            return "connection reset";
        }
        return m;
    }

    /** {@code SocketTimeoutException} → {@code socket timeout}: a reason for an exception with no message. */
    private static String words(String className) {
        String name = className.replaceFirst("(Exception|Error)$", "");
        if (name.isEmpty()) {
            return className.toLowerCase(Locale.ROOT);
        }
        return name.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
    }

    /**
     * Whether a failed accept is worth retrying: the process or the system is out of descriptors
     * or buffers, or the connection was aborted before it was taken. As Go's {@code net/http}
     * {@code Serve} does, only these are backed off and retried; anything else ends the loop.
     */
    public static boolean isTransientAcceptFailure(Throwable e) {
        String m = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        return m.contains("too many open files")          // EMFILE, ENFILE
                || m.contains("no buffer space")          // ENOBUFS
                || m.contains("cannot allocate memory")   // ENOMEM
                || m.contains("connection aborted")       // ECONNABORTED
                || m.contains("connection reset")
                || m.contains("protocol error")           // EPROTO
                || m.contains("interrupted system call")  // EINTR
                || m.contains("resource temporarily unavailable");
    }
}
