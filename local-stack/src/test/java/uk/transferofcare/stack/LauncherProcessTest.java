package uk.transferofcare.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The integration tests' port ranges stay below the ephemeral ports, where client connections cannot take them. */
class LauncherProcessTest {

    @Test
    void theOffsetFoundKeepsEveryPortBelowTheEphemeralRange() {
        int ephemeralFrom = LauncherProcess.ephemeralPortsFrom();
        Set<AppService> all = EnumSet.allOf(AppService.class);

        int offset = LauncherProcess.freeOffset(11_000, all, 3);

        assertThat(new Ports(offset, 3).needed(all))
                .allSatisfy(use -> assertThat(use.port()).isLessThan(ephemeralFrom));
    }

    @Test
    void anOffsetThatWouldReachTheEphemeralRangeIsRefused() {
        int ephemeralFrom = LauncherProcess.ephemeralPortsFrom();

        // The dev inbox's SMTP port (2525) is the lowest; from here on every range reaches the ephemeral ports.
        assertThatThrownBy(() -> LauncherProcess.freeOffset(ephemeralFrom - 2525, Set.of(), 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("below the ephemeral ports (" + ephemeralFrom);
    }
}
