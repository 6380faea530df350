package uk.transferofcare.api.handover;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Simple, documented patterns for personal data that must never reach the free-text fields ({@code reason},
 * {@code note}, {@code localReference}). They catch the common slips (a date of birth, a postcode, a phone, CHI or
 * NHS number, an email address); they cannot catch names, which is why free text is short and the form says so.
 */
public final class PersonalDataDetector {

    private record Kind(String name, Pattern pattern) {}

    private static final String MONTH = "(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?";

    private static final List<Kind> KINDS = List.of(
            new Kind("an email address", Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+")),
            new Kind(
                    "a date of birth",
                    Pattern.compile("(?i)\\b(?:d\\.?o\\.?b\\b\\.?|date\\s+of\\s+birth|born\\b|birthday)")),
            new Kind(
                    "a date (possibly a date of birth)",
                    Pattern.compile("(?<![\\d/.-])\\d{1,2}[/.-]\\d{1,2}[/.-](?:\\d{4}|\\d{2})(?![\\d/.-])")),
            new Kind(
                    "a date (possibly a date of birth)",
                    Pattern.compile("(?<![\\d/.-])(?:19|20)\\d{2}[/.-]\\d{1,2}[/.-]\\d{1,2}(?![\\d/.-])")),
            new Kind(
                    "a date (possibly a date of birth)",
                    Pattern.compile("(?i)\\b\\d{1,2}(?:st|nd|rd|th)?\\s+" + MONTH + "\\s+\\d{2,4}\\b")),
            new Kind(
                    "a date (possibly a date of birth)",
                    Pattern.compile("(?i)\\b" + MONTH + "\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}\\b")),
            new Kind(
                    "a postcode",
                    Pattern.compile(
                            "(?i)\\b(?:GIR\\s?0AA|[A-PR-UWYZ][A-HK-Y]?\\d[A-Z\\d]?\\s*\\d[ABD-HJLNP-UW-Z]{2})\\b")),
            new Kind(
                    "a CHI or NHS number",
                    Pattern.compile(
                            "(?<![\\w/-])(?:\\d{10}|\\d{3}[\\s-]\\d{3}[\\s-]\\d{4}|\\d{6}[\\s-]\\d{4})(?![\\w/-])")),
            new Kind(
                    "a phone number",
                    Pattern.compile(
                            "(?<![\\w-])(?:\\+44\\s?(?:\\(0\\)\\s?)?|\\(?0)\\d{2,4}\\)?[\\s-]?\\d{3,4}[\\s-]?\\d{3,4}(?![\\d-])")));

    private PersonalDataDetector() {}

    /** What kind of personal data the text seems to hold, or empty. */
    public static Optional<String> detect(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        for (Kind kind : KINDS) {
            if (kind.pattern().matcher(text).find()) {
                return Optional.of(kind.name());
            }
        }
        return Optional.empty();
    }
}
