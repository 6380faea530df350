package uk.transferofcare.registry;

/**
 * An answer other than success, with Confluent's HTTP status, error code and message. Rendered as
 * {@code {"error_code":N,"message":"..."}}.
 */
final class RegistryException extends RuntimeException {

    static final int SUBJECT_NOT_FOUND = 40401;
    static final int VERSION_NOT_FOUND = 40402;
    static final int SCHEMA_NOT_FOUND = 40403;
    static final int SUBJECT_SOFT_DELETED = 40404;
    static final int SUBJECT_NOT_SOFT_DELETED = 40405;
    static final int VERSION_SOFT_DELETED = 40406;
    static final int VERSION_NOT_SOFT_DELETED = 40407;
    static final int SUBJECT_COMPATIBILITY_NOT_CONFIGURED = 40408;
    static final int SUBJECT_MODE_NOT_CONFIGURED = 40409;
    /** Confluent 5.x-7.x answer incompatible schemas with error code 409 (the HTTP status); 8.x uses 40901. */
    static final int INCOMPATIBLE_SCHEMA = 409;

    static final int INVALID_SCHEMA = 42201;
    static final int INVALID_VERSION = 42202;
    static final int INVALID_COMPATIBILITY_LEVEL = 42203;
    static final int OPERATION_NOT_PERMITTED = 42205;
    static final int INVALID_SUBJECT = 42208;
    static final int STORE_ERROR = 50001;
    static final int OPERATION_TIMEOUT = 50002;

    private final int status;
    private final int errorCode;

    RegistryException(int status, int errorCode, String message) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
    }

    RegistryException(int status, int errorCode, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.errorCode = errorCode;
    }

    int status() {
        return status;
    }

    int errorCode() {
        return errorCode;
    }

    static RegistryException subjectNotFound(String subject) {
        return new RegistryException(404, SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
    }

    static RegistryException versionNotFound(int version) {
        return new RegistryException(404, VERSION_NOT_FOUND, "Version " + version + " not found.");
    }

    static RegistryException schemaNotFound(int id) {
        return new RegistryException(404, SCHEMA_NOT_FOUND, "Schema " + id + " not found");
    }

    static RegistryException schemaNotFound() {
        return new RegistryException(404, SCHEMA_NOT_FOUND, "Schema not found");
    }

    // Confluent's messages, including the missing space before "Set".
    static RegistryException subjectSoftDeleted(String subject) {
        return new RegistryException(
                404,
                SUBJECT_SOFT_DELETED,
                "Subject '" + subject + "' was soft deleted.Set permanent=true to delete permanently");
    }

    static RegistryException subjectNotSoftDeleted(String subject) {
        return new RegistryException(
                404,
                SUBJECT_NOT_SOFT_DELETED,
                "Subject '" + subject + "' was not deleted first before being permanently deleted");
    }

    static RegistryException versionSoftDeleted(String subject, String version) {
        return new RegistryException(
                404,
                VERSION_SOFT_DELETED,
                "Subject '" + subject + "' Version " + version
                        + " was soft deleted.Set permanent=true to delete permanently");
    }

    static RegistryException versionNotSoftDeleted(String subject, String version) {
        return new RegistryException(
                404,
                VERSION_NOT_SOFT_DELETED,
                "Subject '" + subject + "' Version " + version
                        + " was not deleted first before being permanently deleted");
    }

    static RegistryException subjectCompatibilityNotConfigured(String subject) {
        return new RegistryException(
                404,
                SUBJECT_COMPATIBILITY_NOT_CONFIGURED,
                "Subject '" + subject + "' does not have subject-level compatibility configured");
    }

    static RegistryException subjectModeNotConfigured(String subject) {
        return new RegistryException(
                404,
                SUBJECT_MODE_NOT_CONFIGURED,
                "Subject '" + subject + "' does not have subject-level mode configured");
    }

    static RegistryException incompatible(String subject, java.util.List<String> details) {
        return new RegistryException(
                409,
                INCOMPATIBLE_SCHEMA,
                "Schema being registered is incompatible with an earlier schema for subject \"" + subject
                        + "\", details: " + details);
    }

    static RegistryException invalidSchema(String message) {
        return new RegistryException(422, INVALID_SCHEMA, message);
    }

    static RegistryException invalidVersion(String version) {
        return new RegistryException(
                422,
                INVALID_VERSION,
                "The specified version '" + version + "' is not a valid version id. "
                        + "Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }

    static RegistryException invalidCompatibilityLevel() {
        return new RegistryException(
                422,
                INVALID_COMPATIBILITY_LEVEL,
                "Invalid compatibility level. Valid values are none, backward, forward and full"
                        + " (and backward_transitive, forward_transitive, full_transitive)");
    }

    static RegistryException operationNotPermitted(String message) {
        return new RegistryException(422, OPERATION_NOT_PERMITTED, message);
    }

    static RegistryException invalidSubject(String subject) {
        return new RegistryException(
                422, INVALID_SUBJECT, "The specified subject '" + subject + "' is not a valid subject name.");
    }

    static RegistryException storeError(String message, Throwable cause) {
        return new RegistryException(500, STORE_ERROR, message, cause);
    }

    static RegistryException timeout(String message, Throwable cause) {
        return new RegistryException(500, OPERATION_TIMEOUT, message, cause);
    }

    /** A plain HTTP error (unknown path, wrong method, bad media type): error code = status, as Confluent. */
    static RegistryException http(int status, String message) {
        return new RegistryException(status, status, message);
    }
}
