package uk.transferofcare.api.config;

import org.springframework.core.MethodParameter;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import uk.transferofcare.api.access.Caller;
import uk.transferofcare.api.problem.ApiProblem;
import uk.transferofcare.api.problem.FieldError;
import uk.transferofcare.api.problem.ProblemType;
import uk.transferofcare.vocabulary.Role;

/** Gives controllers the {@link Caller} of the validated bearer token. */
class CallerArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Caller.class;
    }

    @Override
    public Caller resolveArgument(
            MethodParameter parameter,
            ModelAndViewContainer mavContainer,
            NativeWebRequest webRequest,
            WebDataBinderFactory binderFactory) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !(authentication.getPrincipal() instanceof Jwt jwt)) {
            throw new ApiProblem(
                    ProblemType.UNAUTHENTICATED,
                    "a bearer token is needed",
                    java.util.List.of(new FieldError("Authorization", "bearer-token", "a bearer token is needed")));
        }
        return caller(jwt);
    }

    static Caller caller(Jwt jwt) {
        return new Caller(jwt.getSubject(), Role.valueOf(jwt.getClaimAsString("role")), jwt.getClaimAsString("org"));
    }
}
