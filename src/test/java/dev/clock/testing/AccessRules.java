package dev.clock.testing;

import dev.clock.access.AccessPolicy.Rules;
import dev.clock.access.Cidr;
import java.util.List;

/** Access rules for tests: {@link Rules#open()} with one limit set. */
public final class AccessRules {
    private AccessRules() {
    }

    /** Only {@code source} (an address, or a block such as {@code 127.0.0.0/8}) is let in, without limits. */
    public static Rules onlyFrom(String source) {
        Rules open = Rules.open();
        return new Rules(List.of(Cidr.parse(source)), open.deny(), open.maxPerSource(), open.connectsPerSecond(),
                open.connectBurst(), open.datagramsPerSecond(), open.datagramBurst());
    }

    /** Everyone, with at most {@code max} connections from each source. */
    public static Rules perSource(int max) {
        Rules open = Rules.open();
        return new Rules(open.allow(), open.deny(), max, open.connectsPerSecond(), open.connectBurst(),
                open.datagramsPerSecond(), open.datagramBurst());
    }
}
