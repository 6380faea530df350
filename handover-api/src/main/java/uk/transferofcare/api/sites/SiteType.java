package uk.transferofcare.api.sites;

/** What kind of place a site is: where police may bring a person in mental-health distress. */
public enum SiteType {
    /** A hospital's Emergency Department. */
    EMERGENCY_DEPARTMENT,
    /** A hospital's mental-health place of safety or assessment suite. */
    PLACE_OF_SAFETY,
    /** A crisis or distress centre outside hospital (a safe space). */
    SAFE_SPACE
}
