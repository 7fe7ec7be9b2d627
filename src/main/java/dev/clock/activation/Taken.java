package dev.clock.activation;

import java.io.IOException;
import java.util.List;

/**
 * What {@link Inherited#all()} found, taken once, on its first call: a descriptor becomes a
 * channel only once (a second channel on the same number would close it under the first), and
 * systemd's variables are unset after.
 */
final class Taken {
    static final Taken ALL = new Taken();

    private final List<HandedOver> sockets;
    private final IOException failure;

    private Taken() {
        List<HandedOver> found = null;
        IOException failed = null;
        try {
            found = Handover.all(System.getenv(), ProcessHandle.current().pid(), System::inheritedChannel,
                    Descriptors.available());
        } catch (IOException e) {
            failed = e;
        }
        Descriptors.available().ifPresent(d -> List.of("LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES").forEach(d::unsetenv));
        sockets = found;
        failure = failed;
    }

    List<HandedOver> get() throws IOException {
        if (failure != null) {
            throw failure;
        }
        return sockets;
    }
}
