package uk.transferofcare.notification.config;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The cross-field rules of {@link NotificationProperties}: every route names known recipients, every recipient has a
 * channel with a well-formed address template, webhooks have a secret, levels belong to ESCALATED routes, retry delays
 * make sense. Each violation's message starts with the full property key.
 */
@Documented
@Constraint(validatedBy = RoutingValidator.class)
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface ValidRouting {

    String message() default "invalid notification routing";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
