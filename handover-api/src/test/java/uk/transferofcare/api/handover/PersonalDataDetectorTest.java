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
                "010190 1234 | a CHI or NHS number",
                // Glued to letters, anywhere in the string.
                "CHI0101901234 | a CHI or NHS number",
                "abc0101901234xyz | a CHI or NHS number",
                "ref0101901234/2 | a CHI or NHS number",
                "0101901234 | a CHI or NHS number",
                "x_0101901234_y | a CHI or NHS number",
                // Separators: spaces, dashes, dots, underscores, several of them, mixed.
                "chi 01-01-90-1234 | a CHI or NHS number",
                "chi 01.01.90.1234 | a CHI or NHS number",
                "chi 0101 901 234 | a CHI or NHS number",
                "chi 010190 - 1234 | a CHI or NHS number",
                "chi 0 1 0 1 9 0 1 2 3 4 | a CHI or NHS number",
                "chi 943_476_5919 | a CHI or NHS number",
                "chi 010190\u20131234 | a CHI or NHS number",
                "chi 010190\u00A01234 | a CHI or NHS number",
                // Next to other numbers and to the incident reference.
                "0101901234 2 officers | a CHI or NHS number",
                "2 officers 0101901234 | a CHI or NHS number",
                "PS-20261125-0042 0101901234 | a CHI or NHS number",
                "0101901234PS-20261125-0042 | a CHI or NHS number",
                "PS-20261125-0042/0101901234 | a CHI or NHS number",
                // Non-ASCII digits count too.
                "chi \uFF10\uFF11\uFF10\uFF11\uFF19\uFF10\uFF11\uFF12\uFF13\uFF14 | a CHI or NHS number"
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
                "ps-20261125-0042",
                "PS-20261125-0042 2 officers",
                "PS-20261125-0042 12",
                "PS-20261125-0042 123456",
                "PS-20261231-9999, PS-20270101-0001",
                "incident PS-20261125-0042 at 03:12",
                "incident 2026/11/0042",
                "2026/11/0042/12345",
                "INC-1234",
                "arrived 03:12, triage at 03:40",
                "handed to charge nurse at 12.30",
                "retained: risk of harm to staff",
                "123 456 789",
                "12345 6789",
                "room 12, bay 3, 45 min",
                "x/0101/9012/34"
            })
    void givenOrdinaryNotes_whenChecked_thenNothingIsFound(String text) {
        assertThat(PersonalDataDetector.detect(text)).isEmpty();
    }
}
