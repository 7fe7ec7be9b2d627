package dev.clock.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clock.testing.Await;
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

    @Test
    void makingRoomClosesTheConnectionThatHasWaitedLongestOnItsClientForAHeadOrToTakeAResponse() throws Exception {
        Pipe[] pipes = {Pipe.open(), Pipe.open(), Pipe.open()};
        try (Deadlines deadlines = new Deadlines("test", 16)) {
            Deadlines.HeadWait slowReader = deadlines.awaitTake(pipes[0].sink(), Duration.ofHours(1));
            Deadlines.HeadWait idle = deadlines.awaitHead(pipes[1].source(), Duration.ofHours(1));
            assertThat(deadlines.waiting()).as("a response being taken is not a head awaited").isEqualTo(1);
            assertThat(deadlines.evictLongestWaiting()).isTrue();
            assertThat(pipes[0].sink().isOpen()).as("the reader that stopped reading, first").isFalse();
            assertThat(pipes[1].source().isOpen()).isTrue();
            assertThat(deadlines.evictLongestWaiting()).isTrue();
            assertThat(pipes[1].source().isOpen()).isFalse();
            assertThat(idle.evicted()).isTrue();
            assertThat(deadlines.waiting()).isZero();
            assertThat(deadlines.evictLongestWaiting()).as("nobody left waiting").isFalse();
            slowReader.end(); // ending an evicted wait is harmless
        }
        try (Deadlines page = new Deadlines("test")) {
            page.awaitHead(pipes[2].source(), Duration.ofHours(1));
            assertThat(page.evictLongestWaiting()).as("without a bound on waits (the page), nobody is closed").isFalse();
            assertThat(pipes[2].source().isOpen()).isTrue();
        } finally {
            for (Pipe p : pipes) {
                p.source().close();
                p.sink().close();
            }
        }
    }

    @Test
    void pastTheBoundTheConnectionThatHasWaitedLongestForAHeadIsClosed() throws Exception {
        Pipe[] pipes = {Pipe.open(), Pipe.open(), Pipe.open(), Pipe.open()};
        try (Deadlines deadlines = new Deadlines("test", 2)) {
            Deadlines.HeadWait first = deadlines.awaitHead(pipes[0].source(), Duration.ofHours(1));
            Deadlines.HeadWait second = deadlines.awaitHead(pipes[1].source(), Duration.ofHours(1));
            first.end(); // its head came: it no longer waits, and is not the one to go
            Deadlines.HeadWait third = deadlines.awaitHead(pipes[2].source(), Duration.ofHours(1));
            assertThat(deadlines.waiting()).isEqualTo(2);
            assertThat(pipes[0].source().isOpen()).isTrue();

            Deadlines.HeadWait fourth = deadlines.awaitHead(pipes[3].source(), Duration.ofHours(1));
            assertThat(pipes[1].source().isOpen()).as("the longest waiting").isFalse();
            assertThat(second.evicted()).isTrue();
            assertThat(second.timedOut()).isFalse();
            assertThat(pipes[0].source().isOpen()).isTrue();
            assertThat(pipes[2].source().isOpen()).isTrue();
            assertThat(pipes[3].source().isOpen()).isTrue();
            assertThat(deadlines.waiting()).isEqualTo(2);
            third.end();
            fourth.end();
            second.end(); // ending an evicted wait again is harmless
            assertThat(deadlines.waiting()).isZero();
        } finally {
            for (Pipe p : pipes) {
                p.source().close();
                p.sink().close();
            }
        }
    }

    @Test
    void aWaitWhoseTimeIsUpSaysSo() throws Exception {
        Pipe pipe = Pipe.open();
        try (Deadlines deadlines = new Deadlines("test", 4)) {
            Deadlines.HeadWait wait = deadlines.awaitHead(pipe.source(), Duration.ofMillis(10));
            Await.until(() -> !pipe.source().isOpen(), Duration.ofSeconds(5));
            assertThat(wait.timedOut()).isTrue();
            assertThat(wait.evicted()).isFalse();
            wait.end();
            assertThat(deadlines.waiting()).isZero();
        } finally {
            pipe.sink().close();
        }
    }
}
