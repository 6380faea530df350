package uk.transferofcare.api.access;

/**
 * What authorization needs to know about a case.
 *
 * @param siteCode the case's ED site
 * @param policeDivision the police division that brought the person; null while unknown (a case opened by ED staff)
 */
public record CaseFacts(String siteCode, String policeDivision) {}
