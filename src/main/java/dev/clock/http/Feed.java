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
}
