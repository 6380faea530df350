package uk.transferofcare.api.handover;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Simple, documented patterns for personal data that must never reach the free-text fields ({@code reason},
 * {@code note}, {@code localReference}). They catch the common slips (a date of birth, a postcode, a phone, CHI or
 * NHS number, an email address); they cannot catch names, which is why free text is short and the form says so.
 *
 * <p>CHI and NHS numbers: any ten digits in a row, anywhere in the text, also glued to letters ({@code CHI0101901234},
 * {@code abc0101901234xyz}) and also split into groups by up to {@value #MAX_SEPARATOR_LENGTH} separator characters
 * (spaces, dashes, dots, underscores: {@code 010190 1234}, {@code 01-01-90-1234}, {@code 943.476.5919}). Digits
 * joined this way form a <em>run</em>; a run is CHI-like when some consecutive groups of it hold exactly ten digits
 * ({@code 0101901234 2 officers} is, {@code 20261125-0042} is not: 8 and 4). A slash is not a separator, so
 * {@code 2026/11/0042} is three numbers.
 *
 * <p>The force's incident reference, {@code PS-YYYYMMDD-NNNN} ({@link #INCIDENT_REFERENCE}, e.g.
 * {@code PS-20261125-0042}: Police Scotland's incident number, the date the incident was raised and its number that
 * day), always passes: it is taken out of the text before the digits are counted, so a number written next to it
 * cannot borrow its digits. docs/security.md ("Personal data") documents both rules.
 */
public final class PersonalDataDetector {

    private record Kind(String name, Predicate<String> found) {

        static Kind of(String name, Pattern pattern) {
            return new Kind(name, text -> pattern.matcher(text).find());
        }
    }

    /** The force's incident reference: {@code PS-}, the date {@code YYYYMMDD}, {@code -}, four digits. */
    public static final Pattern INCIDENT_REFERENCE =
            Pattern.compile("(?i)(?<![\\p{Alnum}])PS-(?:19|20)\\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])-\\d{4}"
                    + "(?![\\p{Alnum}])");

    /** Longest run of separator characters between two digit groups of one number. */
    static final int MAX_SEPARATOR_LENGTH = 3;

    static final String CHI_OR_NHS = "a CHI or NHS number";

    private static final String MONTH = "(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?";

    private static final List<Kind> KINDS = List.of(
            Kind.of("an email address", Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+")),
            Kind.of(
                    "a date of birth",
                    Pattern.compile("(?i)\\b(?:d\\.?o\\.?b\\b\\.?|date\\s+of\\s+birth|born\\b|birthday)")),
            Kind.of(
                    "a date (possibly a date of birth)",
                    Pattern.compile("(?<![\\d/.-])\\d{1,2}[/.-]\\d{1,2}[/.-](?:\\d{4}|\\d{2})(?![\\d/.-])")),
            Kind.of(
                    "a date (possibly a date of birth)",
                    Pattern.compile("(?<![\\d/.-])(?:19|20)\\d{2}[/.-]\\d{1,2}[/.-]\\d{1,2}(?![\\d/.-])")),
            Kind.of(
                    "a date (possibly a date of birth)",
                    Pattern.compile("(?i)\\b\\d{1,2}(?:st|nd|rd|th)?\\s+" + MONTH + "\\s+\\d{2,4}\\b")),
            Kind.of(
                    "a date (possibly a date of birth)",
                    Pattern.compile("(?i)\\b" + MONTH + "\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}\\b")),
            Kind.of(
                    "a postcode",
                    Pattern.compile(
                            "(?i)\\b(?:GIR\\s?0AA|[A-PR-UWYZ][A-HK-Y]?\\d[A-Z\\d]?\\s*\\d[ABD-HJLNP-UW-Z]{2})\\b")),
            // Before the CHI rule: +44 7700 900123 holds ten digits after the country code, and is a phone number.
            Kind.of(
                    "a phone number",
                    Pattern.compile(
                            "(?<![\\w-])\\+44\\s?(?:\\(0\\)\\s?)?\\d{2,4}\\)?[\\s-]?\\d{3,4}[\\s-]?\\d{3,4}(?![\\d-])")),
            new Kind(CHI_OR_NHS, PersonalDataDetector::containsTenDigitNumber),
            Kind.of(
                    "a phone number",
                    Pattern.compile("(?<![\\w-])\\(?0\\d{2,4}\\)?[\\s-]?\\d{3,4}[\\s-]?\\d{3,4}(?![\\d-])")));

    private PersonalDataDetector() {}

    /** What kind of personal data the text seems to hold, or empty. */
    public static Optional<String> detect(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        for (Kind kind : KINDS) {
            if (kind.found().test(text)) {
                return Optional.of(kind.name());
            }
        }
        return Optional.empty();
    }

    /** True when the text holds a CHI-like number: see the class comment. */
    static boolean containsTenDigitNumber(String text) {
        String rest = INCIDENT_REFERENCE.matcher(text).replaceAll(" # ");
        List<Integer> groups = new ArrayList<>();
        int i = 0;
        int n = rest.length();
        while (i < n) {
            int cp = rest.codePointAt(i);
            if (Character.isDigit(cp)) {
                int digits = 0;
                while (i < n && Character.isDigit(rest.codePointAt(i))) {
                    digits++;
                    i += Character.charCount(rest.codePointAt(i));
                }
                groups.add(digits);
                int separators = 0;
                int j = i;
                while (j < n && isSeparator(rest.charAt(j)) && separators < MAX_SEPARATOR_LENGTH + 1) {
                    separators++;
                    j++;
                }
                boolean continues =
                        separators <= MAX_SEPARATOR_LENGTH && j < n && Character.isDigit(rest.codePointAt(j));
                if (continues) {
                    i = j;
                } else {
                    if (holdsTen(groups)) {
                        return true;
                    }
                    groups.clear();
                }
            } else {
                i += Character.charCount(cp);
            }
        }
        return holdsTen(groups);
    }

    private static boolean isSeparator(char c) {
        return c == ' '
                || c == '\t'
                || c == '-'
                || c == '.'
                || c == '_'
                || c == '\u00A0' // no-break space
                || c == '\u2007' // figure space
                || c == '\u202F' // narrow no-break space
                || (c >= '\u2010' && c <= '\u2015'); // hyphens and dashes
    }

    /** Whether consecutive groups of a run hold exactly ten digits together. */
    private static boolean holdsTen(List<Integer> groups) {
        for (int from = 0; from < groups.size(); from++) {
            int sum = 0;
            for (int to = from; to < groups.size() && sum < 10; to++) {
                sum += groups.get(to);
                if (sum == 10) {
                    return true;
                }
            }
        }
        return false;
    }
}
