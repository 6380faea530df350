package uk.transferofcare.api.problem;

import io.swagger.v3.oas.annotations.Hidden;
import java.util.Arrays;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/** Serves the page a problem's {@code type} points at. */
@RestController
@Hidden
class ProblemDocsController {

    @GetMapping(path = "/problems/{slug}", produces = MediaType.TEXT_HTML_VALUE)
    String describe(@PathVariable String slug) {
        ProblemType type = Arrays.stream(ProblemType.values())
                .filter(t -> t.slug().equals(slug))
                .findFirst()
                .orElseThrow(() -> ApiProblem.notFound("slug", "no such problem type"));
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
                + HtmlUtils.htmlEscape(type.title()) + "</title></head><body><main><h1>"
                + HtmlUtils.htmlEscape(type.title()) + "</h1><p>HTTP "
                + type.status().value() + "</p><p>"
                + HtmlUtils.htmlEscape(type.description()) + "</p></main></body></html>";
    }
}
