package dev.clock.service;

import dev.clock.activation.HandedOver;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The sockets systemd or inetd handed over, given to the doors they are named after
 * ({@code LISTEN_FDNAMES}: stream, http, daytime, time, ntp, metrics). A door takes at most one TCP
 * and one UDP socket (Daytime and Time serve both on one port); one client's connection (inetd's
 * {@code nowait}) is the stream's alone, in a process that serves nothing else. Whatever cannot be
 * served is a one-line error, since a socket nobody serves would hold its clients unanswered.
 */
final class HandedSockets {
    /** The name of the metrics port's socket: not a door of the list, but handed over like one. */
    static final String METRICS = "metrics";

    private HandedSockets() {
    }

    /**
     * {@code handedOver} by door name, checked against the doors {@code enabled} by {@code config}.
     * On an error nothing is taken: the caller's process exits, and the sockets with it.
     */
    static Map<String, DoorSockets> byDoor(ServeConfig config, List<HandedOver> handedOver, List<Door> enabled)
            throws ListenException {
        Map<String, DoorSockets> byDoor = new LinkedHashMap<>();
        for (HandedOver socket : handedOver) {
            String name = socket.name();
            boolean served = name.equals(METRICS) ? config.metricsPort().isPresent()
                    : enabled.stream().anyMatch(d -> d.name().equals(name));
            if (!served) {
                throw new ListenException(unserved(config, socket, enabled), null);
            }
            DoorSockets had = byDoor.getOrDefault(name, new DoorSockets(null, null, null, true));
            byDoor.put(name, switch (socket) {
                case HandedOver.Listening l when had.tcp() == null && had.client() == null ->
                        new DoorSockets(l.channel(), had.udp(), null, true);
                case HandedOver.Datagram d when had.udp() == null && had.client() == null && !name.equals(METRICS) ->
                        new DoorSockets(had.tcp(), d.channel(), null, true);
                case HandedOver.Connected c when name.equals("stream") && handedOver.size() == 1 ->
                        new DoorSockets(null, null, c, true);
                default -> throw new ListenException(cannotShare(socket, handedOver), null);
            });
        }
        if (byDoor.containsKey("stream") && byDoor.get("stream").client() != null && config.ports().size() > 1) {
            throw new ListenException("one client's connection was handed over (inetd's nowait): that process serves "
                    + "only it, so --daytime, --time, --ntp, --http and --metrics cannot be used there; use a listening "
                    + "socket (systemd's Accept=no, inetd's wait) for them", null);
        }
        for (Map.Entry<String, DoorSockets> e : byDoor.entrySet()) {
            Door door = enabled.stream().filter(d -> d.name().equals(e.getKey())).findFirst().orElse(null);
            DoorSockets sockets = e.getValue();
            if (door != null && sockets.client() == null
                    && (door.tcp() == null && sockets.tcp() != null || door.udp() == null && sockets.udp() != null)) {
                throw new ListenException("a " + (sockets.udp() != null ? "UDP" : "TCP") + " socket named '" + e.getKey()
                        + "' was handed over, but " + door.option() + " is served over "
                        + (door.tcp() != null ? "TCP: ListenStream=" : "UDP: ListenDatagram=") + "PORT", null);
            }
        }
        return byDoor;
    }

    private static String unserved(ServeConfig config, HandedOver socket, List<Door> enabled) {
        if (socket.name().equals("stream") && config.streamPort().isEmpty()) {
            return "a socket was handed over for the stream, but --no-stream turns the stream off: "
                    + "drop --no-stream, or start clock serve without the socket";
        }
        List<String> names = new java.util.ArrayList<>(enabled.stream().map(Door::name).toList());
        config.metricsPort().ifPresent(p -> names.add(METRICS));
        return "a socket named '" + socket.name() + "' was handed over, but no door of that name is served here "
                + "(served: " + String.join(", ", names) + "): name each socket after its door "
                + "(FileDescriptorName=), and turn that door on with its option";
    }

    private static String cannotShare(HandedOver socket, List<HandedOver> all) {
        if (socket instanceof HandedOver.Connected) {
            return "one client's connection (inetd's nowait, Accept=yes) can be served only alone, by the stream: "
                    + all.size() + " socket(s) were handed over ("
                    + all.stream().map(HandedOver::name).collect(Collectors.joining(", ")) + ")";
        }
        return "more than one " + (socket instanceof HandedOver.Datagram ? "UDP" : "TCP") + " socket named '" + socket.name()
                + "' was handed over: a door serves one TCP and one UDP socket; give each door a unit of its own";
    }
}
