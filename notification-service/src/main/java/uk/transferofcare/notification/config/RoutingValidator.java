package uk.transferofcare.notification.config;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import uk.transferofcare.events.EventType;
import uk.transferofcare.notification.routing.AddressTemplate;

/** Checks {@link ValidRouting}; see there. */
class RoutingValidator implements ConstraintValidator<ValidRouting, NotificationProperties> {

    static final int MIN_SECRET_LENGTH = 16;
    private static final Pattern RECIPIENT_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    @Override
    public boolean isValid(NotificationProperties properties, ConstraintValidatorContext context) {
        if (properties == null) {
            return true;
        }
        List<String> errors = problems(properties);
        if (errors.isEmpty()) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        errors.forEach(
                e -> context.buildConstraintViolationWithTemplate(escape(e)).addConstraintViolation());
        return false;
    }

    /** Every problem, each starting with the property key it is about. */
    static List<String> problems(NotificationProperties p) {
        List<String> errors = new ArrayList<>();
        Map<String, NotificationProperties.Recipient> recipients = p.recipients() == null ? Map.of() : p.recipients();
        List<String> withWebhook = new ArrayList<>();
        recipients.forEach((id, r) -> {
            String key = "notification.recipients." + id;
            if (!RECIPIENT_ID.matcher(id).matches()) {
                errors.add(key + ": recipient ids are lower-case letters, digits and '-' (e.g. ed-coordinator)");
            }
            if (r == null || (blank(r.email()) && blank(r.webhook()))) {
                errors.add(key + ": has no channel: set .email (an address template) or .webhook (a URL template)");
                return;
            }
            if (!blank(r.email())) {
                AddressTemplate.checkEmail(r.email()).ifPresent(m -> errors.add(key + ".email: " + m));
            }
            if (!blank(r.webhook())) {
                withWebhook.add(id);
                AddressTemplate.checkWebhook(r.webhook()).ifPresent(m -> errors.add(key + ".webhook: " + m));
            }
        });
        List<NotificationProperties.Route> routes = p.routes() == null ? List.of() : p.routes();
        for (int i = 0; i < routes.size(); i++) {
            NotificationProperties.Route route = routes.get(i);
            String key = "notification.routes[" + i + "]";
            if (route == null) {
                continue;
            }
            if (route.level() != null && route.event() != EventType.ESCALATED) {
                errors.add(
                        key + ".level: only ESCALATED routes have a level (this route is for " + route.event() + ")");
            }
            if (route.siteOf() == NotificationProperties.SiteOf.DESTINATION && route.event() != EventType.DIVERTED) {
                errors.add(key + ".site-of: only DIVERTED routes can address the destination site (this route is for "
                        + route.event() + ")");
            }
            if (route.withdrawn() != null && route.event() != EventType.ACTION_UNDONE) {
                errors.add(key + ".withdrawn: only ACTION_UNDONE routes name a withdrawn time point (this route is for "
                        + route.event() + ")");
            }
            List<String> ids = route.recipients() == null ? List.of() : route.recipients();
            for (int j = 0; j < ids.size(); j++) {
                if (!recipients.containsKey(ids.get(j))) {
                    errors.add(key + ".recipients[" + j + "]: unknown recipient '" + ids.get(j)
                            + "' (defined under notification.recipients: " + new TreeSet<>(recipients.keySet())
                            + ")");
                }
            }
        }
        if (!withWebhook.isEmpty()) {
            String secret = p.webhook() == null ? null : p.webhook().secret();
            if (blank(secret)) {
                errors.add("notification.webhook.secret: required because recipients " + withWebhook
                        + " have a webhook; set NOTIFY_WEBHOOK_SECRET (the HMAC-SHA256 key receivers verify)");
            } else if (secret.strip().length() < MIN_SECRET_LENGTH) {
                errors.add("notification.webhook.secret: must be at least " + MIN_SECRET_LENGTH + " characters");
            }
        }
        if (p.webhook() != null
                && p.resilience() != null
                && p.resilience().webhook() != null
                && p.webhook().requestTimeout() != null
                && p.resilience().webhook().timeout() != null
                && p.webhook()
                                .requestTimeout()
                                .compareTo(p.resilience().webhook().timeout())
                        > 0) {
            errors.add("notification.webhook.request-timeout: must not exceed"
                    + " notification.resilience.webhook.timeout ("
                    + p.resilience().webhook().timeout() + ")");
        }
        if (p.retries() != null
                && p.retries().initialDelay() != null
                && p.retries().maxDelay() != null) {
            if (p.retries().initialDelay().toMillis() < 1) {
                errors.add("notification.retries.initial-delay: must be at least 1ms");
            }
            if (p.retries().maxDelay().compareTo(p.retries().initialDelay()) < 0) {
                errors.add("notification.retries.max-delay: must not be shorter than"
                        + " notification.retries.initial-delay");
            }
        }
        if (p.delivery() != null
                && p.delivery().drainTimeout() != null
                && p.delivery().drainTimeout().isNegative()) {
            errors.add("notification.delivery.drain-timeout: must not be negative");
        }
        if (p.email() != null
                && p.email().connectionMaxIdle() != null
                && p.email().connectionMaxIdle().toMillis() < 1) {
            errors.add("notification.email.connection-max-idle: must be at least 1ms");
        }
        if (p.publicBaseUrl() != null
                && (!p.publicBaseUrl().isAbsolute()
                        || p.publicBaseUrl().getHost() == null
                        || !List.of("http", "https").contains(p.publicBaseUrl().getScheme()))) {
            errors.add(
                    "notification.public-base-url: must be an absolute http(s) URL, was '" + p.publicBaseUrl() + "'");
        }
        if (p.publicBaseUrl() != null
                && (p.publicBaseUrl().getRawUserInfo() != null
                        || p.publicBaseUrl().getRawQuery() != null
                        || p.publicBaseUrl().getRawFragment() != null)) {
            // The case link is <base>/cases/<caseId>: no credentials, query or fragment in front of it.
            errors.add("notification.public-base-url: must have no user info, query or fragment (the case link is"
                    + " <base>/cases/<caseId>), was '" + p.publicBaseUrl() + "'");
        }
        return errors;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** Bean Validation interpolates {...} and ${...}; the messages quote templates, so escape them. */
    private static String escape(String message) {
        return message.replace("\\", "\\\\")
                .replace("{", "\\{")
                .replace("}", "\\}")
                .replace("$", "\\$");
    }
}
