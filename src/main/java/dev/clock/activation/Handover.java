package dev.clock.activation;

import dev.clock.net.HostPort;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.Channel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** How {@link Inherited#all()} takes what was handed over, with everything it reads given: the tests give their own. */
final class Handover {
    private static final System.Logger LOG = System.getLogger("clock");

    private Handover() {
    }

    /**
     * The socket on standard input, or null: {@link System#inheritedChannel()}, asked only when
     * systemd passed nothing, since the JDK keeps a descriptor of its own for what it returns.
     */
    @FunctionalInterface
    interface StandardInput {
        Channel channel() throws IOException;
    }

    /**
     * {@link Inherited#all()} in the environment {@code env} of the process {@code pid}, with
     * {@code stdin} the socket on standard input; for the tests, which hand over sockets they opened.
     */
    static List<HandedOver> all(Map<String, String> env, long pid, StandardInput stdin, Optional<Descriptors> descriptors)
            throws IOException {
        Optional<ListenFds> passed = ListenFds.of(env, pid);
        if (passed.isPresent()) {
            Descriptors kernel = descriptors.orElseThrow(() -> new UnusableSocketException("systemd passed "
                    + passed.get().descriptors().size() + " socket(s) from descriptor 3 (LISTEN_FDS), which this JVM "
                    + "cannot take" + Descriptors.unavailableReason().map(r -> " (" + r + ")").orElse("") + ": run clock with a JDK of "
                    + "22 or newer, or pass one socket on standard input (StandardInput=socket in the service, "
                    + "systemd-socket-activate --inetd), as clock's launcher, bin/clock, does on this JDK"));
            return fromDescriptors(passed.get(), kernel);
        }
        return standardInput(stdin.channel(), descriptors).map(List::of).orElse(List.of());
    }

    static List<HandedOver> fromDescriptors(ListenFds passed, Descriptors descriptors) throws IOException {
        List<HandedOver> taken = new ArrayList<>();
        try {
            // Every one checked before any is taken: a bad one leaves the others to whoever owns them.
            List<SocketFacts> facts = new ArrayList<>();
            List<Classifier.Shape> shapes = new ArrayList<>();
            for (ListenFds.Descriptor d : passed.descriptors()) {
                SocketFacts f = descriptors.inspect(d.fd());
                shapes.add(Classifier.shape(f, "descriptor " + d.fd() + " (LISTEN_FDS, named '" + d.name() + "')"));
                facts.add(f);
            }
            for (int i = 0; i < facts.size(); i++) {
                taken.add(descriptors.take(facts.get(i), shapes.get(i), passed.descriptors().get(i).name()));
            }
            LOG.log(Level.INFO, () -> "clock serve: took " + taken.size() + " socket(s) handed over from descriptor 3 "
                    + "(LISTEN_FDS): " + taken.stream().map(Handover::describe).collect(Collectors.joining(", ")));
        } catch (IOException | RuntimeException e) {
            closeAll(taken);
            throw e;
        }
        return List.copyOf(taken);
    }

    /**
     * The socket on standard input, for the stream: a listening TCP socket or one client's
     * connection. An unconnected, unlistening one would accept nothing, and a UDP or Unix one has
     * no door to serve there: all three are errors.
     */
    static Optional<HandedOver> standardInput(Channel channel, Optional<Descriptors> descriptors) throws IOException {
        if (channel == null) {
            return Optional.empty();
        }
        String where = "standard input";
        if (channel instanceof ServerSocketChannel listening && listening.getLocalAddress() instanceof InetSocketAddress local) {
            // The JDK takes any stream socket without a peer for a listening one: ask the kernel
            // when it can be asked, else an unbound socket (port 0) is certainly not listening.
            SocketFacts facts = descriptors.isPresent()
                    ? descriptors.get().inspect(descriptors.get().descriptorOf(listening))
                    : SocketFacts.tcp(0, family(local), local.getPort() != 0, local, null);
            Classifier.shape(facts, where);
            return Optional.of(new HandedOver.Listening(Inherited.STANDARD_INPUT_DOOR, listening, local));
        }
        if (channel instanceof SocketChannel connected && connected.getLocalAddress() instanceof InetSocketAddress local
                && connected.getRemoteAddress() instanceof InetSocketAddress remote) {
            return Optional.of(new HandedOver.Connected(Inherited.STANDARD_INPUT_DOOR, connected, local, remote));
        }
        throw new UnusableSocketException(where + " is " + describe(channel)
                + ", which clock serve cannot serve there: hand it a TCP socket (systemd: ListenStream=PORT)"
                + (channel instanceof DatagramChannel ? ", or UDP sockets from descriptor 3, each named for its door "
                        + "(ListenDatagram=, FileDescriptorName=)" : ""));
    }

    private static StandardProtocolFamily family(InetSocketAddress address) {
        return address.getAddress() instanceof java.net.Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }

    private static String describe(Channel channel) {
        return switch (channel) {
            case DatagramChannel d -> "a UDP socket";
            case ServerSocketChannel s -> "a listening socket that is not TCP (a Unix-domain socket?)";
            case SocketChannel s -> "a connection that is not TCP (a Unix-domain socket?)";
            default -> "a channel of an unknown kind (" + channel.getClass().getSimpleName() + ")";
        };
    }

    /** As the log says it: {@code http, listening TCP on 127.0.0.1:8080}. */
    static String describe(HandedOver handedOver) {
        String local = HostPort.format(handedOver.local());
        return handedOver.name() + ", " + switch (handedOver) {
            case HandedOver.Listening l -> "listening TCP on " + local;
            case HandedOver.Datagram d -> "UDP on " + local;
            case HandedOver.Connected c -> "one client's TCP connection to " + local + " from " + HostPort.format(c.remote());
        };
    }

    private static void closeAll(List<HandedOver> taken) {
        for (HandedOver h : taken) {
            try {
                switch (h) {
                    case HandedOver.Listening l -> l.channel().close();
                    case HandedOver.Datagram d -> d.channel().close();
                    case HandedOver.Connected c -> c.channel().close();
                }
            } catch (IOException e) {
                // closing what is given up anyway
            }
        }
    }

}
