package dev.clock.service;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Go's reference-time layouts ({@code 15:04:05}, {@code 2006-01-02}), which the book uses and a
 * reader may well type for {@code --format}: java.time would print them as constant text. This
 * recognises one and says how to write it as a {@code java.time} pattern.
 */
final class GoLayout {
    /** Go's layout elements, longest first so that {@code January} is read before {@code Jan}. */
    private static final Map<String, String> ELEMENTS = elements();

    private static Map<String, String> elements() {
        String[][] pairs = {
            {"January", "MMMM"}, {"Monday", "EEEE"}, {"Z07:00", "XXX"}, {"-07:00", "xxx"}, {"-0700", "xx"},
            {"2006", "yyyy"}, {".000000000", ".SSSSSSSSS"}, {".000000", ".SSSSSS"}, {".000", ".SSS"},
            {"Jan", "MMM"}, {"Mon", "EEE"}, {"MST", "zzz"}, {"15", "HH"}, {"01", "MM"}, {"02", "dd"},
            {"03", "hh"}, {"04", "mm"}, {"05", "ss"}, {"06", "yy"}, {"PM", "a"},
            {"1", "M"}, {"2", "d"}, {"3", "h"}, {"4", "m"}, {"5", "s"},
        };
        Map<String, String> elements = new LinkedHashMap<>();
        for (String[] p : pairs) {
            elements.put(p[0], p[1]);
        }
        return Collections.unmodifiableMap(elements);
    }

    private GoLayout() {
    }

    /**
     * The java.time pattern for {@code layout} if it reads as a Go layout (it holds at least two of
     * Go's numeric elements of two digits or more and nothing java.time would read as a field), else empty.
     */
    static Optional<String> translate(String layout) {
        StringBuilder pattern = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        int numeric = 0;
        int i = 0;
        outer:
        while (i < layout.length()) {
            for (Map.Entry<String, String> e : ELEMENTS.entrySet()) {
                if (layout.startsWith(e.getKey(), i)) {
                    flush(literal, pattern);
                    pattern.append(e.getValue());
                    if (e.getKey().length() > 1 && Character.isDigit(e.getKey().charAt(0))) {
                        numeric++;
                    }
                    i += e.getKey().length();
                    continue outer;
                }
            }
            char c = layout.charAt(i++);
            if (Character.isLetter(c) && c != 'T') { // T: the date-time separator of RFC 3339
                return Optional.empty(); // a letter that is no Go element: likely a java.time pattern
            }
            literal.append(c);
        }
        flush(literal, pattern);
        return numeric >= 2 ? Optional.of(pattern.toString()) : Optional.empty();
    }

    private static void flush(StringBuilder literal, StringBuilder pattern) {
        if (literal.isEmpty()) {
            return;
        }
        String text = literal.toString();
        // Punctuation java.time reads as itself; anything else is quoted.
        pattern.append(text.chars().allMatch(ch -> " :-/.,".indexOf(ch) >= 0) ? text : "'" + text.replace("'", "''") + "'");
        literal.setLength(0);
    }
}
