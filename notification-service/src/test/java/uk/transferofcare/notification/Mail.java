package uk.transferofcare.notification;

import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.List;

/** Reads e-mails GreenMail received. */
public final class Mail {

    /** What a test checks of one e-mail. */
    public record Received(
            List<String> to, String from, String subject, String messageId, String idempotencyKey, String text) {}

    private Mail() {}

    public static Received read(MimeMessage message) {
        try {
            return new Received(
                    Arrays.stream(message.getRecipients(Message.RecipientType.TO))
                            .map(Object::toString)
                            .toList(),
                    message.getFrom()[0].toString(),
                    message.getSubject(),
                    message.getMessageID(),
                    message.getHeader("X-Idempotency-Key", null),
                    part(message, "text/plain"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a reader sees of one e-mail, decoded: subject, plain-text body and HTML body. */
    public static List<String> readable(MimeMessage message) {
        try {
            return Arrays.asList(message.getSubject(), part(message, "text/plain"), part(message, "text/html"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String part(Part part, String type) throws Exception {
        if (part.isMimeType(type)) {
            return part.getContent().toString().replace("\r\n", "\n");
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart body = multipart.getBodyPart(i);
                String found = part(body, type);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
