package uk.transferofcare.api.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;
import uk.transferofcare.api.support.ApiTestSupport;
import uk.transferofcare.api.support.HandoverApiIntegrationTest;

/**
 * A seeded random fuzz of the submission and report endpoints (and the case reads beside them, FHIR included) on the whole
 * application, with the real broker, registry, processor and PostgreSQL up: bodies (mutated fields, wrong JSON types,
 * unknown members, broken or huge JSON), headers (tokens missing, foreign, garbage or with an org that does not fit the
 * role; content types; accept types), path ids and query strings. Every answer must be below 500, every 4xx must be
 * application/problem+json whose errors each name a field and a rule, and nothing may be logged at ERROR.
 *
 * <p>The seed is printed; run one again with {@code -Dfuzz.seed=<seed>}, more cases with {@code -Dfuzz.cases=<n>}.
 */
@HandoverApiIntegrationTest
class ApiFuzzIT extends ApiTestSupport {

    static final long SEED = Long.getLong("fuzz.seed", 20_261_204L);
    static final int CASES = Integer.getInteger("fuzz.cases", 3000);

    static final String[] TYPES = {
        "PRE_ALERTED",
        "ARRIVED",
        "ACKNOWLEDGED",
        "HANDOVER_STARTED",
        "HANDED_OVER",
        "OFFICER_RETAINED",
        "OFFICER_RELEASED",
        "CLEARED",
        "CANCELLED",
        "DIVERTED",
        "ABSCONDED",
        "ENDED_WITHOUT_HANDOVER",
        "CORRECTED",
        "ENTERED_IN_ERROR",
        "ESCALATED",
        "LEGAL_CLOCK_WARNING",
        "DIVISION_TRANSFERRED",
        "LEGAL_CLOCK_EXTENDED",
        "pre_alerted",
        "",
        "DROP TABLE"
    };
    static final String[] FIELDS = {
        "eventId",
        "type",
        "occurredAt",
        "siteCode",
        "legalBasis",
        "removedAt",
        "eta",
        "officerCount",
        "destinationSiteCode",
        "policeDivision",
        "correctedPoint",
        "correctedTo",
        "correctedDivision",
        "correctedLegalBasis",
        "correctedSiteCode",
        "reason",
        "localReference",
        "note",
        "source",
        "details",
        "linkedCaseId"
    };
    static final String[] SITES = {"QEUH", "GRI", "RIE", "ARI", "NW"};
    static final String[] DIVISIONS = {"G", "E", "A", "D", "Q", "U"};
    static final String[] STRINGS = {
        "",
        " ",
        "QEUH",
        "G",
        "null",
        "0",
        "-1",
        "1e309",
        "NaN",
        "2026-12-04T10:00:00Z",
        "2026-13-45T99:99:99Z",
        "9999-12-31T23:59:59Z",
        "0000-01-01T00:00:00Z",
        "CHI0101901234",
        "0101901234",
        "=HYPERLINK(\"x\")",
        "<script>alert(1)</script>",
        "'; DROP TABLE projection.cases; --",
        "../../etc/passwd",
        "\u0000",
        "\uD83D\uDE00",
        "\u202Eevil",
        "%00",
        "${jndi:ldap://x/a}",
        "a".repeat(300),
        "SECTION_297",
        "s297",
        "MHA_S297",
        "PRE_ALERTED"
    };
    static final String[] CONTENT_TYPES = {
        "application/json",
        "application/json",
        "application/json",
        "application/json;charset=UTF-8",
        "text/plain",
        "application/xml",
        "application/x-www-form-urlencoded",
        "application/json;charset=ISO-8859-1",
        "*/*"
    };
    static final String[] ACCEPTS = {
        null,
        "application/json",
        "application/problem+json",
        "*/*",
        "text/csv",
        "text/html",
        "image/png",
        "application/json;q=0.1, text/csv;q=0.9",
        "text/event-stream",
        "application/fhir+json"
    };
    static final String[] REPORT_PARAMETERS = {
        "from", "to", "groupBy", "siteCode", "division", "binMinutes", "maxMinutes", "limit", "format", "x"
    };
    static final String[] REPORT_VALUES = {
        "2026-01-01",
        "2026-02-01",
        "2025-12-31",
        "2030-01-01",
        "1999-01-01",
        "2026-02-30",
        "20260101",
        "site",
        "division",
        "day",
        "week",
        "month",
        "year",
        "QEUH",
        "G",
        "ZZZ",
        "15",
        "0",
        "-5",
        "360",
        "100000",
        "99999999999999999999",
        "1.5",
        "",
        "=1+1",
        "%",
        "\u00e9t\u00e9",
        "a".repeat(200)
    };

