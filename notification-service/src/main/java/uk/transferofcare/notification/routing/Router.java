package uk.transferofcare.notification.routing;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import uk.transferofcare.events.EventType;
import uk.transferofcare.events.NotificationChannel;
import uk.transferofcare.events.TimePoint;
import uk.transferofcare.notification.config.NotificationProperties;

/**
 * The routing table: which recipients hear about an event, on which channels, at which address. Pure: no Kafka, no
 * I/O; built from validated {@link NotificationProperties}.
 */
public final class Router {

    private final NotificationProperties properties;

    public Router(NotificationProperties properties) {
        this.properties = properties;
    }

    /**
     * The facts of an event routing looks at: {@code destinationSiteCode} for DIVERTED, {@code withdrawnPoint} for
     * ACTION_UNDONE (the time point the undo withdrew).
     */
    public record RoutingKey(
            String eventId,
            EventType type,
            Integer escalationLevel,
            String siteCode,
            String policeDivision,
            String destinationSiteCode,
            TimePoint withdrawnPoint) {

        /** An event that is not an undo. */
        public RoutingKey(
                String eventId,
                EventType type,
                Integer escalationLevel,
                String siteCode,
                String policeDivision,
                String destinationSiteCode) {
            this(eventId, type, escalationLevel, siteCode, policeDivision, destinationSiteCode, null);
        }

        /** An event that is not a diversion. */
        public RoutingKey(
                String eventId, EventType type, Integer escalationLevel, String siteCode, String policeDivision) {
            this(eventId, type, escalationLevel, siteCode, policeDivision, null);
        }
    }

    /** A recipient for the case's site or for the destination's. */
    private record Addressee(String recipient, NotificationProperties.SiteOf siteOf) {}

    /** Every notification this event asks for, in configuration order, each (recipient, channel) once. */
    public List<PlannedDelivery> route(RoutingKey event) {
        Set<Addressee> addressees = new LinkedHashSet<>();
        for (NotificationProperties.Route route : properties.routes()) {
            if (matches(route, event)) {
                route.recipients().forEach(id -> addressees.add(new Addressee(id, route.siteOf())));
            }
        }
        List<PlannedDelivery> planned = new ArrayList<>();
        for (Addressee addressee : addressees) {
            NotificationProperties.Recipient recipient = properties.recipients().get(addressee.recipient());
            if (present(recipient.email())) {
                planned.add(plan(event, addressee, NotificationChannel.EMAIL, recipient.email()));
            }
            if (present(recipient.webhook())) {
                planned.add(plan(event, addressee, NotificationChannel.WEBHOOK, recipient.webhook()));
            }
        }
        return planned;
    }

    /**
     * The address of a recipient on a channel for this site and division, as configured now; empty when the
     * recipient or channel is no longer configured or the event lacks a value the template needs.
     */
    public Optional<String> address(String recipient, NotificationChannel channel, String site, String division) {
        NotificationProperties.Recipient r = properties.recipients().get(recipient);
        if (r == null) {
            return Optional.empty();
        }
        String template = channel == NotificationChannel.EMAIL ? r.email() : r.webhook();
        return present(template) ? AddressTemplate.resolve(template, site, division) : Optional.empty();
    }

    private static PlannedDelivery plan(
            RoutingKey event, Addressee addressee, NotificationChannel channel, String template) {
        boolean destination = addressee.siteOf() == NotificationProperties.SiteOf.DESTINATION;
        String site = destination ? event.destinationSiteCode() : event.siteCode();
        // The destination's recipient is another mailbox than the case site's one of the same role: its own id.
        String idRecipient = destination ? addressee.recipient() + "@destination" : addressee.recipient();
        Optional<String> whyNot = destination && (site == null || site.isBlank())
                ? Optional.of("the diversion names no destination site")
                : AddressTemplate.whyNot(template, site, event.policeDivision());
        return new PlannedDelivery(
                NotificationIds.of(event.eventId(), idRecipient, channel),
                addressee.recipient(),
                channel,
                whyNot,
                site);
    }

    private static boolean matches(NotificationProperties.Route route, RoutingKey event) {
        return route.event() == event.type()
                && (route.level() == null || route.level().equals(event.escalationLevel()))
                && (route.withdrawn() == null || route.withdrawn() == event.withdrawnPoint())
                && (route.sites().isEmpty() || containsIgnoreCase(route.sites(), event.siteCode()))
                && (route.divisions().isEmpty() || containsIgnoreCase(route.divisions(), event.policeDivision()));
    }

    private static boolean containsIgnoreCase(List<String> values, String value) {
        return value != null
                && values.stream()
                        .anyMatch(v -> v.strip()
                                .toLowerCase(Locale.ROOT)
                                .equals(value.strip().toLowerCase(Locale.ROOT)));
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }
}
