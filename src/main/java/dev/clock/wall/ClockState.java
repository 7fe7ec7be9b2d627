package dev.clock.wall;

/**
 * What the wall shows of one clock.
 *
 * @param name   the clock's name
 * @param status where its connection stands
 * @param time   the latest line it sent, or null before the first
 * @param reason why it is down, or null
 */
public record ClockState(String name, Status status, String time, String reason) {

    public enum Status { CONNECTING, UP, STALE, DOWN }

    static ClockState connecting(String name, String lastTime) {
        return new ClockState(name, Status.CONNECTING, lastTime, null);
    }

    /** The status as a person reads it: empty while the clock is fine. */
    public String statusText() {
        return switch (status) {
            case UP -> "";
            case CONNECTING -> "connecting";
            case STALE -> "stale";
            case DOWN -> "down (" + reason + ")";
        };
    }

    /** Whether it has answered with a time and is not down. */
    public boolean answered() {
        return time != null && (status == Status.UP || status == Status.STALE);
    }
}