    /** Each role with a type it may send: most submissions get past the role table to the processor. */
    static final String[][] ROLE_TYPES = {
        {"OFFICER", "PRE_ALERTED"},
        {"OFFICER", "PRE_ALERTED"},
        {"OFFICER", "ARRIVED"},
        {"OFFICER", "CLEARED"},
        {"ED_STAFF", "ARRIVED"},
        {"ED_STAFF", "ACKNOWLEDGED"},
        {"ED_STAFF", "HANDED_OVER"},
        {"SUPERVISOR", "ENTERED_IN_ERROR"}
    };

    private int sequence;
    private String roleHint;

    @Test
    void givenThousandsOfSeededRandomRequests_whenSent_thenNo5xxEvery4xxIsAProblemNamingFieldAndRuleAndNoError()
            throws Exception {
        System.out.println("ApiFuzzIT seed = " + SEED + ", cases = " + CASES + " (-Dfuzz.seed, -Dfuzz.cases)");
        Random random = new Random(SEED);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        log.start();
        root.addAppender(log);
        List<String> failures = new ArrayList<>();
        Map<Integer, Integer> statuses = new LinkedHashMap<>();
        try {
            for (int n = 0; n < CASES; n++) {
                String described;
                MockHttpServletRequestBuilder request;
                roleHint = null;
                int kind = random.nextInt(100);
                if (kind < 50) {
                    String caseId = pathId(random);
                    request = post(UriComponentsBuilder.fromPath("/api/v1/handovers/{caseId}/events")
                            .buildAndExpand(caseId)
                            .encode()
                            .toUri());
                    String[] roleAndType = ROLE_TYPES[random.nextInt(ROLE_TYPES.length)];
                    roleHint = random.nextInt(10) < 8 ? roleAndType[0] : null;
                    String body = body(random, random.nextInt(10) < 8 ? roleAndType[1] : pick(random, TYPES));
                    request.content(body);
                    String contentType = random.nextInt(10) < 7 ? "application/json" : pick(random, CONTENT_TYPES);
                    request.header(HttpHeaders.CONTENT_TYPE, contentType);
                    described = "POST case " + abbreviate(caseId) + " " + contentType + " " + abbreviate(body);
                } else if (kind < 85) {
                    String path = random.nextBoolean()
                            ? "/api/v1/reports/handover-times"
                            : "/api/v1/reports/handover-time-distribution";
                    UriComponentsBuilder uri = UriComponentsBuilder.fromPath(path);
                    if (random.nextInt(10) < 6) {
                        // a valid query, which the mutations below may spoil
                        uri.queryParam("from", "2026-0" + (1 + random.nextInt(9)) + "-01")
                                .queryParam("to", "2026-1" + random.nextInt(3) + "-01");
                        if (path.endsWith("times")) {
                            uri.queryParam(
                                    "groupBy", pick(random, new String[] {"site", "division", "day", "week", "month"}));
                        }
                    }
                    int count = random.nextInt(4);
                    for (int i = 0; i < count; i++) {
                        uri.queryParam(pick(random, REPORT_PARAMETERS), "{v" + i + "}");
                    }
                    Object[] values = new Object[count];
                    for (int i = 0; i < count; i++) {
                        values[i] = pick(random, REPORT_VALUES);
                    }
                    java.net.URI target = uri.buildAndExpand(values).encode().toUri();
                    request = get(target);
                    roleHint = random.nextInt(10) < 7 ? "ANALYST" : null;
                    described = "GET " + abbreviate(target.toString());
                } else {
                    String caseId = pathId(random);
                    String target = switch (random.nextInt(4)) {
                        case 0 -> "/api/v1/handovers/{a}";
                        case 1 -> "/api/v1/handovers/{a}/events/{b}";
                        case 2 -> "/api/v1/handovers/{a}/fhir";
                        default -> "/api/v1/handovers?siteCode={a}&limit={b}";
                    };
                    java.net.URI uri = UriComponentsBuilder.fromPath(target.replaceAll("\\?.*", ""))
                            .query(target.contains("?") ? target.substring(target.indexOf('?') + 1) : null)
                            .buildAndExpand(
                                    random.nextBoolean() ? pick(random, SITES) : caseId,
                                    random.nextBoolean() ? pathId(random) : pick(random, REPORT_VALUES))
                            .encode()
                            .toUri();
                    request = get(uri);
                    described = "GET " + abbreviate(uri.toString());
                }
                String accept = random.nextInt(10) < 6 ? null : pick(random, ACCEPTS);
                if (accept != null) {
                    request.header(HttpHeaders.ACCEPT, accept);
                }
                described += " accept=" + accept + " as " + authorise(random, request);
                if (random.nextInt(10) == 0) {
                    request.header("Idempotency-Key", pick(random, STRINGS));
                    request.header("X-Forwarded-For", "10.0.0." + random.nextInt(255));
                }

                MvcResult result = answer(mvc.perform(request).andReturn());
                int status = result.getResponse().getStatus();
                statuses.merge(status, 1, Integer::sum);
                String problem = judge(result);
                if (problem != null && failures.size() < 50) {
                    failures.add("#" + n + " " + described + " -> " + status + ": " + problem);
                }
            }
        } finally {
            root.detachAppender(log);
        }
        System.out.println("ApiFuzzIT statuses: " + statuses);

        List<String> errors = log.list.stream()
                .filter(event -> event.getLevel().isGreaterOrEqual(Level.ERROR))
                .map(event -> event.getLoggerName() + ": " + event.getFormattedMessage())
                .toList();
        assertThat(failures).as("seed " + SEED).isEmpty();
        assertThat(errors).as("ERROR logged (seed " + SEED + ")").isEmpty();
        // the fuzz reached past validation too, not only into 400s
        assertThat(statuses.keySet()).as("seed " + SEED).contains(200, 400, 401);
    }

