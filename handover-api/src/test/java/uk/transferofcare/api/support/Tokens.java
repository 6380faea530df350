package uk.transferofcare.api.support;

import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import uk.transferofcare.api.devtoken.DevTokenIssuer;

/** Real signed tokens for the tests, from the local profile's issuer. */
public record Tokens(DevTokenIssuer issuer) {

    public String token(String subject, String role, String org) {
        return issuer.mint(subject, role, org);
    }

    public MockHttpServletRequestBuilder as(
            MockHttpServletRequestBuilder request, String subject, String role, String org) {
        return request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token(subject, role, org));
    }

    public MockHttpServletRequestBuilder officer(MockHttpServletRequestBuilder request) {
        return as(request, "pc-" + java.util.UUID.randomUUID().toString().substring(0, 8), "OFFICER", "G");
    }
}
