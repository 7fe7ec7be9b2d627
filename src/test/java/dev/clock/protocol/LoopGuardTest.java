package dev.clock.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoopGuardTest {
    private final LoopGuard guard = new LoopGuard();

    @Test
    void theWellKnownServicePortsAreNotAnswered() {
        for (int port : new int[] {0, 7, 13, 19, 37, 53, 69, 123, 1023}) {
            assertThat(guard.answers(port)).as("port %d", port).isFalse();
        }
        assertThat(guard.answers(1024)).isTrue();
        assertThat(guard.answers(54_321)).isTrue();
    }

    @Test
    void norAreTheProcesssOwnPorts() {
        guard.own(1313);
        guard.own(40_001);
        assertThat(guard.answers(1313)).isFalse();
        assertThat(guard.answers(40_001)).isFalse();
        assertThat(guard.answers(40_002)).isTrue();
    }
}
