package uk.transferofcare.stack;

import java.util.List;

/**
 * An email the dev inbox received over SMTP.
 *
 * @param id sequence number in the inbox
 * @param receivedAt ISO-8601 instant
 * @param messageId the Message-ID header, if any
 * @param from From header
 * @param to To header addresses
 * @param cc Cc header addresses
 * @param envelopeRecipients RCPT TO addresses (includes Bcc)
 * @param subject Subject header
 * @param text the text/plain body, or empty
 * @param html the text/html body, or empty
 */
record ReceivedMail(
        long id,
        String receivedAt,
        String messageId,
        String from,
        List<String> to,
        List<String> cc,
        List<String> envelopeRecipients,
        String subject,
        String text,
        String html) {

    ReceivedMail {
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        envelopeRecipients = List.copyOf(envelopeRecipients);
    }
}
