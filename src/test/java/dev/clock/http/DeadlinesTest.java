package dev.clock.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.Pipe;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class DeadlinesTest {
    @Test
    void aDeadlineThatComesClosesItsChannelAndACancelledOneDoesNot() throws Exception {
        Pipe pipe = Pipe.open();
        try (Deadlines deadlines = new Deadlines("test")) {
            Future<?> kept = deadlines.close(pipe.source(), Duration.ofHours(1));
            kept.cancel(false);
            Future<?> due = deadlines.close(pipe.sink(), Duration.ofMillis(10));
            due.get(5, TimeUnit.SECONDS);
            assertThat(pipe.sink().isOpen()).isFalse();
            assertThat(pipe.source().isOpen()).isTrue();
        } finally {
            pipe.source().close();
        }
    }

    @Test
    void onceStoppedADeadlineIsNowAndNeverThrows() throws Exception {
        // A connection still reading its head as the listener stops asks for a deadline after the timer is gone.
        Pipe pipe = Pipe.open();
        Deadlines deadlines = new Deadlines("test");
        deadlines.close();
        Future<?> deadline = deadlines.close(pipe.source(), Duration.ofSeconds(5));
        assertThat(deadline.isDone()).isTrue();
        assertThat(pipe.source().isOpen()).isFalse();
        pipe.sink().close();
    }
}
