package uk.transferofcare.notification.delivery;

/**
 * A failure retrying cannot fix: the receiver rejected the request (4xx other than 408/425/429), the address is
 * invalid, or the recipient is no longer configured. Goes straight to the dead-letter topic; a replay after the
 * configuration or receiver is fixed delivers it.
 */
public final class PermanentDeliveryException extends DeliveryFailure {

    public PermanentDeliveryException(String detail) {
        this(detail, null);
    }

    public PermanentDeliveryException(String detail, Throwable cause) {
        super(detail, cause);
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
