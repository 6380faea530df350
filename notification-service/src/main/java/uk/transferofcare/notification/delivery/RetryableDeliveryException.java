package uk.transferofcare.notification.delivery;

/** A failure that may go away: the receiver was down, slow, overloaded, or its circuit breaker is open. */
public final class RetryableDeliveryException extends DeliveryFailure {

    public RetryableDeliveryException(String detail) {
        this(detail, null);
    }

    public RetryableDeliveryException(String detail, Throwable cause) {
        super(detail, cause);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
