package dev.clock.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReasonsTest {
    @Test
    void eachFailureReadsInAUsersWords() {
        assertThat(Reasons.of(new ConnectException("Connection refused"))).isEqualTo("connection refused");
        assertThat(Reasons.of(new BindException("Address already in use"))).isEqualTo("address already in use");
        assertThat(Reasons.of(new BindException("Cannot assign requested address"))).isEqualTo("not an address of this machine");
        assertThat(Reasons.of(new SocketTimeoutException("Read timed out"))).isEqualTo("timed out");
        assertThat(Reasons.of(new UnknownHostException("nowhere.invalid"))).isEqualTo("unknown host");
        assertThat(Reasons.of(new IOException("Connection reset by peer"))).isEqualTo("connection reset");
        assertThat(Reasons.of(new IOException("Too many open files"))).isEqualTo("too many open files");
        assertThat(Reasons.of(new java.net.NoRouteToHostException("No route to host"))).isEqualTo("no route to host");
        assertThat(Reasons.of(new java.net.PortUnreachableException("ICMP Port Unreachable"))).isEqualTo("port unreachable");
        assertThat(Reasons.of(new BindException("Permission denied")))
                .isEqualTo("permission denied (ports below 1024 need root or CAP_NET_BIND_SERVICE)");
    }

    @Test
    void aMessageIsReadAsTheKindOfFailureItCameWith() {
        // The same words from another failure are that failure's message, as it was written.
        assertThat(Reasons.of(new IOException("Connection refused"))).isEqualTo("connection refused");
        assertThat(Reasons.of(new IOException("Connection refused by policy"))).isEqualTo("connection refused by policy");
        assertThat(Reasons.of(new ConnectException("Connection refused by peer"))).isEqualTo("connection refused");
        assertThat(Reasons.of(new IOException("Address already in use here"))).isEqualTo("address already in use here");
        assertThat(Reasons.of(new ConnectException("Network is unreachable"))).isEqualTo("network is unreachable");
        assertThat(Reasons.of(new BindException("Something else"))).isEqualTo("something else");
        assertThat(Reasons.of(new ConnectException("  "))).isEqualTo("connect");
        assertThat(Reasons.of(new Exception())).isEqualTo("exception");
    }

    @Test
    void anExceptionWithNoMessageStillHasAReason() {
        assertThat(Reasons.of(new IOException())).isEqualTo("io");
        assertThat(Reasons.of(new java.nio.channels.AsynchronousCloseException())).isEqualTo("closed");
        assertThat(Reasons.of(new IllegalStateException())).isEqualTo("illegal state");
    }

    @Test
    void onlyRunningOutOfSomethingIsATransientAcceptFailure() {
        assertThat(Reasons.isTransientAcceptFailure(new IOException("Too many open files"))).isTrue();
        assertThat(Reasons.isTransientAcceptFailure(new IOException("No buffer space available"))).isTrue();
        assertThat(Reasons.isTransientAcceptFailure(new IOException("Software caused connection abort: connection aborted"))).isTrue();
        assertThat(Reasons.isTransientAcceptFailure(new IOException())).isFalse();
        assertThat(Reasons.isTransientAcceptFailure(new IOException("Bad file descriptor"))).isFalse();
    }

    @Test
    void backoffDoublesToItsCapAndResets() {
        Backoff b = new Backoff(Duration.ofMillis(5), Duration.ofMillis(30));
        assertThat(b.active()).isFalse();
        assertThat(b.next()).isEqualTo(Duration.ofMillis(5));
        assertThat(b.active()).isTrue();
        assertThat(b.next()).isEqualTo(Duration.ofMillis(10));
        assertThat(b.next()).isEqualTo(Duration.ofMillis(20));
        assertThat(b.next()).isEqualTo(Duration.ofMillis(30));
        assertThat(b.next()).isEqualTo(Duration.ofMillis(30));
        b.reset();
        assertThat(b.active()).isFalse();
        assertThat(b.next()).isEqualTo(Duration.ofMillis(5));
    }
}
