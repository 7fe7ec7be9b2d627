package dev.clock.wall;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * What a server sent, made safe to put on a terminal, and whether it reads as a time. A server is
 * any program on the network: its bytes must not move the cursor, clear the screen or retitle the
 * window, and text that is not UTF-8 must show as such rather than vanish.
 */
final class ServerText {
    /** What stands in for a control character or for bytes that are not UTF-8. */
    static final char REPLACEMENT = '\uFFFD';

    /**
     * An H:MM:SS time of day with valid ranges, anywhere in the line and not part of a longer
     * number, so that any {@code --format} a server uses ({@code yyyy-MM-dd HH:mm:ss.SSS xxx},
     * {@code h:mm:ss a}, RFC 867's layout) is a time and {@code 99:99:99} is not. Second 60 is a
     * leap second.
     */
    static final Pattern TIME = Pattern.compile("(?<!\\d)(?<h>[01]?\\d|2[0-3]):(?<m>[0-5]\\d):(?<s>[0-5]\\d|60)(?!\\d)");

    private ServerText() {
    }

    /** The line as text a terminal only prints: trimmed, invalid UTF-8 and every control or format character replaced. */
    static String printable(byte[] line) {
        String text = new String(line, StandardCharsets.UTF_8).strip();
        StringBuilder shown = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (harmless(c)) {
                shown.appendCodePoint(c);
            } else {
                shown.append(REPLACEMENT);
            }
        });
        return shown.toString();
    }

    static boolean isTime(String text) {
        return TIME.matcher(text).find();
    }

    /** Not C0 or C1 controls (ESC, BEL, CSI), nor format characters (bidi overrides), nor line separators. */
    private static boolean harmless(int c) {
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        };
    }
}
