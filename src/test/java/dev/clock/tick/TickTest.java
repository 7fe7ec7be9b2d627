package dev.clock.tick;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TickTest {
    @Test
    void eachViewOfTheLinesBytesHasAPositionOfItsOwn() {
        Tick tick = Tick.of(1, 7, Instant.parse("2026-11-24T10:00:07Z"), "10:00:07 ü\n");

        ByteBuffer first = tick.bytes();
        first.get(new byte[3]);
        ByteBuffer second = tick.bytes();

        assertThat(tick.length()).as("bytes, not characters").isEqualTo(12);
        assertThat(second.position()).isZero();
        assertThat(second.remaining()).isEqualTo(12);
        assertThat(StandardCharsets.UTF_8.decode(second).toString()).isEqualTo("10:00:07 ü\n");
        assertThat(first.isReadOnly()).isTrue();
    }
}
