package uk.transferofcare.notification.delivery;

/**
 * A delivery that did not happen. The message is short and safe to put in an outcome's detail (e.g. "HTTP 503",
 * "connection refused"); it never contains message content.
 */
public abstract sealed class DeliveryFailure extends RuntimeException
        permits RetryableDeliveryException, PermanentDeliveryException {

    /** Prefix of every message, so the detail can be found again in dead-letter headers. */
    static final String PREFIX = "delivery failed: ";

    private final String detail;

    DeliveryFailure(String detail, Throwable cause) {
        super(PREFIX + detail, cause);
        this.detail = detail;
    }

    /** The reason, without the prefix. */
    public String detail() {
        return detail;
    }

    /** Whether trying again later can help. */
    public abstract boolean retryable();
}