    /** Null when the answer is acceptable, else what is wrong with it. */
    private String judge(MvcResult result) throws Exception {
        int status = result.getResponse().getStatus();
        String body = result.getResponse().getContentAsString();
        if (status >= 500) {
            return "5xx " + abbreviate(body);
        }
        if (status < 400) {
            return null;
        }
        String contentType = result.getResponse().getContentType();
        if (contentType == null || !contentType.startsWith("application/problem+json")) {
            return "4xx as " + contentType + ": " + abbreviate(body);
        }
        JsonNode problem = json.readTree(body);
        JsonNode errors = problem.get("errors");
        if (problem.path("status").intValue() != status || errors == null || errors.isEmpty()) {
            return "problem without status or errors: " + abbreviate(body);
        }
        for (JsonNode error : errors) {
            if (error.path("field").asString("").isBlank()
                    || error.path("rule").asString("").isBlank()) {
                return "an error without field or rule: " + abbreviate(body);
            }
        }
        return null;
    }

    /** Adds an Authorization header (or none) and says which. */
    private String authorise(Random random, MockHttpServletRequestBuilder request) {
        String user = "fz-" + (++sequence);
        int kind = random.nextInt(100);
        if (kind < 4) {
            return "no token";
        }
        if (kind < 8) {
            request.header(HttpHeaders.AUTHORIZATION, "Bearer " + pick(random, STRINGS));
            return "garbage token";
        }
        if (kind < 11) {
            // signed by the trusted key, but the org does not fit the role
            request.header(
                    HttpHeaders.AUTHORIZATION, "Bearer " + tokens.token(user, "ED_STAFF", pick(random, DIVISIONS)));
            return "misfit org";
        }
        int pick = roleHint == null
                ? random.nextInt(6)
                : switch (roleHint) {
                    case "OFFICER" -> 0;
                    case "ED_STAFF" -> 1;
                    case "SUPERVISOR" -> 2;
                    default -> 3;
                };
        String[] who = switch (pick) {
            case 0 -> new String[] {"OFFICER", pick(random, DIVISIONS)};
            case 1 -> new String[] {"ED_STAFF", pick(random, SITES)};
            case 2 -> new String[] {"SUPERVISOR", random.nextBoolean() ? pick(random, SITES) : pick(random, DIVISIONS)};
            case 3, 4 -> new String[] {"ANALYST", "PHS"};
            default -> new String[] {"ADMIN", "ADMIN"};
        };
        request.header(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.token(user, who[0], who[1]));
        return who[0] + "/" + who[1];
    }

