package dev.clock.wall;

/**
 * What the wall shows of one clock.
 *
 * @param name   the clock's name, as the user wrote it
 * @param status where its connection stands
 * @param time   the latest line it sent that was a time (made harmless to print), or null before the first
 * @param detail   why it is down, or the line that was not a time (made harmless to print); else null
 * @param calendar the date and zone of its latest time, or null before the first
 */
public record ClockState(String name, Status status, String time, String detail, CardCalendar calendar) {

    public ClockState(String name, Status status, String time, String detail) {
        this(name, status, time, detail, null);
    }

    public enum Status { CONNECTING, UP, STALE, NOT_A_TIME, DOWN }

    static ClockState connecting(String name) {
        return new ClockState(name, Status.CONNECTING, null, null);
    }

    ClockState up(String newTime, CardCalendar newCalendar) {
        return new ClockState(name, Status.UP, newTime, null, newCalendar);
    }

    ClockState stale() {
        return new ClockState(name, Status.STALE, time, null, calendar);
    }

    ClockState notATime(String line) {
        return new ClockState(name, Status.NOT_A_TIME, time, line, calendar);
    }

    ClockState down(String reason) {
        return new ClockState(name, Status.DOWN, time, reason, calendar);
    }

    /** The status as a person reads it: empty while the clock is fine. */
    public String statusText() {
        return switch (status) {
            case UP -> "";
            case CONNECTING -> "connecting";
            case STALE -> "stale";
            case NOT_A_TIME -> "not a time: \"" + detail + "\"";
            case DOWN -> "down (" + detail + ")";
        };
    }

    /** Whether it has answered with a time and is neither down nor sending something else. */
    public boolean answered() {
        return time != null && (status == Status.UP || status == Status.STALE);
    }

    /** Whether there is an answer to report for {@code --once}: a time, or why there is none. */
    boolean settled() {
        return answered() || status == Status.DOWN || status == Status.NOT_A_TIME;
    }
}
