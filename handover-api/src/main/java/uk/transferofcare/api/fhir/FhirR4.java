package uk.transferofcare.api.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.stereotype.Component;

/**
 * HAPI's R4 {@link FhirContext}, created on the first FHIR request rather than at start-up: building it scans the
 * model classes (a second or more on a busy machine) and most instances never serve FHIR. Thread-safe; the context is
 * built once and shared, as HAPI recommends.
 */
@Component
class FhirR4 {

    private volatile FhirContext context;

    /** The context, built on first use. */
    FhirContext context() {
        FhirContext built = context;
        if (built == null) {
            synchronized (this) {
                built = context;
                if (built == null) {
                    built = FhirContext.forR4();
                    context = built;
                }
            }
        }
        return built;
    }

    /** True once a request has needed the context. */
    boolean created() {
        return context != null;
    }

    /** The resource as FHIR JSON (compact). */
    String json(IBaseResource resource) {
        IParser parser = context().newJsonParser();
        parser.setPrettyPrint(false);
        return parser.encodeResourceToString(resource);
    }
}
