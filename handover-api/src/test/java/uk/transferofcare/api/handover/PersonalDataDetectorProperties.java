package uk.transferofcare.api.handover;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The CHI rule over thousands of generated strings: every ten-digit number is found however it is split, separated,
 * glued to letters or surrounded, and every note built of the force's incident references, times and small numbers
 * passes.
 */
class PersonalDataDetectorProperties {

    private static final List<String> SEPARATORS = List.of(" ", "-", ".", "_", "  ", " - ", "\u00A0", "\u2013", "..");
    private static final List<String> WORDS = List.of(
            "calm",
            "waited",
            "in",
            "corridor",
            "officers",
            "triage",
            "nurse",
            "busy",
            "bay",
            "cubicle",
            "retained",
            "risk",
            "of",
            "harm",
            "handed",
            "over",
            "ambulance",
            "queue",
            "at",
            "min",
            "room",
            "incident",
            "ref");

    @Property(tries = 3000)
    void aTenDigitNumberIsFoundHoweverItIsWritten(
            @ForAll("tenDigitNumbers") String number,
            @ForAll("glue") String before,
            @ForAll("glue") String after,
            @ForAll("notes") String left,
            @ForAll("notes") String right) {
        String text = left + " " + before + number + after + " " + right;

        assertThat(PersonalDataDetector.detect(text)).as(text).isPresent();
    }

    @Property(tries = 3000)
    void aTenDigitNumberAloneIsNamedAsACHIOrNHSNumber(
            @ForAll("tenDigitNumbers") String number,
            @ForAll("letters") String before,
            @ForAll("letters") String after) {
        String text = before + number + after;

        // Some splits are also dates (01-01-1990 and two more digits); this one can only be CHI-like.
        assertThat(PersonalDataDetector.containsTenDigitNumber(text)).as(text).isTrue();
    }

    @Property(tries = 3000)
    void notesWithIncidentReferencesTimesAndSmallNumbersPass(@ForAll("notes") String note) {
        assertThat(PersonalDataDetector.detect(note)).as(note).isEmpty();
    }

    @Property(tries = 1000)
    void everyIncidentReferenceMatchesTheDocumentedFormatAndPasses(@ForAll("incidentReferences") String reference) {
        assertThat(PersonalDataDetector.INCIDENT_REFERENCE.matcher(reference).matches())
                .isTrue();
        assertThat(SubmissionValidator.LOCAL_REFERENCE.matcher(reference).matches())
                .isTrue();
        assertThat(PersonalDataDetector.detect(reference)).isEmpty();
    }

    @Property(tries = 2000)
    void aNumberOfOtherLengthsIsNotCHILike(
            @ForAll @IntRange(min = 1, max = 9) int shorter, @ForAll("separator") String separator) {
        // Nine digits or fewer, split once: never ten together.
        String digits = "123456789".substring(0, shorter);
        String text = "bay " + digits.substring(0, shorter / 2) + separator + digits.substring(shorter / 2) + " min";

        assertThat(PersonalDataDetector.containsTenDigitNumber(text)).as(text).isFalse();
    }

    @Provide
    Arbitrary<String> tenDigitNumbers() {
        Arbitrary<String> digits = Arbitraries.strings().numeric().ofLength(10);
        Arbitrary<List<Integer>> cuts = Arbitraries.integers()
                .between(1, 9)
                .set()
                .ofMaxSize(9)
                .map(s -> s.stream().sorted().toList());
        Arbitrary<List<String>> separators = separator().list().ofSize(9);
        return Combinators.combine(digits, cuts, separators).as((d, c, s) -> {
            StringBuilder b = new StringBuilder();
            int from = 0;
            for (int k = 0; k < c.size(); k++) {
                b.append(d, from, c.get(k)).append(s.get(k));
                from = c.get(k);
            }
            return b.append(d.substring(from)).toString();
        });
    }

    @Provide
    Arbitrary<String> separator() {
        return Arbitraries.of(SEPARATORS);
    }

    @Provide
    Arbitrary<String> letters() {
        return Arbitraries.strings().alpha().ofMaxLength(4);
    }

    @Provide
    Arbitrary<String> glue() {
        return Arbitraries.oneOf(letters(), Arbitraries.of(" ", "/", ":", "(", ")", "#", "CHI", "chi:", "NHS no "));
    }

    @Provide
    Arbitrary<String> incidentReferences() {
        return Combinators.combine(
                        Arbitraries.integers().between(1990, 2099),
                        Arbitraries.integers().between(1, 12),
                        Arbitraries.integers().between(1, 28),
                        Arbitraries.integers().between(0, 9999),
                        Arbitraries.of("PS", "ps"))
                .as((y, m, d, n, p) -> String.format("%s-%04d%02d%02d-%04d", p, y, m, d, n));
    }

    /** Notes as officers and nurses write them: words, incident references, times, counts below 1000. */
    @Provide
    Arbitrary<String> notes() {
        Arbitrary<String> token = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, Arbitraries.of(WORDS)),
                net.jqwik.api.Tuple.of(2, incidentReferences()),
                net.jqwik.api.Tuple.of(1, times()),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0, 999).map(String::valueOf)));
        return token.list().ofMinSize(1).ofMaxSize(12).map(PersonalDataDetectorProperties::join);
    }

    private static Arbitrary<String> times() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, 23),
                        Arbitraries.integers().between(0, 59))
                .as((h, m) -> String.format("%02d:%02d", h, m));
    }

    /** Joins tokens with a space, and with a word between two numbers so they never read as one. */
    private static String join(List<String> tokens) {
        List<String> out = new ArrayList<>();
        boolean lastWasNumber = false;
        for (String t : tokens) {
            boolean number = t.chars().allMatch(Character::isDigit);
            if (number && lastWasNumber) {
                out.add("and");
            }
            out.add(t);
            lastWasNumber = number;
        }
        return String.join(" ", out);
    }
}
