package uk.transferofcare.notification.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * Outside the {@code local} profile nothing the service sends travels in clear text:
 *
 * <ul>
 *   <li>e-mail goes over STARTTLS or not at all ({@code mail.smtp.starttls.enable} and {@code .required}), with the
 *       server's name checked against its certificate ({@code mail.smtp.ssl.checkserveridentity}); implicit TLS
 *       ({@code spring.mail.ssl.enabled=true} or protocol {@code smtps}) does as well. The trust store is the JDK's
 *       unless {@code spring.mail.ssl.bundle} names an SSL bundle ({@code spring.ssl.bundle.jks.<name>.truststore.*});
 *   <li>every webhook URL and the case link in messages ({@code notification.public-base-url}) are https.
 * </ul>
 *
 * <p>The shipped application.yml sets the STARTTLS properties; the {@code local} profile (the launcher's dev inbox on
 * plain SMTP and http) turns them off. Checked at start-up: every problem names its property.
 */
final class TransportSecurity {

    static final String LOCAL_PROFILE = "local";

    private TransportSecurity() {}

    /** The problems of this environment's settings, each starting with the property it is about; none in local. */
    static List<String> problems(Environment environment, NotificationProperties properties) {
        if (environment.acceptsProfiles(Profiles.of(LOCAL_PROFILE))) {
            return List.of();
        }
        Binder binder = Binder.get(environment);
        String protocol = binder.bind("spring.mail.protocol", String.class).orElse("smtp");
        boolean implicitTls =
                binder.bind("spring.mail.ssl.enabled", Boolean.class).orElse(false)
                        || "smtps".equalsIgnoreCase(protocol);
        Map<String, String> mail = binder.bind("spring.mail.properties", Bindable.mapOf(String.class, String.class))
                .orElse(Map.of());
        return problems(properties, protocol, implicitTls, mail);
    }

    /**
     * @param protocol {@code spring.mail.protocol}
     * @param implicitTls whether the SMTP connection is TLS from the first byte
     * @param mail {@code spring.mail.properties}
     */
    static List<String> problems(
            NotificationProperties properties, String protocol, boolean implicitTls, Map<String, String> mail) {
        List<String> errors = new ArrayList<>();
        Map<String, NotificationProperties.Recipient> recipients = new TreeMap<>(properties.recipients());
        boolean email = recipients.values().stream()
                .anyMatch(r -> r != null && r.email() != null && !r.email().isBlank());
        if (email && !implicitTls) {
            String prefix = "mail." + protocol.toLowerCase(Locale.ROOT) + ".";
            for (String key : List.of("starttls.enable", "starttls.required", "ssl.checkserveridentity")) {
                String value = mail.get(prefix + key);
                if (!"true".equalsIgnoreCase(value == null ? "" : value.strip())) {
                    errors.add("spring.mail.properties." + prefix + key
                            + ": must be true outside the local profile (e-mail goes over STARTTLS, to a server whose"
                            + " certificate names it, or not at all), was " + quoted(value));
                }
            }
        }
        String base = properties.webhook() == null ? null : properties.webhook().baseUrl();
        if (base != null && !base.isBlank() && !https(base)) {
            errors.add("notification.webhook.base-url: must be an https URL outside the local profile (set"
                    + " WEBHOOK_SINK_URL), was " + quoted(base));
        }
        recipients.forEach((id, r) -> {
            if (r != null && r.webhook() != null && !r.webhook().isBlank() && !https(r.webhook())) {
                errors.add("notification.recipients." + id + ".webhook: must be an https URL outside the local"
                        + " profile, was " + quoted(r.webhook()));
            }
        });
        if (properties.publicBaseUrl() != null
                && !https(properties.publicBaseUrl().toString())) {
            errors.add("notification.public-base-url: must be an https URL outside the local profile (set"
                    + " PUBLIC_BASE_URL to the address of handover-api's pages), was "
                    + quoted(properties.publicBaseUrl().toString()));
        }
        return errors;
    }

    private static boolean https(String url) {
        return url.strip().toLowerCase(Locale.ROOT).startsWith("https://");
    }

    private static String quoted(String value) {
        return value == null ? "not set" : "'" + value + "'";
    }
}
