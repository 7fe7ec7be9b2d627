package dev.clock.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clock.access.AccessPolicy;
import dev.clock.net.Refusal;
import dev.clock.testing.AccessRules;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class AdmissionTest {
    private static final InetAddress A = InetAddress.getLoopbackAddress();
    private static final Admission.CatchUp NO_CATCH_UP = timeout -> false;

    @Test
    void aFullServerWaitsOnceForDeparturesThenRefusesAndHoldsNothingForIt() {
        ClientPlaces places = new ClientPlaces(1);
        AccessPolicy access = new AccessPolicy(AccessRules.perSource(5));
        Admission admission = new Admission("stream", access, places);
        assertThat(admission.enter(A, NO_CATCH_UP)).isNull();

        AtomicInteger caughtUp = new AtomicInteger();
        assertThat(admission.enter(A, timeout -> caughtUp.incrementAndGet() < 0)).isEqualTo(Refusal.FULL);
        assertThat(caughtUp).hasValue(1);
        assertThat(places.taken()).isEqualTo(1);
        // The refused one gave its source's place back: with places free, A has all five of its own again.
        admission.leave(A);
        Admission roomy = new Admission("stream", access, new ClientPlaces(10));
        for (int i = 0; i < 5; i++) {
            assertThat(roomy.enter(A, NO_CATCH_UP)).as("client %d from A", i).isNull();
        }
        assertThat(roomy.enter(A, NO_CATCH_UP)).isEqualTo(Refusal.PER_SOURCE);
    }

    @Test
    void aDepartureSeenWhileCatchingUpLetsTheClientIn() {
        ClientPlaces places = new ClientPlaces(1);
        Admission admission = new Admission("stream", new AccessPolicy(AccessRules.perSource(5)), places);
        assertThat(admission.enter(A, NO_CATCH_UP)).isNull();
        assertThat(admission.enter(A, timeout -> {
            admission.leave(A);
            return false;
        })).isNull();
        assertThat(places.taken()).isEqualTo(1);
    }

    @Test
    void aListenerThatEndsAConnectionToMakeRoomHasItsNewcomerWaitForThatPlace() throws Exception {
        // The metrics port ends the connection that waited longest on its client; its place comes
        // back a moment later, from that connection's own thread, as its end is seen.
        ClientPlaces places = new ClientPlaces(1);
        Admission admission = new Admission("metrics", new AccessPolicy(AccessRules.perSource(5)), places);
        assertThat(admission.enter(A, NO_CATCH_UP)).isNull();
        assertThat(admission.enter(A, timeout -> {
            Thread.ofVirtual().start(() -> {
                LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
                admission.leave(A);
            });
            return true;
        })).isNull();
        assertThat(places.taken()).isEqualTo(1);
        // Making room that never comes is waited for briefly, then refused.
        long start = System.nanoTime();
        assertThat(admission.enter(A, timeout -> true)).isEqualTo(Refusal.FULL);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void aFullServerWithNoDepartureToSeeRefusesAndHoldsNothingForIt() {
        AccessPolicy access = new AccessPolicy(AccessRules.perSource(2));
        ClientPlaces places = new ClientPlaces(1);
        Admission admission = new Admission("http", access, places);
        assertThat(admission.enter(A, NO_CATCH_UP)).isNull();
        assertThat(admission.enter(A, NO_CATCH_UP)).isEqualTo(Refusal.FULL);
        assertThat(places.taken()).isEqualTo(1);
        // A holds one of its two places, not two: the refused one gave its back.
        assertThat(new Admission("http", access, new ClientPlaces(10)).enter(A, NO_CATCH_UP)).isNull();
    }

    @Test
    void onlyAFullServerAndASourceWithTooManySayWhy() {
        assertThat(Admission.message(Refusal.FULL)).isEqualTo("clock: server full, try again later\n");
        assertThat(Admission.message(Refusal.PER_SOURCE)).isEqualTo("clock: too many connections from your address\n");
        assertThat(Admission.message(Refusal.DENIED)).isNull();
        assertThat(Admission.message(Refusal.RATE_LIMITED)).isNull();
    }
}
