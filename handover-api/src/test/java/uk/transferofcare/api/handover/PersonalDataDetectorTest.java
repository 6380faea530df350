package uk.transferofcare.api.handover;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PersonalDataDetectorTest {

    @ParameterizedTest(name = "\"{0}\" looks like {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "contact j.smith@example.org | an email address",
                "DOB 01/02/1990 | a date of birth",
                "born 1990 | a date of birth",
                "says 3/4/85 | a date (possibly a date of birth)",
                "1990-02-01 | a date (possibly a date of birth)",
                "12th March 1987 | a date (possibly a date of birth)",
                "March 12, 1987 | a date (possibly a date of birth)",
                "from G12 8QQ | a postcode",
                "eh1 1yz | a postcode",
                "mum 07700 900123 | a phone number",
                "+44 7700 900123 | a phone number",
                "0141 211 2000 | a phone number",
                "CHI 0101901234 | a CHI or NHS number",
                "NHS 943 476 5919 | a CHI or NHS number",
                "010190 1234 | a CHI or NHS number"
            })
    void givenTextWithPersonalData_whenChecked_thenTheKindIsNamed(String text, String kind) {
        assertThat(PersonalDataDetector.detect(text)).isEqualTo(Optional.of(kind));
    }

    @ParameterizedTest(name = "\"{0}\" is fine")
    @CsvSource(
            delimiter = '|',
            value = {
                "calm, cooperative",
                "waited in corridor B, 2 officers",
                "S297 from 02:30; ED busy",
                "PS-20261125-0042",
                "incident 2026/11/0042",
                "arrived 03:12, triage at 03:40",
                "handed to charge nurse at 12.30",
                "retained: risk of harm to staff"
            })
    void givenOrdinaryNotes_whenChecked_thenNothingIsFound(String text) {
        assertThat(PersonalDataDetector.detect(text)).isEmpty();
    }
}
