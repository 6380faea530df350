package uk.transferofcare.api.sites;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import uk.transferofcare.support.security.KnownOrganisations;

/**
 * Looks up configured sites and divisions by code. Also the organisations a token's {@code org} may name
 * (platform-support's decoder checks them with {@code OrgForRole}).
 */
@Component
public class SiteCatalogue implements KnownOrganisations {

    private final Map<String, ReferenceDataProperties.Site> sites = new LinkedHashMap<>();
    private final Map<String, ReferenceDataProperties.Division> divisions = new LinkedHashMap<>();

    public SiteCatalogue(ReferenceDataProperties properties) {
        properties.sites().forEach(s -> sites.put(s.code(), s));
        properties.divisions().forEach(d -> divisions.put(d.code(), d));
    }

    @Override
    public boolean isSite(String code) {
        return code != null && sites.containsKey(code);
    }

    @Override
    public boolean isDivision(String code) {
        return code != null && divisions.containsKey(code);
    }

    public Optional<ReferenceDataProperties.Site> site(String code) {
        return Optional.ofNullable(code).map(sites::get);
    }

    public List<ReferenceDataProperties.Site> sites() {
        return List.copyOf(sites.values());
    }

    public List<ReferenceDataProperties.Division> divisions() {
        return List.copyOf(divisions.values());
    }
}
