package dev.clock.wall;

/**
 * Text measured in terminal columns rather than in chars: an ideograph or an emoji takes two, a
 * combining accent none. Without this, a clock named 東京 would push its row past the screen's
 * edge and the terminal would wrap it, leaving fragments behind on the next redraw.
 */
final class Columns {
    private static final String ELLIPSIS = "…";

    private Columns() {
    }

    static int width(String text) {
        return text.codePoints().map(Columns::width).sum();
    }

    /** {@code text} followed by spaces up to {@code columns}. */
    static String pad(String text, int columns) {
        int width = width(text);
        return width >= columns ? text : text + " ".repeat(columns - width);
    }

    /** {@code text} if it fits in {@code columns}, else as much as fits with an ellipsis. */
    static String fit(String text, int columns) {
        if (width(text) <= columns) {
            return text;
        }
        if (columns < 1) {
            return "";
        }
        StringBuilder cut = new StringBuilder();
        int used = 0;
        for (int c : text.codePoints().toArray()) {
            int w = width(c);
            if (used + w > columns - 1) {
                break;
            }
            cut.appendCodePoint(c);
            used += w;
        }
        return cut + ELLIPSIS;
    }

    /** As wcwidth(3) has it, for the characters a name or a time is written in. */
    private static int width(int c) {
        int type = Character.getType(c);
        if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || c == 0x200B) {
            return 0;
        }
        return wide(c) ? 2 : 1;
    }

    /** East Asian Wide and Fullwidth, and the emoji terminals draw two columns wide. */
    private static boolean wide(int c) {
        return (c >= 0x1100 && c <= 0x115F)
                || (c >= 0x2E80 && c <= 0x303E)
                || (c >= 0x3041 && c <= 0x33FF)
                || (c >= 0x3400 && c <= 0x4DBF)
                || (c >= 0x4E00 && c <= 0x9FFF)
                || (c >= 0xA000 && c <= 0xA4CF)
                || (c >= 0xAC00 && c <= 0xD7A3)
                || (c >= 0xF900 && c <= 0xFAFF)
                || (c >= 0xFE30 && c <= 0xFE4F)
                || (c >= 0xFF00 && c <= 0xFF60)
                || (c >= 0xFFE0 && c <= 0xFFE6)
                || (c >= 0x1F300 && c <= 0x1F64F)
                || (c >= 0x1F900 && c <= 0x1F9FF)
                || (c >= 0x20000 && c <= 0x3FFFD);
    }
}
