package uk.transferofcare.notification.delivery;

import java.util.Map;

/**
 * What a recipient is told, rendered once per delivery: a subject, a plain-text and an HTML body for e-mail, and the
 * JSON fields of a webhook. No personal data: case reference, site, division, times, level, link.
 *
 * @param subject one line
 * @param text plain-text body
 * @param html simple HTML body
 * @param fields webhook JSON fields, in order
 */
record Message(String subject, String text, String html, Map<String, Object> fields) {}
