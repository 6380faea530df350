package uk.transferofcare.api.devtoken;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** /dev/tokens answers peers on this machine only, by the connection's address (a literal, never looked up). */
class DevTokenLoopbackTest {

    @ParameterizedTest(name = "{0} is this machine")
    @ValueSource(strings = {"127.0.0.1", "127.0.0.53", "::1", "0:0:0:0:0:0:0:1"})
    void givenALoopbackPeer_whenChecked_thenItMayMintTokens(String address) {
        assertThat(DevTokenController.loopback(address)).isTrue();
    }

    @ParameterizedTest(name = "{0} is not this machine")
    @NullAndEmptySource
    @ValueSource(strings = {"192.168.1.20", "10.0.0.5", "0.0.0.0", "::", "::ffff:192.168.1.20", "fe80::1", "localhost"})
    void givenAnyOtherPeer_whenChecked_thenItMayNot(String address) {
        assertThat(DevTokenController.loopback(address)).isFalse();
    }
}
