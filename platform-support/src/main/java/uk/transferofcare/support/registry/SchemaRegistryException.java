package uk.transferofcare.support.registry;

/**
 * The registry answered with an error. {@link #errorCode()} is Confluent's code (40401 subject not found, 40403
 * schema not found, 409 incompatible, 42201 invalid schema...), {@link #status()} the HTTP status.
 */
public class SchemaRegistryException extends RuntimeException {

    /** Subject not found. */
    public static final int SUBJECT_NOT_FOUND = 40401;
    /** Version not found. */
    public static final int VERSION_NOT_FOUND = 40402;
    /** Schema not found. */
    public static final int SCHEMA_NOT_FOUND = 40403;
    /** Schema incompatible with an earlier version. */
    public static final int INCOMPATIBLE_SCHEMA = 409;
    /** Invalid schema. */
    public static final int INVALID_SCHEMA = 42201;

    private final int status;
    private final int errorCode;

    public SchemaRegistryException(int status, int errorCode, String message) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
    }

    public int status() {
        return status;
    }

    public int errorCode() {
        return errorCode;
    }

    /** True for 5xx answers, which are worth retrying. */
    public boolean isServerError() {
        return status >= 500;
    }
}
