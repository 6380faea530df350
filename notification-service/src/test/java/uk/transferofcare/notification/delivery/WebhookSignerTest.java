package uk.transferofcare.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WebhookSignerTest {

    @Test
    void givenASecretTimestampAndBody_whenSigned_thenTheHeaderIsSha256HexOfTimestampDotBody() {
        // Expected value computed independently: python3 -c "import hmac,hashlib;
        // print(hmac.new(b'test-secret-0123456789', b'1700000000.{\"notificationId\":\"n-1\"}',
        // hashlib.sha256).hexdigest())"
        String header = new WebhookSigner("test-secret-0123456789").sign(1700000000L, "{\"notificationId\":\"n-1\"}");

        assertThat(header).isEqualTo("sha256=1700f8063cc817e942e23f60be4c233da9588c550f04160e5caab219f6116448");
    }

    @Test
    void givenADifferentBodyOrTimestamp_whenSigned_thenTheSignatureChanges() {
        WebhookSigner signer = new WebhookSigner("test-secret-0123456789");

        assertThat(java.util.List.of(
                        signer.sign(1700000000L, "{\"notificationId\":\"n-1\"}"),
                        signer.sign(1700000001L, "{\"notificationId\":\"n-1\"}"),
                        signer.sign(1700000000L, "{\"notificationId\":\"n-2\"}")))
                .doesNotHaveDuplicates();
    }
}
