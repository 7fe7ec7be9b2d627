package dev.clock.http;

import dev.clock.tick.Tick;
import dev.clock.tick.TickListener;
import dev.clock.tick.Ticker;

/**
 * What {@code /events} sends: the message under way, sent to each client at once, and every new
 * one as it is published. For {@code clock serve} the ticker's lines; for {@code clock wall} the
 * wall's state.
 */
public interface Feed {
    /** The message under way: a new client's first event. */
    Tick current();

    void subscribe(TickListener listener);

    void unsubscribe(TickListener listener);

    /** No events: a site without {@code /events} (the metrics). Nothing is ever published to its subscribers. */
    static Feed none() {
        return NoFeed.NONE;
    }

    /** The clock's own ticks. */
    static Feed of(Ticker ticker) {
        return new Feed() {
            @Override
            public Tick current() {
                return ticker.current();
            }

            @Override
            public void subscribe(TickListener listener) {
                ticker.subscribe(listener);
            }

            @Override
            public void unsubscribe(TickListener listener) {
                ticker.unsubscribe(listener);
            }
        };
    }

    /** {@link #none()}'s one instance, so that a site can tell it from a real feed. */
    enum NoFeed implements Feed {
        NONE;

        @Override
        public Tick current() {
            throw new IllegalStateException("this site has no events");
        }

        @Override
        public void subscribe(TickListener listener) {
            // nothing is ever published
        }

        @Override
        public void unsubscribe(TickListener listener) {
            // nothing was subscribed
        }
    }
}
