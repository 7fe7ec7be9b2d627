package dev.clock.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JsonTest {
    public record Inner(double ms, Optional<String> note) {
    }

    public record Timed(String name, Duration after) {
    }

    public record Outer(String name, long count, Inner inner, Optional<Inner> none, List<String> tags) {
    }

    @Test
    void aStringIsQuotedWithWhatJsonAndJavaScriptCannotHoldEscaped() {
        assertThat(Json.string("a\"b\\c\nd\u0001e\u2028f\u007f")).isEqualTo("\"a\\\"b\\\\c\\u000ad\\u0001e\\u2028f\\u007f\"");
        assertThat(Json.string("15:04:05 ünï")).isEqualTo("\"15:04:05 ünï\"");
    }

    @Test
    void aSurrogatePairIsKeptAndALoneSurrogateEscaped() {
        assertThat(Json.string("a\uD83D\uDD52b")).isEqualTo("\"a\uD83D\uDD52b\"");
        assertThat(Json.string("a\uD83Db\uDD52")).isEqualTo("\"a\\ud83db\\udd52\"");
        assertThat(Json.string("a\uD83D")).as("a high surrogate at the very end").isEqualTo("\"a\\ud83d\"");
    }

    @Test
    void integersAndBooleansAreWrittenAsThemselves() {
        assertThat(Json.value(List.of(7, -3L, true, false))).isEqualTo("[7,-3,true,false]");
    }

    @Test
    void aTypeWithoutAJsonEncodingIsAnErrorNotItsToString() {
        // Each of these would print as invalid JSON (PT1S, SECONDS, {a=1}, x) or as a float's noise.
        for (Object unknown : List.of(Duration.ofSeconds(1), TimeUnit.SECONDS, Map.of("a", 1), 'x', 1.5f)) {
            assertThatThrownBy(() -> Json.value(unknown)).as(unknown.getClass().getName())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no JSON encoding for a " + unknown.getClass().getName());
        }
        assertThatThrownBy(() -> Json.value(new Timed("t", Duration.ofSeconds(1)))).as("inside a record")
                .hasMessageContaining("java.time.Duration");
        assertThatThrownBy(() -> Json.value(List.of(Duration.ZERO))).as("inside a list")
                .hasMessageContaining("java.time.Duration");
    }

    @Test
    void aRecordIsAnObjectOfItsComponentsInOrder() {
        Outer outer = new Outer("x\"y", 3, new Inner(1.23456, Optional.of("n")), Optional.empty(), List.of("a", "b"));
        assertThat(Json.value(outer)).isEqualTo("{\"name\":\"x\\\"y\",\"count\":3,\"inner\":{\"ms\":1.235,\"note\":\"n\"},"
                + "\"none\":null,\"tags\":[\"a\",\"b\"]}");
    }

    @Test
    void aNumberThatIsNotFiniteIsNull() {
        assertThat(Json.value(new Inner(Double.NaN, Optional.empty()))).isEqualTo("{\"ms\":null,\"note\":null}");
        assertThat(Json.value(Double.POSITIVE_INFINITY)).isEqualTo("null");
        assertThat(Json.value(List.of())).isEqualTo("[]");
    }
}
