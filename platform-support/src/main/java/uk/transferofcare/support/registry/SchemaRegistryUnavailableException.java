package uk.transferofcare.support.registry;

/** The registry could not be reached (connection refused, timeout) after every retry. */
public class SchemaRegistryUnavailableException extends RuntimeException {

    public SchemaRegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
