package uk.transferofcare.vocabulary;

/** How the assessment recorded by ASSESSMENT_STARTED began; a case that names none reads as not said. */
public enum AssessmentMode {
    IN_PERSON,
    REMOTE
}
