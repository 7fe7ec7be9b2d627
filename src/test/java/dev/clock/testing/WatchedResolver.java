package dev.clock.testing;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * The tests' name resolver (JEP 418's seam): the JDK's own, except on a thread inside
 * {@link #lookups}, where every lookup is recorded and fails at once, without a DNS query. So a
 * test can show that some code never reaches the resolver, and that the seam sees what does.
 */
public final class WatchedResolver extends InetAddressResolverProvider {
    /** The names looked up on this thread while it is watched; null when it is not. */
    private static final ThreadLocal<List<String>> WATCHED = new ThreadLocal<>();

    /** Runs {@code work} on this thread and returns the names it asked the resolver for. */
    public static List<String> lookups(Callable<?> work) throws Exception {
        List<String> asked = new ArrayList<>();
        WATCHED.set(asked);
        try {
            work.call();
        } finally {
            WATCHED.remove();
        }
        return asked;
    }

    @Override
    public InetAddressResolver get(Configuration configuration) {
        InetAddressResolver builtin = configuration.builtinResolver();
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
                List<String> asked = WATCHED.get();
                if (asked == null) {
                    return builtin.lookupByName(host, policy);
                }
                asked.add(host);
                throw new UnknownHostException(host + " (looked up while watched)");
            }

            @Override
            public String lookupByAddress(byte[] address) throws UnknownHostException {
                List<String> asked = WATCHED.get();
                if (asked == null) {
                    return builtin.lookupByAddress(address);
                }
                asked.add("reverse");
                throw new UnknownHostException("reverse lookup while watched");
            }
        };
    }

    @Override
    public String name() {
        return "clock tests' watched resolver";
    }
}
