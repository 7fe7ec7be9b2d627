package dev.clock.activation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * systemd's socket-passing protocol as its environment states it ({@code sd_listen_fds(3)}):
 * {@code LISTEN_FDS} sockets from descriptor 3 up, for the process {@code LISTEN_PID}, named in
 * order by the colon-separated {@code LISTEN_FDNAMES}.
 *
 * @param descriptors each passed descriptor with its name, from descriptor 3 up
 */
record ListenFds(List<Descriptor> descriptors) {
    /** The first descriptor systemd passes (SD_LISTEN_FDS_START): 0, 1 and 2 stay the standard streams. */
    static final int FIRST = 3;
    /**
     * More sockets than clock has doors, with room for an IPv4 and an IPv6 socket each; a bound on
     * what a stray environment can make the start walk through.
     */
    static final int MAX = 64;
    /** The name of a socket that came unnamed: one socket, unnamed, is the stream, as before names were read. */
    static final String STREAM = "stream";

    record Descriptor(int fd, String name) {
    }

    ListenFds {
        descriptors = List.copyOf(descriptors);
    }

    /**
     * The descriptors passed to the process {@code pid} in {@code env}; empty if none were, or if
     * they were for another process (the variables leak into children, systemd names the one).
     *
     * @throws UnusableSocketException if the variables cannot be followed, saying what to change
     */
    static Optional<ListenFds> of(Map<String, String> env, long pid) throws UnusableSocketException {
        String fds = env.get("LISTEN_FDS");
        String forPid = env.get("LISTEN_PID");
        if (fds == null || forPid == null || !forPid.strip().equals(Long.toString(pid))) {
            return Optional.empty();
        }
        int count = count(fds);
        if (count == 0) {
            return Optional.empty();
        }
        List<String> names = names(env.get("LISTEN_FDNAMES"), count);
        List<Descriptor> descriptors = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            descriptors.add(new Descriptor(FIRST + i, names.get(i)));
        }
        return Optional.of(new ListenFds(descriptors));
    }

    private static boolean isDefault(String name) {
        return name.isEmpty() || name.equals("connection") || name.equals("unknown") || name.endsWith(".socket");
    }

    private static int count(String fds) throws UnusableSocketException {
        int count;
        try {
            count = Integer.parseInt(fds.strip());
        } catch (NumberFormatException e) {
            count = -1;
        }
        if (count < 0 || count > MAX) {
            throw new UnusableSocketException("LISTEN_FDS is '" + fds + "', not a number of sockets from 0 to " + MAX
                    + ": start clock serve from a socket unit or systemd-socket-activate, which set it, or unset it");
        }
        return count;
    }

    /**
     * One name a descriptor. No names at all is an older systemd's or another tool's way: one
     * socket is then the stream. So is one with a name systemd gives by default, which names no
     * door: the socket unit's ({@code clock.socket}), {@code connection} for an {@code Accept=yes}
     * client, {@code unknown}, or none ({@code systemd-socket-activate} without {@code --fdname}).
     */
    private static List<String> names(String fdNames, int count) throws UnusableSocketException {
        if (fdNames == null) {
            if (count == 1) {
                return List.of(STREAM);
            }
            throw new UnusableSocketException("LISTEN_FDS passes " + count + " sockets but LISTEN_FDNAMES names none: "
                    + "name each for its door (FileDescriptorName= in the socket unit, --fdname= of systemd-socket-activate)");
        }
        List<String> names = List.of(fdNames.split(":", -1));
        if (names.size() != count) {
            throw new UnusableSocketException("LISTEN_FDS passes " + count + " socket(s) but LISTEN_FDNAMES ('" + fdNames
                    + "') has " + names.size() + " name(s): give one name a socket, each its door's");
        }
        if (count == 1 && isDefault(names.getFirst())) {
            return List.of(STREAM);
        }
        return names;
    }
}
