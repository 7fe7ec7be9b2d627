package dev.clock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whether stderr is inetd's client, read from descriptor links laid out as /proc/self/fd shows them. */
class StandardErrorTest {
    @TempDir
    Path fds;

    private void link(int fd, String target) throws Exception {
        Files.createSymbolicLink(fds.resolve(Integer.toString(fd)), Path.of(target));
    }

    @Test
    void stderrOnTheSameSocketAsStdinIsTheClients() throws Exception {
        link(0, "socket:[4242]");
        link(2, "socket:[4242]");
        assertThat(StandardError.isStandardInputsSocket(fds)).isTrue();
    }

    @Test
    void aSocketOfItsOwnIsALogSuchAsJournaldsStream() throws Exception {
        link(0, "socket:[4242]");
        link(2, "socket:[4343]");
        assertThat(StandardError.isStandardInputsSocket(fds)).isFalse();
    }

    @Test
    void aTerminalOrFileSharedWithStdinIsNoSocket() throws Exception {
        link(0, "/dev/pts/3");
        link(2, "/dev/pts/3");
        assertThat(StandardError.isStandardInputsSocket(fds)).isFalse();
    }

    @Test
    void aClosedDescriptorOrNoProcSaysNothing() throws Exception {
        link(2, "socket:[4242]");
        assertThat(StandardError.isStandardInputsSocket(fds)).isFalse();
        assertThat(StandardError.isStandardInputsSocket(fds.resolve("absent"))).isFalse();
    }
}
