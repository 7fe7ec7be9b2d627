package dev.clock.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SourceTableTest {
    static LongStream seeds() {
        return LongStream.range(0, 20);
    }

    /** What the table must do, the obvious way: an access-ordered LinkedHashMap of at most the capacity. */
    private static final class Model extends LinkedHashMap<Source, long[]> {
        private final int capacity;

        Model(int capacity) {
            super(16, 0.75f, true);
            this.capacity = capacity;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<Source, long[]> eldest) {
            return size() > capacity;
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void itForgetsExactlyTheLeastRecentlyUsedAndKeepsEveryValueOfTheRest(long seed) {
        Random random = new Random(seed);
        int capacity = 1 + random.nextInt(seed % 3 == 0 ? 4 : 300);
        SourceTable table = new SourceTable(capacity);
        Model model = new Model(capacity);
        // Few keys, so that they come back; some share a half, so that a half alone is no key.
        int keys = capacity + 1 + random.nextInt(2 * capacity + 2);
        for (int step = 0; step < 3_000; step++) {
            int k = random.nextInt(keys);
            Source key = new Source(k % 7, k / 7 * 0x1_0000_0001L);
            int slot = table.slot(key);
            long[] expected = model.get(key);
            if (expected == null) {
                assertThat(table.added()).as("step %d: %s is new", step, key).isTrue();
                assertThat(table.first(slot)).isZero();
                assertThat(table.second(slot)).isZero();
                expected = new long[2];
                model.put(key, expected);
            } else {
                assertThat(table.added()).as("step %d: %s is remembered", step, key).isFalse();
                assertThat(table.first(slot)).isEqualTo(expected[0]);
                assertThat(table.second(slot)).isEqualTo(expected[1]);
            }
            expected[0] = random.nextLong();
            expected[1] = random.nextLong();
            table.first(slot, expected[0]);
            table.second(slot, expected[1]);
            assertThat(table.size()).isEqualTo(model.size()).isLessThanOrEqualTo(capacity);
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void itNeverHoldsMoreThanItsCapacityWhateverComes(long seed) {
        Random random = new Random(seed);
        int capacity = 1 + random.nextInt(1_000);
        SourceTable table = new SourceTable(capacity);
        for (int i = 0; i < 3 * capacity + 10; i++) {
            table.slot(random.nextLong(), random.nextLong());
            assertThat(table.size()).isLessThanOrEqualTo(capacity);
        }
        assertThat(table.size()).isEqualTo(capacity);
    }

    @Test
    void aFullTableOfOneForgetsTheOneForTheNext() {
        SourceTable table = new SourceTable(1);
        int a = table.slot(1, 1);
        table.first(a, 42);
        int b = table.slot(2, 2);
        assertThat(table.added()).isTrue();
        assertThat(table.first(b)).isZero();
        table.slot(1, 1);
        assertThat(table.added()).as("forgotten").isTrue();
        assertThat(table.size()).isOne();
    }

    @Test
    void aTableHoldsAtLeastOne() {
        assertThatThrownBy(() -> new SourceTable(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
