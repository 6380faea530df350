package uk.transferofcare.api.config;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document: bearer JWT security and the problem answers every operation may give. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    private static final String BEARER = "bearer-jwt";
    private static final String PROBLEM = "Problem";

    @Bean
    OpenAPI handoverOpenApi() {
        Schema<?> fieldError = new ObjectSchema()
                .addProperty("field", new StringSchema())
                .addProperty("rule", new StringSchema())
                .addProperty("message", new StringSchema());
        Schema<?> problem = new ObjectSchema()
                .description("RFC 9457 problem details with the errors extension")
                .addProperty("type", new StringSchema().example("/problems/validation"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema())
                .addProperty("errors", new ArraySchema().items(fieldError));
        return new OpenAPI()
                .info(new Info()
                        .title("Transfer of care: handover API")
                        .version("v1")
                        .description("Officers and ED staff record handover events; boards and case pages read"
                                + " them. Every error is application/problem+json naming the field and the rule."))
                .components(new Components()
                        .addSecuritySchemes(
                                BEARER,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .bearerFormat("JWT")
                                        .description("Claims: sub = user id, role = OFFICER | ED_STAFF | SUPERVISOR |"
                                                + " ANALYST | ADMIN, org = division or site code (ADMIN for admins)"))
                        .addSchemas(PROBLEM, problem))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    @Bean
    OpenApiCustomizer problemResponsesInOpenApi() {
        Map<String, String> answers = Map.of(
                "400", "Malformed or invalid: each error names the field and the rule",
                "401", "No valid bearer token",
                "403", "Your role and organisation may not do this",
                "404", "Unknown case or submission",
                "409", "The current state already shows this cannot be applied, or the eventId was reused",
                "413", "Body larger than the limit",
                "415", "Body is not application/json",
                "429", "Rate limited: wait Retry-After seconds",
                "503", "Kafka (or the read model) cannot serve now: nothing recorded, retry after Retry-After");
        return openApi -> openApi.getPaths().forEach((path, item) -> {
            if (!path.startsWith("/api/v1/handovers")) {
                return;
            }
            item.readOperations()
                    .forEach(op -> answers.forEach((code, description) -> {
                        if (code.equals("413") || code.equals("415") || code.equals("429") || code.equals("409")) {
                            if (op.getRequestBody() == null) {
                                return;
                            }
                        }
                        op.getResponses()
                                .putIfAbsent(
                                        code,
                                        new ApiResponse()
                                                .description(description)
                                                .content(new Content()
                                                        .addMediaType(
                                                                "application/problem+json",
                                                                new MediaType()
                                                                        .schema(new Schema<>()
                                                                                .$ref("#/components/schemas/"
                                                                                        + PROBLEM)))));
                    }));
        });
    }
}
