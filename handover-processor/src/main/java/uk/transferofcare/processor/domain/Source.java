package uk.transferofcare.processor.domain;

import static java.util.Objects.requireNonNull;

/**
 * How a submission reached the platform. {@code deviceId} may be null; events from one device keep
 * their order.
 */
public record Source(SourceChannel channel, String deviceId, boolean queuedOffline) {

    /** The processor as the source of its own events and linked-case submissions. */
    public static final Source PROCESSOR = new Source(SourceChannel.PROCESSOR, null, false);

    public Source {
        requireNonNull(channel, "channel");
    }
}
