package uk.transferofcare.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** Events carry no names, addresses or dates of birth: no field of any schema may be named like one. */
class NoPersonalDataTest {

    private static final List<String> FORBIDDEN = List.of(
            "name",
            "surname",
            "forename",
            "address",
            "postcode",
            "birth",
            "dob",
            "nhsnumber",
            "chi",
            "phone",
            "email",
            "gender",
            "ethnicity");

    @Test
    void noFieldOfAnyEventLooksLikePersonalData() {
        List<String> offending = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Topic<?> topic : Topics.all()) {
            collect(topic.valueSchema(), topic.name(), offending, seen);
        }
        assertThat(offending).isEmpty();
    }

    @Test
    void theScanFindsAFieldNamedLikePersonalData() {
        Schema schema = new Schema.Parser()
                .parse(
                        "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"personName\",\"type\":\"string\"}]}");
        List<String> offending = new ArrayList<>();
        collect(schema, "test", offending, new HashSet<>());
        assertThat(offending).containsExactly("test: R.personName");
    }

    private static void collect(Schema schema, String where, List<String> offending, Set<String> seen) {
        switch (schema.getType()) {
            case RECORD -> {
                if (!seen.add(where + schema.getFullName())) {
                    return;
                }
                for (Schema.Field field : schema.getFields()) {
                    String lower = field.name().toLowerCase(Locale.ROOT);
                    if (FORBIDDEN.stream().anyMatch(lower::contains)) {
                        offending.add(where + ": " + schema.getName() + "." + field.name());
                    }
                    collect(field.schema(), where, offending, seen);
                }
            }
            case UNION -> schema.getTypes().forEach(s -> collect(s, where, offending, seen));
            case ARRAY -> collect(schema.getElementType(), where, offending, seen);
            case MAP -> collect(schema.getValueType(), where, offending, seen);
            default -> {}
        }
    }
}