    private static String pathId(Random random) {
        return switch (random.nextInt(6)) {
            case 0, 1, 2 -> UUID.randomUUID().toString();
            case 3 -> UUID.randomUUID().toString().toUpperCase();
            default -> pick(random, STRINGS);
        };
    }

    /** A submission body: a plausible one, then zero to three mutations; now and then not JSON at all. */
    private String body(Random random, String type) throws Exception {
        switch (random.nextInt(25)) {
            case 0:
                return "";
            case 1:
                return "{\"eventId\": \"" + UUID.randomUUID() + "\", \"type\": ";
            case 2:
                return "[" + "[".repeat(random.nextInt(2000)) + "]";
            case 3:
                return "{\"note\": \"" + "x".repeat(20_000) + "\"}";
            default:
                break;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("eventId", UUID.randomUUID().toString());
        body.put("type", type);
        body.put("occurredAt", Instant.now().minusSeconds(random.nextInt(3600)).toString());
        if (type.equals("PRE_ALERTED") || random.nextInt(4) == 0) {
            body.put("siteCode", pick(random, SITES));
        }
        int mutations = random.nextInt(10) < 4 ? 0 : 1 + random.nextInt(3);
        for (int i = 0; i < mutations; i++) {
            String field = pick(random, FIELDS);
            switch (random.nextInt(4)) {
                case 0 -> body.remove(field);
                case 1 -> body.put(field, value(random, 0));
                case 2 -> body.put("unknown" + random.nextInt(5), value(random, 0));
                default -> body.put(field, pick(random, STRINGS));
            }
        }
        return json.writeValueAsString(body);
    }

    private static Object value(Random random, int depth) {
        switch (random.nextInt(depth > 2 ? 6 : 8)) {
            case 0:
                return null;
            case 1:
                return random.nextBoolean();
            case 2:
                return random.nextInt();
            case 3:
                return random.nextDouble() * 1e12;
            case 4:
                return Long.MIN_VALUE;
            case 5:
                return pick(random, STRINGS);
            case 6:
                return java.util.Arrays.asList(value(random, depth + 1), value(random, depth + 1));
            default:
                Map<String, Object> nested = new LinkedHashMap<>();
                nested.put("k" + random.nextInt(3), value(random, depth + 1));
                return nested;
        }
    }

    private static <T> T pick(Random random, T[] values) {
        return values[random.nextInt(values.length)];
    }

    private static String abbreviate(String text) {
        String flat = text.chars()
                .mapToObj(c -> c < 0x20 ? "\\u" + String.format("%04x", c) : Character.toString(c))
                .collect(Collectors.joining());
        return flat.length() <= 160 ? flat : flat.substring(0, 160) + "...(" + flat.length() + ")";
    }
}
