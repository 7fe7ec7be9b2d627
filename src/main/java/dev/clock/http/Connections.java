package dev.clock.http;

import java.io.IOException;
import java.nio.channels.Channel;

/** Ending connections. */
final class Connections {
    private Connections() {
    }

    static void closeQuietly(Channel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // closing is all we wanted
        }
    }
}
