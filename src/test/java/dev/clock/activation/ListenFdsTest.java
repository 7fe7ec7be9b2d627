package dev.clock.activation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** systemd's variables, read as sd_listen_fds_with_names(3) reads them, and every way they can be wrong. */
class ListenFdsTest {
    private static final long PID = 4242;

    private static Map<String, String> env(String fds, String names) {
        Map<String, String> env = new HashMap<>();
        env.put("LISTEN_PID", Long.toString(PID));
        env.put("LISTEN_FDS", fds);
        if (names != null) {
            env.put("LISTEN_FDNAMES", names);
        }
        return env;
    }

    @Test
    void eachDescriptorFrom3UpHasItsNameInOrder() throws Exception {
        assertThat(ListenFds.of(env("3", "stream:ntp:http"), PID)).contains(new ListenFds(List.of(
                new ListenFds.Descriptor(3, "stream"), new ListenFds.Descriptor(4, "ntp"), new ListenFds.Descriptor(5, "http"))));
    }

    @Test
    void nothingWhenUnsetOrForAnotherProcessOrZero() throws Exception {
        assertThat(ListenFds.of(Map.of(), PID)).isEmpty();
        // LISTEN_* leak into the children of the process they were meant for; systemd names that process.
        assertThat(ListenFds.of(env("1", "stream"), PID + 1)).isEmpty();
        assertThat(ListenFds.of(Map.of("LISTEN_FDS", "1"), PID)).isEmpty();
        assertThat(ListenFds.of(env("0", ""), PID)).isEmpty();
    }

    @Test
    void oneUnnamedSocketOrOneWithADefaultNameIsTheStream() throws Exception {
        Optional<ListenFds> stream = Optional.of(new ListenFds(List.of(new ListenFds.Descriptor(3, "stream"))));
        assertThat(ListenFds.of(env("1", null), PID)).isEqualTo(stream);
        assertThat(ListenFds.of(env("1", "clock.socket"), PID)).isEqualTo(stream);
        assertThat(ListenFds.of(env("1", "connection"), PID)).as("systemd's Accept=yes").isEqualTo(stream);
        assertThat(ListenFds.of(env("1", "unknown"), PID)).isEqualTo(stream);
        assertThat(ListenFds.of(env("1", ""), PID)).as("systemd-socket-activate without --fdname").isEqualTo(stream);
        assertThat(ListenFds.of(env("1", "http"), PID)).contains(new ListenFds(List.of(new ListenFds.Descriptor(3, "http"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"three", "-1", "65", "99999999999", ""})
    void aCountThatIsNotOneIsAOneLineError(String fds) {
        assertThatThrownBy(() -> ListenFds.of(env(fds, null), PID))
                .isInstanceOf(UnusableSocketException.class)
                .hasMessage("LISTEN_FDS is '" + fds + "', not a number of sockets from 0 to 64: start clock serve from a "
                        + "socket unit or systemd-socket-activate, which set it, or unset it");
    }

    @Test
    void moreSocketsThanNamesIsAnError() {
        assertThatThrownBy(() -> ListenFds.of(env("3", "stream:ntp"), PID))
                .isInstanceOf(UnusableSocketException.class)
                .hasMessage("LISTEN_FDS passes 3 socket(s) but LISTEN_FDNAMES ('stream:ntp') has 2 name(s): give one name "
                        + "a socket, each its door's");
    }

    @Test
    void moreNamesThanSocketsIsAnError() {
        assertThatThrownBy(() -> ListenFds.of(env("1", "stream:ntp"), PID))
                .isInstanceOf(UnusableSocketException.class)
                .hasMessageStartingWith("LISTEN_FDS passes 1 socket(s) but LISTEN_FDNAMES ('stream:ntp') has 2 name(s)");
    }

    @Test
    void severalUnnamedSocketsAreAnError() {
        assertThatThrownBy(() -> ListenFds.of(env("2", null), PID))
                .isInstanceOf(UnusableSocketException.class)
                .hasMessage("LISTEN_FDS passes 2 sockets but LISTEN_FDNAMES names none: name each for its door "
                        + "(FileDescriptorName= in the socket unit, --fdname= of systemd-socket-activate)");
    }
}
