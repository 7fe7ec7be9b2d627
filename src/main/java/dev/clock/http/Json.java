package dev.clock.http;

/** JSON's string syntax, for the small documents this server writes by hand. */
public final class Json {
    private Json() {
    }

    /** {@code s} as a JSON string, quoted, with quotes, backslashes and control characters escaped. */
    public static String string(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    // U+2028 and U+2029 too: valid JSON, but not valid JavaScript in older engines.
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
