package dev.clock.text;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.StringJoiner;

/** JSON's syntax, for the small documents this program writes by hand: the page's, the wall's, the load reports. */
public final class Json {
    private Json() {
    }

    /**
     * {@code s} as a JSON string, quoted, with quotes, backslashes and control characters escaped,
     * and a surrogate that is not half of a pair too: written raw, it has no UTF-8 and would be sent as '?'.
     */
    public static String string(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        b.append(c).append(s.charAt(++i)); // a whole pair: one character beyond the BMP
                    } else if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029' || Character.isSurrogate(c)) {
                        // U+2028 and U+2029 too: valid JSON, but not valid JavaScript in older engines.
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /**
     * {@code value} as JSON: a record as an object of its components in order, a list as an array,
     * an empty {@link Optional} or a null as {@code null}, a double with three decimals ({@code null}
     * if it is not finite: the reports' "nothing measured"), a string quoted, an integer or a boolean
     * as it prints.
     *
     * @throws IllegalArgumentException for any other type (a {@code Duration}, an enum, a map...):
     *         its {@code toString()} is seldom JSON, so the caller must choose its encoding, e.g. a
     *         record component of one of the types above
     */
    public static String value(Object value) {
        return switch (value) {
            case null -> "null";
            case Optional<?> o -> value(o.orElse(null));
            case Double d -> d.isNaN() || d.isInfinite() ? "null" : String.format(Locale.ROOT, "%.3f", d);
            case String s -> string(s);
            case Integer i -> i.toString();
            case Long l -> l.toString();
            case Boolean b -> b.toString();
            case List<?> list -> {
                StringJoiner array = new StringJoiner(",", "[", "]");
                list.forEach(item -> array.add(value(item)));
                yield array.toString();
            }
            case Record r -> {
                StringJoiner object = new StringJoiner(",", "{", "}");
                for (var component : r.getClass().getRecordComponents()) {
                    try {
                        object.add(string(component.getName()) + ":" + value(component.getAccessor().invoke(r)));
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException("cannot read " + component + " of " + r.getClass().getName(), e);
                    }
                }
                yield object.toString();
            }
            default -> throw new IllegalArgumentException("no JSON encoding for a " + value.getClass().getName()
                    + " (" + value + "): convert it to a string, number, boolean, list or record first");
        };
    }
}
