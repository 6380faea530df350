package uk.transferofcare.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.transferofcare.registry.RegistryHttp.record;
import static uk.transferofcare.registry.RegistryHttp.schemaBody;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import uk.transferofcare.registry.RegistryHttp.Answer;

/** The REST API's semantics and Confluent's error codes, against the in-memory store. */
class RestApiTest {

    private static final String A = record("A", "a");
    private static final String A_PLUS_B = record("A", "a", "b=x");
    private static final String OTHER = record("Other", "z");

    private SchemaRegistryServer server;
    private RegistryHttp http;

    @BeforeEach
    void start() {
        server = SchemaRegistryServer.startInMemory("127.0.0.1", 0);
        http = new RegistryHttp(server.url());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static void assertError(Answer answer, int status, int errorCode) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.errorCode()).as(answer.toString()).isEqualTo(errorCode);
        assertThat(answer.message()).isNotBlank();
    }

    @Nested
    class Basics {

        @Test
        void rootAnswersAnEmptyObject() {
            Answer answer = http.get("/");
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.json().isObject()).isTrue();
            assertThat(answer.json().size()).isZero();
        }

        @Test
        void answersInConfluentsMediaTypeByDefault() {
            assertThat(http.get("/subjects").contentType()).isEqualTo(RestApi.V1_JSON);
        }

        @Test
        void answersPlainJsonWhenOnlyThatIsAccepted() {
            Answer answer = http.send("GET", "/subjects", null, null, "Accept", "application/json");
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.contentType()).isEqualTo("application/json");
        }

        @Test
        void prefersConfluentsMediaTypesOverPlainJson() {
            Answer answer = http.send(
                    "GET", "/subjects", null, null, "Accept", "application/json, application/vnd.schemaregistry+json");
            assertThat(answer.contentType()).isEqualTo(RestApi.DEFAULT_JSON);
        }

        @Test
        void refusesMediaTypesItCannotProduce() {
            assertError(http.send("GET", "/subjects", null, null, "Accept", "text/html"), 406, 406);
        }

        @Test
        void acceptsTheThreeJsonContentTypes() {
            for (String type : List.of(RestApi.V1_JSON, RestApi.DEFAULT_JSON, "application/json; charset=utf-8")) {
                Answer answer = http.send("POST", "/subjects/s/versions", schemaBody(A), type);
                assertThat(answer.status()).as(type).isEqualTo(200);
            }
        }

        @Test
        void refusesOtherContentTypes() {
            assertError(http.send("POST", "/subjects/s/versions", schemaBody(A), "text/plain"), 415, 415);
        }

        @Test
        void schemaTypesAreAvroOnly() {
            assertThat(http.get("/schemas/types").body()).isEqualTo("[\"AVRO\"]");
        }

        @Test
        void modeIsReadWrite() {
            assertThat(http.get("/mode").json().path("mode").asString()).isEqualTo("READWRITE");
            assertError(http.get("/mode/s"), 404, 40409);
            assertThat(http.get("/mode/s?defaultToGlobal=true")
                            .json()
                            .path("mode")
                            .asString())
                    .isEqualTo("READWRITE");
        }

        @Test
        void healthIsUp() {
            Answer answer = http.get("/health");
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.json().path("status").asString()).isEqualTo("UP");
        }

        @Test
        void unknownPathsAre404WithAnErrorBody() {
            assertError(http.get("/nope"), 404, 404);
            assertError(http.get("/subjects/s/nope"), 404, 404);
            assertError(http.get("/schemas/ids/abc"), 404, 404);
            assertError(http.get("/subjects//versions"), 404, 404);
        }

        @Test
        void wrongMethodsAre405WithAnErrorBody() {
            assertError(http.put("/subjects", "{}"), 405, 405);
            assertError(http.delete("/schemas/types"), 405, 405);
            assertError(http.get("/compatibility/subjects/s/versions/latest"), 405, 405);
        }
    }

    @Nested
    class Registering {

        @Test
        void firstSchemaGetsIdOneAndVersionOne() {
            assertThat(http.registerOk("s", A)).isEqualTo(1);
            assertThat(http.get("/subjects/s/versions").body()).isEqualTo("[1]");
        }

        @Test
        void registeringAnExistingSchemaReturnsItsIdWithoutANewVersion() {
            int id = http.registerOk("s", A);
            http.registerOk("s", A_PLUS_B);
            assertThat(http.registerOk("s", A)).isEqualTo(id);
            assertThat(http.get("/subjects/s/versions").body()).isEqualTo("[1,2]");
        }

        @Test
        void theSameSchemaInAnotherSubjectGetsTheSameIdAndItsOwnVersion() {
            http.registerOk("first", OTHER);
            int id = http.registerOk("first", OTHER + " ");
            assertThat(http.registerOk("second", OTHER)).isEqualTo(id);
            assertThat(http.get("/subjects/second/versions").body()).isEqualTo("[1]");
            assertThat(http.get("/schemas/ids/" + id + "/subjects").body()).isEqualTo("[\"first\",\"second\"]");
        }

        @Test
        void formattingAndAttributeOrderDoNotMakeANewSchema() {
            int id = http.registerOk("s", A);
            String reordered = "{ \"fields\": [ {\"type\": \"string\", \"name\": \"a\"} ],\n"
                    + "  \"name\": \"A\", \"namespace\": \"test\", \"type\": \"record\" }";
            assertThat(http.registerOk("s", reordered)).isEqualTo(id);
        }

        @Test
        void differentSchemasGetDifferentIds() {
            int a = http.registerOk("s", A);
            int other = http.registerOk("t", OTHER);
            assertThat(other).isNotEqualTo(a);
        }

        @Test
        void storesAvrosRenderingOfTheSchema() {
            String messy = "{\"type\" : \"record\", \"name\" : \"A\", \"namespace\" : \"test\","
                    + " \"fields\" : [ { \"name\" : \"a\", \"type\" : \"string\" } ] }";
            int id = http.registerOk("s", messy);
            assertThat(http.get("/schemas/ids/" + id).json().path("schema").asString())
                    .isEqualTo("{\"type\":\"record\",\"name\":\"A\",\"namespace\":\"test\","
                            + "\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}");
        }

        @Test
        void normalizeMakesPropertyOrderAndNameQualificationIrrelevant() {
            String one = "{\"type\":\"record\",\"name\":\"N\",\"namespace\":\"test\",\"owner\":\"x\",\"team\":\"y\","
                    + "\"fields\":[{\"name\":\"a\",\"type\":{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"P\"]}},"
                    + "{\"name\":\"b\",\"type\":\"E\"}]}";
            String two = "{\"type\":\"record\",\"name\":\"test.N\",\"team\":\"y\",\"owner\":\"x\","
                    + "\"fields\":[{\"name\":\"a\",\"type\":{\"type\":\"enum\",\"name\":\"test.E\",\"symbols\":[\"P\"]}},"
                    + "{\"name\":\"b\",\"type\":\"test.E\"}]}";
            int plain = http.registerOk("plain", one);
            assertThat(http.registerOk("plain", two)).as("without normalize").isNotEqualTo(plain);

            int normalized = http.post("/subjects/norm/versions?normalize=true", schemaBody(one))
                    .id();
            Answer again = http.post("/subjects/norm/versions?normalize=true", schemaBody(two));
            assertThat(again.id()).isEqualTo(normalized);
            assertThat(http.get("/subjects/norm/versions").body()).isEqualTo("[1]");
            assertThat(http.post("/subjects/norm?normalize=true", schemaBody(two))
                            .json()
                            .path("id")
                            .asInt())
                    .isEqualTo(normalized);
        }

        @Test
        void anIncompatibleSchemaIs409WithConfluentsMessage() {
            http.registerOk("s", A);
            Answer answer = http.register("s", record("A", "a", "b"));
            assertError(answer, 409, 409);
            assertThat(answer.message())
                    .startsWith("Schema being registered is incompatible with an earlier schema for subject \"s\"")
                    .contains("READER_FIELD_MISSING_DEFAULT_VALUE")
                    .contains("{oldSchemaVersion: 1}")
                    .contains("compatibility: 'BACKWARD'");
            assertThat(http.get("/subjects/s/versions").body()).isEqualTo("[1]");
        }

        @Test
        void invalidAvroIs42201() {
            Answer answer = http.register("s", "{\"type\":\"record\",\"name\":\"X\"}");
            assertError(answer, 422, 42201);
            assertThat(answer.message()).contains("Invalid schema");
            assertError(http.register("s", "not json"), 422, 42201);
            assertError(http.register("s", "{\"type\":\"nosuchtype\"}"), 422, 42201);
        }

        @Test
        void aSchemaNestedTooDeeplyIs42201NotAServerError() {
            String deep = "\"int\"";
            for (int i = 0; i < 3000; i++) {
                deep = "{\"type\":\"array\",\"items\":" + deep + "}";
            }
            Answer answer = http.register("s", deep);
            assertThat(answer.status()).as(answer.toString()).isIn(400, 422);
        }

        @Test
        void aDefaultOfTheWrongTypeIs42201() {
            String badDefault = "{\"type\":\"record\",\"name\":\"X\",\"fields\":"
                    + "[{\"name\":\"n\",\"type\":\"int\",\"default\":\"text\"}]}";
            assertError(http.register("s", badDefault), 422, 42201);
        }

        @ParameterizedTest
        @ValueSource(strings = {"JSON", "PROTOBUF", "avro"})
        void otherSchemaTypesAre42201(String type) {
            String body = RegistryHttp.JSON
                    .createObjectNode()
                    .put("schemaType", type)
                    .put("schema", A)
                    .toString();
            Answer answer = http.post("/subjects/s/versions", body);
            assertError(answer, 422, 42201);
            assertThat(answer.message()).contains("Invalid schema type " + type).contains("AVRO");
        }

        @Test
        void explicitAvroTypeIsAccepted() {
            String body = RegistryHttp.JSON
                    .createObjectNode()
                    .put("schemaType", "AVRO")
                    .put("schema", A)
                    .toString();
            assertThat(http.post("/subjects/s/versions", body).status()).isEqualTo(200);
        }

        @Test
        void referencesAreRefusedWithAClearMessage() {
            String body = "{\"schema\":" + RegistryHttp.JSON.getNodeFactory().stringNode(A)
                    + ",\"references\":[{\"name\":\"test.B\",\"subject\":\"b\",\"version\":1}]}";
            Answer answer = http.post("/subjects/s/versions", body);
            assertError(answer, 422, 42201);
            assertThat(answer.message()).contains("references are not supported");
        }

        @Test
        void emptyReferencesAreFine() {
            String body = "{\"schema\":" + RegistryHttp.JSON.getNodeFactory().stringNode(A) + ",\"references\":[]}";
            assertThat(http.post("/subjects/s/versions", body).status()).isEqualTo(200);
        }

        @Test
        void anEmptySchemaIs42201() {
            assertError(http.post("/subjects/s/versions", "{}"), 422, 42201);
            assertError(http.post("/subjects/s/versions", "{\"schema\":\"  \"}"), 422, 42201);
        }

        @Test
        void malformedJsonIs400() {
            Answer answer = http.post("/subjects/s/versions", "{\"schema\": ");
            assertError(answer, 400, 400);
            assertThat(answer.message()).contains("Malformed JSON");
        }

        @Test
        void aBodyOfTheWrongShapeIs422() {
            assertError(http.post("/subjects/s/versions", "[1,2]"), 422, 422);
            assertError(http.post("/subjects/s/versions", "{\"schema\":{\"type\":\"string\"}}"), 422, 422);
            assertError(http.post("/subjects/s/versions", "{\"schema\":\"\\\"int\\\"\",\"id\":\"x\"}"), 422, 422);
            assertError(http.post("/subjects/s/versions", null), 422, 422);
        }

        @Test
        void anIdIsOnlyAcceptedWhenItIsTheSchemasId() {
            int id = http.registerOk("s", A);
            String same = "{\"schema\":" + RegistryHttp.JSON.getNodeFactory().stringNode(A) + ",\"id\":" + id + "}";
            assertThat(http.post("/subjects/s/versions", same).id()).isEqualTo(id);
            String other = "{\"schema\":" + RegistryHttp.JSON.getNodeFactory().stringNode(OTHER) + ",\"id\":99}";
            assertError(http.post("/subjects/s/versions", other), 422, 42205);
        }

        @Test
        void subjectNamesAreUrlDecoded() {
            int id = http.registerOk("orders%2Fv1%20value", A);
            assertThat(http.get("/subjects").body()).isEqualTo("[\"orders/v1 value\"]");
            assertThat(http.get("/subjects/orders%2Fv1%20value/versions/1")
                            .json()
                            .path("id")
                            .asInt())
                    .isEqualTo(id);
        }
    }

    @Nested
    class Reading {

        @Test
        void versionByNumberLatestAndMinusOne() {
            int first = http.registerOk("s", A);
            int second = http.registerOk("s", A_PLUS_B);
            JsonNode v1 = http.get("/subjects/s/versions/1").json();
            assertThat(v1.path("subject").asString()).isEqualTo("s");
            assertThat(v1.path("version").asInt()).isEqualTo(1);
            assertThat(v1.path("id").asInt()).isEqualTo(first);
            assertThat(v1.path("schema").asString())
                    .isEqualTo(AvroSchemas.parse(A).toString());
            assertThat(v1.has("schemaType"))
                    .as("AVRO is implied, as Confluent omits it")
                    .isFalse();
            assertThat(http.get("/subjects/s/versions/latest").json().path("id").asInt())
                    .isEqualTo(second);
            assertThat(http.get("/subjects/s/versions/-1")
                            .json()
                            .path("version")
                            .asInt())
                    .isEqualTo(2);
        }

        @Test
        void rawSchemaOfAVersion() {
            http.registerOk("s", A);
            Answer answer = http.get("/subjects/s/versions/latest/schema");
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo(AvroSchemas.parse(A).toString());
        }

        @Test
        void unknownSubjectIs40401() {
            assertError(http.get("/subjects/nope/versions"), 404, 40401);
            assertError(http.get("/subjects/nope/versions/1"), 404, 40401);
            assertError(http.get("/subjects/nope/versions/latest"), 404, 40401);
            assertThat(http.get("/subjects/nope/versions").message()).isEqualTo("Subject 'nope' not found.");
        }

        @Test
        void unknownVersionIs40402() {
            http.registerOk("s", A);
            Answer answer = http.get("/subjects/s/versions/7");
            assertError(answer, 404, 40402);
            assertThat(answer.message()).isEqualTo("Version 7 not found.");
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "-2", "abc", "1.5", "99999999999"})
        void invalidVersionsAre42202(String version) {
            http.registerOk("s", A);
            assertError(http.get("/subjects/s/versions/" + version), 422, 42202);
            assertError(http.delete("/subjects/s/versions/" + version), 422, 42202);
        }

        @Test
        void schemaById() {
            int id = http.registerOk("s", A);
            Answer answer = http.get("/schemas/ids/" + id);
            assertThat(answer.json().path("schema").asString())
                    .isEqualTo(AvroSchemas.parse(A).toString());
            assertThat(answer.json().has("schemaType")).isFalse();
            assertThat(http.get("/schemas/ids/" + id + "?subject=s").status()).isEqualTo(200);
            assertThat(http.get("/schemas/ids/" + id + "/schema").body())
                    .isEqualTo(AvroSchemas.parse(A).toString());
        }

        @Test
        void subjectsAndVersionsOfAnId() {
            int id = http.registerOk("b", A);
            http.setCompatibility("a", "NONE");
            http.registerOk("a", OTHER);
            http.registerOk("a", A);
            assertThat(http.get("/schemas/ids/" + id + "/subjects").body()).isEqualTo("[\"a\",\"b\"]");
            assertThat(http.get("/schemas/ids/" + id + "/versions").body())
                    .isEqualTo("[{\"subject\":\"a\",\"version\":2},{\"subject\":\"b\",\"version\":1}]");
        }

        @Test
        void unknownIdIs40403() {
            Answer answer = http.get("/schemas/ids/42");
            assertError(answer, 404, 40403);
            assertThat(answer.message()).isEqualTo("Schema 42 not found");
            assertError(http.get("/schemas/ids/42/subjects"), 404, 40403);
            assertError(http.get("/schemas/ids/42/versions"), 404, 40403);
            assertError(http.get("/schemas/ids/42/schema"), 404, 40403);
        }

        @Test
        void subjectsAreListedSorted() {
            http.registerOk("b", A);
            http.registerOk("a", A);
            assertThat(http.get("/subjects").body()).isEqualTo("[\"a\",\"b\"]");
        }

        @Test
        void referencedByIsEmpty() {
            http.registerOk("s", A);
            assertThat(http.get("/subjects/s/versions/1/referencedby").body()).isEqualTo("[]");
            assertError(http.get("/subjects/s/versions/2/referencedby"), 404, 40402);
        }
    }

    @Nested
    class LookingUp {

        @Test
        void findsTheVersionHoldingTheSchema() {
            int id = http.registerOk("s", A);
            http.registerOk("s", A_PLUS_B);
            JsonNode found = http.post("/subjects/s", schemaBody(A)).json();
            assertThat(found.path("subject").asString()).isEqualTo("s");
            assertThat(found.path("id").asInt()).isEqualTo(id);
            assertThat(found.path("version").asInt()).isEqualTo(1);
            assertThat(found.path("schema").asString())
                    .isEqualTo(AvroSchemas.parse(A).toString());
        }

        @Test
        void unknownSubjectIs40401() {
            assertError(http.post("/subjects/nope", schemaBody(A)), 404, 40401);
        }

        @Test
        void unknownSchemaIs40403() {
            http.registerOk("s", A);
            Answer answer = http.post("/subjects/s", schemaBody(OTHER));
            assertError(answer, 404, 40403);
            assertThat(answer.message()).isEqualTo("Schema not found");
        }

        @Test
        void aSchemaRegisteredElsewhereIsNotFoundHere() {
            http.registerOk("elsewhere", OTHER);
            http.registerOk("s", A);
            assertError(http.post("/subjects/s", schemaBody(OTHER)), 404, 40403);
        }

        @Test
        void softDeletedVersionsAreFoundOnlyWithDeleted() {
            http.registerOk("s", A);
            http.registerOk("s", A_PLUS_B);
            http.delete("/subjects/s/versions/1");
            assertError(http.post("/subjects/s", schemaBody(A)), 404, 40403);
            assertThat(http.post("/subjects/s?deleted=true", schemaBody(A))
                            .json()
                            .path("version")
                            .asInt())
                    .isEqualTo(1);
        }

        @Test
        void invalidSchemaIs42201() {
            http.registerOk("s", A);
            assertError(http.post("/subjects/s", schemaBody("{\"type\":\"record\"}")), 422, 42201);
        }
    }

    @Nested
    class Deleting {

        @Test
        void softDeletedVersionsAreHiddenUnlessAskedFor() {
            http.registerOk("s", A);
            http.registerOk("s", A_PLUS_B);
            Answer deleted = http.delete("/subjects/s/versions/1");
            assertThat(deleted.status()).isEqualTo(200);
            assertThat(deleted.body()).isEqualTo("1");
            assertThat(http.get("/subjects/s/versions").body()).isEqualTo("[2]");
            assertThat(http.get("/subjects/s/versions?deleted=true").body()).isEqualTo("[1,2]");
            assertError(http.get("/subjects/s/versions/1"), 404, 40402);
            assertThat(http.get("/subjects/s/versions/1?deleted=true")
                            .json()
                            .path("version")
                            .asInt())
                    .isEqualTo(1);
        }

        @Test
        void softDeletingTwiceIs40406() {
            http.registerOk("s", A);
            http.registerOk("s", A_PLUS_B);
            http.delete("/subjects/s/versions/1");
            Answer again = http.delete("/subjects/s/versions/1");
            assertError(again, 404, 40406);
            assertThat(again.message())
                    .isEqualTo("Subject 's' Version 1 was soft deleted.Set permanent=true to delete permanently");
        }

        @Test
        void permanentDeleteOfAVersionNeedsASoftDeleteFirst() {
            http.registerOk("s", A);
            Answer answer = http.delete("/subjects/s/versions/1?permanent=true");
            assertError(answer, 404, 40407);
            assertThat(answer.message())
                    .isEqualTo("Subject 's' Version 1 was not deleted first before being permanently deleted");
            assertThat(http.get("/subjects/s/versions").body()).isEqualTo("[1]");

            assertThat(http.delete("/subjects/s/versions/1").status()).isEqualTo(200);
            assertThat(http.delete("/subjects/s/versions/1?permanent=true").body())
                    .isEqualTo("1");
            assertError(http.get("/subjects/s/versions?deleted=true"), 404, 40401);
        }

        @Test
        void deletingAnUnknownVersionIs40402AndAnUnknownSubject40401() {
            http.registerOk("s", A);
            assertError(http.delete("/subjects/s/versions/5"), 404, 40402);
            assertError(http.delete("/subjects/nope/versions/1"), 404, 40401);
            assertError(http.delete("/subjects/nope"), 404, 40401);
        }

        @Test
        void deletingLatestSoftDeletesTheHighestLiveVersion() {
            http.registerOk("s", A);
            http.registerOk("s", A_PLUS_B);
            assertThat(http.delete("/subjects/s/versions/latest").body()).isEqualTo("2");
            assertThat(http.get("/subjects/s/versions/latest")
                            .json()
                            .path("version")
                            .asInt())
                    .isEqualTo(1);
        }

        @Test
        void softDeletingASubjectHidesItAndReturnsItsVersions() {
            http.registerOk("s", A);
            http.registerOk("s", A_PLUS_B);
            http.registerOk("t", OTHER);
            Answer answer = http.delete("/subjects/s");
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("[1,2]");
            assertThat(http.get("/subjects").body()).isEqualTo("[\"t\"]");
            assertThat(http.get("/subjects?deleted=true").body()).isEqualTo("[\"s\",\"t\"]");
            assertError(http.get("/subjects/s/versions"), 404, 40401);
            assertThat(http.get("/subjects/s/versions?deleted=true").body()).isEqualTo("[1,2]");
            assertError(http.get("/subjects/s/versions/latest"), 404, 40401);
        }

        @Test
        void softDeletingASoftDeletedSubjectIs40404() {
            http.registerOk("s", A);
            http.delete("/subjects/s");
            Answer answer = http.delete("/subjects/s");
            assertError(answer, 404, 40404);
            assertThat(answer.message())
                    .isEqualTo("Subject 's' was soft deleted.Set permanent=true to delete permanently");
        }

        @Test
        void permanentDeleteOfASubjectNeedsASoftDeleteFirst() {
            int id = http.registerOk("s", A);
            Answer refused = http.delete("/subjects/s?permanent=true");
            assertError(refused, 404, 40405);
            assertThat(refused.message())
                    .isEqualTo("Subject 's' was not deleted first before being permanently deleted");

            http.delete("/subjects/s");
            assertThat(http.delete("/subjects/s?permanent=true").body()).isEqualTo("[1]");
            assertThat(http.get("/subjects?deleted=true").body()).isEqualTo("[]");
            assertError(http.get("/schemas/ids/" + id), 404, 40403);
        }

        @Test
        void aPartlySoftDeletedSubjectCannotBePermanentlyDeleted() {
            http.registerOk("s", A);
            http.registerOk("s", A_PLUS_B);
            http.delete("/subjects/s/versions/1");
            assertError(http.delete("/subjects/s?permanent=true"), 404, 40405);
        }

        @Test
        void softDeletedSchemasKeepTheirIds() {
            int id = http.registerOk("s", A);
            http.delete("/subjects/s");
            assertThat(http.get("/schemas/ids/" + id).status()).isEqualTo(200);
            assertThat(http.get("/schemas/ids/" + id + "/subjects").body()).isEqualTo("[]");
            assertThat(http.get("/schemas/ids/" + id + "/subjects?deleted=true").body())
                    .isEqualTo("[\"s\"]");
        }

        @Test
        void reRegisteringAfterASoftDeleteContinuesTheVersionsWithTheSameId() {
            int id = http.registerOk("s", A);
            http.registerOk("s", A_PLUS_B);
            http.delete("/subjects/s");
            assertThat(http.registerOk("s", A)).isEqualTo(id);
            assertThat(http.get("/subjects/s/versions").body()).isEqualTo("[3]");
            // The soft-deleted version 1 of the same schema gave way to version 3, as in Confluent.
            assertThat(http.get("/subjects/s/versions?deleted=true").body()).isEqualTo("[2,3]");
        }

        @Test
        void afterAPermanentDeleteVersionsStartAgainButIdsDoNot() {
            int first = http.registerOk("s", A);
            http.delete("/subjects/s");
            http.delete("/subjects/s?permanent=true");
            int again = http.registerOk("s", OTHER);
            assertThat(again).isGreaterThan(first);
            assertThat(http.get("/subjects/s/versions").body()).isEqualTo("[1]");
        }

        @Test
        void idsStayResolvableWhileAnotherSubjectUsesThem() {
            int id = http.registerOk("s", A);
            http.registerOk("t", A);
            http.delete("/subjects/s");
            http.delete("/subjects/s?permanent=true");
            assertThat(http.get("/schemas/ids/" + id).status()).isEqualTo(200);
            assertThat(http.get("/schemas/ids/" + id + "/subjects").body()).isEqualTo("[\"t\"]");
        }
    }

    @Nested
    class Config {

        @Test
        void theGlobalDefaultIsBackward() {
            Answer answer = http.get("/config");
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.json().path("compatibilityLevel").asString()).isEqualTo("BACKWARD");
        }

        @Test
        void settingTheGlobalLevelEchoesTheRequest() {
            Answer answer = http.setCompatibility(null, "full");
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("{\"compatibility\":\"FULL\"}");
            assertThat(http.get("/config").json().path("compatibilityLevel").asString())
                    .isEqualTo("FULL");
        }

        @Test
        void invalidLevelsAre42203() {
            assertError(http.setCompatibility(null, "SIDEWAYS"), 422, 42203);
            assertError(http.setCompatibility("s", "SIDEWAYS"), 422, 42203);
            assertError(http.put("/config", "{}"), 422, 42203);
            assertError(http.put("/config", "{\"compatibility\":7}"), 422, 42203);
        }

        @Test
        void aSubjectWithoutItsOwnLevelIs40408UnlessDefaultToGlobal() {
            http.registerOk("s", A);
            Answer answer = http.get("/config/s");
            assertError(answer, 404, 40408);
            assertThat(answer.message()).isEqualTo("Subject 's' does not have subject-level compatibility configured");
            http.setCompatibility(null, "FORWARD");
            assertThat(http.get("/config/s?defaultToGlobal=true")
                            .json()
                            .path("compatibilityLevel")
                            .asString())
                    .isEqualTo("FORWARD");
        }

        @Test
        void subjectLevelsOverrideTheGlobalOne() {
            assertThat(http.setCompatibility("s", "NONE").body()).isEqualTo("{\"compatibility\":\"NONE\"}");
            assertThat(http.get("/config/s").json().path("compatibilityLevel").asString())
                    .isEqualTo("NONE");
            http.registerOk("s", A);
            assertThat(http.register("s", record("A", "a", "b")).status()).isEqualTo(200);
        }

        @Test
        void deletingASubjectLevelReturnsItAndRevertsToGlobal() {
            http.setCompatibility("s", "FULL_TRANSITIVE");
            Answer deleted = http.delete("/config/s");
            assertThat(deleted.status()).isEqualTo(200);
            assertThat(deleted.json().path("compatibilityLevel").asString()).isEqualTo("FULL_TRANSITIVE");
            assertError(http.get("/config/s"), 404, 40408);
            assertError(http.delete("/config/s"), 404, 40401);
        }

        @Test
        void deletingTheGlobalLevelRevertsToBackward() {
            http.setCompatibility(null, "NONE");
            assertThat(http.delete("/config").json().path("compatibilityLevel").asString())
                    .isEqualTo("NONE");
            assertThat(http.get("/config").json().path("compatibilityLevel").asString())
                    .isEqualTo("BACKWARD");
        }

        @Test
        void softDeletingASubjectDropsItsLevel() {
            http.registerOk("s", A);
            http.setCompatibility("s", "NONE");
            http.delete("/subjects/s");
            assertError(http.get("/config/s"), 404, 40408);
        }

        @Test
        void softDeletingTheLastLiveVersionDropsTheSubjectsLevel() {
            http.registerOk("s", A);
            http.setCompatibility("s", "NONE");
            http.delete("/subjects/s/versions/1");
            assertError(http.get("/config/s"), 404, 40408);
        }
    }

    @Nested
    class CompatibilityEndpoint {

        @Test
        void compatibleAndIncompatibleAgainstLatest() {
            http.registerOk("s", A);
            Answer ok = http.post("/compatibility/subjects/s/versions/latest", schemaBody(A_PLUS_B));
            assertThat(ok.body()).isEqualTo("{\"is_compatible\":true}");
            Answer no = http.post("/compatibility/subjects/s/versions/latest", schemaBody(record("A", "a", "b")));
            assertThat(no.body()).isEqualTo("{\"is_compatible\":false}");
        }

        @Test
        void verboseAddsConfluentsMessages() {
            http.registerOk("s", A);
            JsonNode answer = http.post(
                            "/compatibility/subjects/s/versions/1?verbose=true", schemaBody(record("A", "a", "b")))
                    .json();
            assertThat(answer.path("is_compatible").asBoolean()).isFalse();
            List<String> messages = new java.util.ArrayList<>();
            answer.path("messages").forEach(m -> messages.add(m.asString()));
            assertThat(messages.get(0))
                    .isEqualTo("{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:'The field 'b' at path"
                            + " '/fields/1' in the new schema has no default value and is missing in the old schema',"
                            + " additionalInfo:'b'}");
            assertThat(messages)
                    .contains("{oldSchemaVersion: 1}", "{validateFields: 'false', compatibility: 'BACKWARD'}");
            assertThat(http.post("/compatibility/subjects/s/versions/1?verbose=true", schemaBody(A_PLUS_B))
                            .body())
                    .isEqualTo("{\"is_compatible\":true,\"messages\":[]}");
        }

        @Test
        void anUnknownSubjectIsCompatibleWithItsLatestVersion() {
            assertThat(http.post("/compatibility/subjects/nope/versions/latest", schemaBody(A))
                            .body())
                    .isEqualTo("{\"is_compatible\":true}");
        }

        @Test
        void anUnknownVersionIs40402() {
            http.registerOk("s", A);
            assertError(http.post("/compatibility/subjects/s/versions/3", schemaBody(A)), 404, 40402);
            assertError(http.post("/compatibility/subjects/nope/versions/1", schemaBody(A)), 404, 40402);
        }

        @Test
        void anInvalidVersionIs42202() {
            assertError(http.post("/compatibility/subjects/s/versions/zero", schemaBody(A)), 422, 42202);
        }

        @Test
        void anInvalidSchemaIs42201OrAVerboseMessage() {
            http.registerOk("s", A);
            assertError(http.post("/compatibility/subjects/s/versions/latest", schemaBody("{\"type\":1}")), 422, 42201);
            JsonNode verbose = http.post(
                            "/compatibility/subjects/s/versions/latest?verbose=true", schemaBody("{\"type\":1}"))
                    .json();
            assertThat(verbose.path("is_compatible").asBoolean()).isFalse();
            assertThat(verbose.path("messages").get(0).asString()).contains("Invalid schema");
        }

        @Test
        void softDeletedVersionsAreNotCheckedAgainst() {
            http.registerOk("s", A);
            http.setCompatibility("s", "NONE");
            String intA = "{\"type\":\"record\",\"name\":\"A\",\"namespace\":\"test\","
                    + "\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}";
            http.registerOk("s", intA);
            http.setCompatibility("s", "BACKWARD");
            assertThat(http.post("/compatibility/subjects/s/versions", schemaBody(A_PLUS_B))
                            .json()
                            .path("is_compatible")
                            .asBoolean())
                    .as("version 2 has an int field a that A_PLUS_B cannot read")
                    .isFalse();
            http.delete("/subjects/s/versions/2");
            assertThat(http.post("/compatibility/subjects/s/versions", schemaBody(A_PLUS_B))
                            .json()
                            .path("is_compatible")
                            .asBoolean())
                    .isTrue();
            assertError(http.post("/compatibility/subjects/s/versions/2", schemaBody(A_PLUS_B)), 404, 40402);
        }
    }
}
