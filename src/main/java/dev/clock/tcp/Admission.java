package dev.clock.tcp;

import dev.clock.access.AccessPolicy;
import dev.clock.net.Refusal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * Who is served, for one listener that holds its clients (the stream, the HTTP listener): a new
 * connection takes its source's place in the {@link AccessPolicy}, then one of the
 * {@link ClientPlaces} every such listener shares, and gives both back once, as it ends.
 */
public final class Admission {
    /** What a client turned away for {@link Refusal#FULL} is told. */
    static final String FULL_MESSAGE = "clock: server full, try again later\n";
    /** What a client turned away for {@link Refusal#PER_SOURCE} is told. */
    static final String PER_SOURCE_MESSAGE = "clock: too many connections from your address\n";

    /**
     * Gives a listener a moment to see the departures already under way, when its places are all
     * taken, and lets it make room: it returns whether it ended a connection to free a place (whose
     * place then comes back as that connection's end is seen), so that admission waits for it.
     */
    @FunctionalInterface
    public interface CatchUp {
        boolean await(Duration timeout);
    }

    /** How long a full server waits for departures under way before it turns a client away. */
    private static final Duration CATCH_UP_WAIT = Duration.ofMillis(20);
    /** How often a place being freed is looked for: only while a listener ended a connection to make room. */
    private static final Duration PLACE_POLL = Duration.ofMillis(1);

    private final String protocol;
    private final AccessPolicy access;
    private final ClientPlaces places;

    public Admission(String protocol, AccessPolicy access, ClientPlaces places) {
        this.protocol = Objects.requireNonNull(protocol);
        this.access = Objects.requireNonNull(access);
        this.places = Objects.requireNonNull(places);
    }

    /**
     * Takes a place for a client from {@code from}. A client that got one must {@link #leave} exactly once.
     *
     * @param catchUp run once, when every place is taken, before the places are tried once more: a
     *                client may have left a moment before this one came, its end not yet seen
     * @return null if it is admitted, else why it is not (it then holds nothing)
     */
    public Refusal enter(InetAddress from, CatchUp catchUp) {
        AccessPolicy.Verdict verdict = access.connect(from, protocol);
        if (verdict != AccessPolicy.Verdict.ADMITTED) {
            return verdict.refusal();
        }
        if (!places.tryTake()) {
            boolean freeing = catchUp.await(CATCH_UP_WAIT);
            if (!takeWithin(freeing ? CATCH_UP_WAIT : Duration.ZERO)) {
                access.disconnected(from);
                return Refusal.FULL;
            }
        }
        return null;
    }

    /** Takes a place as one comes back within {@code wait}: a connection ended to make room gives its own back a moment later. */
    private boolean takeWithin(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!places.tryTake()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            LockSupport.parkNanos(PLACE_POLL.toNanos());
        }
        return true;
    }

    /** A client admitted from {@code from} ended: its places are free again. */
    public void leave(InetAddress from) {
        places.release();
        access.disconnected(from);
    }

    /** A client admitted from {@code remote} (an internet socket address, as a listener's clients have) departed. */
    public void leave(SocketAddress remote) {
        leave(((InetSocketAddress) remote).getAddress());
    }

    /**
     * The one line a client turned away for {@code why} is told, or null: only a full server and a
     * source with too many places say why; one denied or too fast gets not even a line.
     */
    public static String message(Refusal why) {
        return switch (why) {
            case FULL -> FULL_MESSAGE;
            case PER_SOURCE -> PER_SOURCE_MESSAGE;
            default -> null;
        };
    }
}
