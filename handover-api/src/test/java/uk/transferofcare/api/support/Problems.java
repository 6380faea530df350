package uk.transferofcare.api.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Assertions on application/problem+json answers. */
public final class Problems {

    /** The field and rule of one error. */
    public record Rule(String field, String rule) {}

    private Problems() {}

    /** Asserts the status, the media type and the RFC 9457 members, and returns the (field, rule) pairs. */
    public static List<Rule> rules(MvcResult result, int status, JsonMapper json) throws Exception {
        assertThat(result.getResponse().getStatus())
                .as(result.getResponse().getContentAsString())
                .isEqualTo(status);
        assertThat(result.getResponse().getContentType()).startsWith("application/problem+json");
        JsonNode problem = json.readTree(result.getResponse().getContentAsString());
        assertThat(problem.get("status").intValue()).isEqualTo(status);
        assertThat(problem.get("type").stringValue()).startsWith("/problems/");
        assertThat(problem.get("title").stringValue()).isNotBlank();
        assertThat(problem.get("detail").stringValue()).isNotBlank();
        List<Rule> rules = new ArrayList<>();
        for (JsonNode error : problem.get("errors")) {
            assertThat(error.get("message").stringValue()).isNotBlank();
            rules.add(
                    new Rule(error.get("field").stringValue(), error.get("rule").stringValue()));
        }
        return rules;
    }
}
