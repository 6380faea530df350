package uk.transferofcare.api.devtoken;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import java.util.Map;
import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /dev/jwks}: only in the {@code local} profile. The public key of this run's {@link DevTokenIssuer}, so
 * the processor and the notification service of the same local stack accept the tokens {@code /dev/tokens} mints.
 */
@RestController
@Profile("local")
class DevJwksController {

    private final DevTokenIssuer issuer;

    DevJwksController(DevTokenIssuer issuer) {
        this.issuer = issuer;
    }

    @GetMapping(path = "/dev/jwks", produces = "application/jwk-set+json")
    Map<String, Object> jwks() {
        return new JWKSet(new RSAKey.Builder(issuer.publicKey())
                        .keyID(issuer.keyId())
                        .build())
                .toJSONObject();
    }
}
