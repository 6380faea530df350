package uk.transferofcare.notification.routing;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An address template of the routing configuration: an e-mail address or a webhook URL with the placeholders
 * {@code {site}} and {@code {division}}, filled from the event. Placeholder values are lower-cased and must be
 * letters, digits and '-', so an event can never inject anything into an address.
 */
public final class AddressTemplate {

    static final String SITE = "{site}";
    static final String DIVISION = "{division}";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]*)}");
    private static final Pattern SAFE_VALUE = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

    private AddressTemplate() {}

    /** Why this e-mail template is unusable, if it is. */
    public static Optional<String> checkEmail(String template) {
        Optional<String> placeholders = checkPlaceholders(template);
        if (placeholders.isPresent()) {
            return placeholders;
        }
        String sample = fill(template, "site1", "division1");
        try {
            InternetAddress address = new InternetAddress(sample, true);
            address.validate();
            if (address.getPersonal() != null || !sample.equals(address.getAddress())) {
                return Optional.of("'" + template + "' must be a bare address like role.{site}@nhs.example");
            }
            return Optional.empty();
        } catch (AddressException e) {
            return Optional.of("'" + template + "' is not a valid e-mail address (" + e.getMessage() + ")");
        }
    }

    /** Why this webhook URL template is unusable, if it is. */
    public static Optional<String> checkWebhook(String template) {
        Optional<String> placeholders = checkPlaceholders(template);
        if (placeholders.isPresent()) {
            return placeholders;
        }
        String sample = fill(template, "site1", "division1");
        try {
            URI uri = new URI(sample);
            if (!uri.isAbsolute()
                    || uri.getHost() == null
                    || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
                return Optional.of("'" + template + "' is not an absolute http(s) URL");
            }
            return Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.of("'" + template + "' is not a valid URL (" + e.getMessage() + ")");
        }
    }

    private static Optional<String> checkPlaceholders(String template) {
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            String name = m.group();
            if (!SITE.equals(name) && !DIVISION.equals(name)) {
                return Optional.of("unknown placeholder " + name + " in '" + template + "' (use {site} or {division})");
            }
        }
        return Optional.empty();
    }

    /** Whether the template needs the police division. */
    static boolean needsDivision(String template) {
        return template.contains(DIVISION);
    }

    /**
     * The address for this site and division, or empty when a value the template needs is missing or unsafe (the
     * reason is then given by {@link #whyNot}).
     */
    static Optional<String> resolve(String template, String site, String division) {
        return whyNot(template, site, division).isPresent()
                ? Optional.empty()
                : Optional.of(fill(template, normalise(site), normalise(division)));
    }

    /** Why the template cannot be filled from these values, if it cannot. */
    static Optional<String> whyNot(String template, String site, String division) {
        if (template.contains(SITE) && !safe(site)) {
            return Optional.of(site == null ? "the event has no site" : "site code '" + site + "' is not usable");
        }
        if (template.contains(DIVISION) && !safe(division)) {
            return Optional.of(
                    division == null
                            ? "the event has no police division"
                            : "police division '" + division + "' is not usable");
        }
        return Optional.empty();
    }

    private static boolean safe(String value) {
        return value != null && SAFE_VALUE.matcher(normalise(value)).matches();
    }

    private static String normalise(String value) {
        return value == null ? null : value.strip().toLowerCase(Locale.ROOT);
    }

    private static String fill(String template, String site, String division) {
        String out = template;
        if (site != null) {
            out = out.replace(SITE, site);
        }
        if (division != null) {
            out = out.replace(DIVISION, division);
        }
        return out;
    }
}
