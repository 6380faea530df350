package uk.transferofcare.api.config;

import java.time.Clock;
import java.util.List;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import uk.transferofcare.api.handover.SubmissionProperties;
import uk.transferofcare.api.problem.ProblemResponses;

/** Pages, the {@link uk.transferofcare.api.access.Caller} argument, the body size limit and the clock. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new CallerArgumentResolver());
    }

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addViewController("/").setViewName("forward:/index.html");
        registry.addViewController("/officer").setViewName("forward:/officer.html");
        registry.addViewController("/board").setViewName("forward:/board.html");
        registry.addViewController("/cases/{caseId}").setViewName("forward:/case.html");
        registry.addViewController("/supervisor").setViewName("forward:/supervisor.html");
    }

    @Bean
    FilterRegistrationBean<RequestSizeFilter> requestSizeFilter(
            SubmissionProperties properties, ProblemResponses problems) {
        FilterRegistrationBean<RequestSizeFilter> registration =
                new FilterRegistrationBean<>(new RequestSizeFilter(properties.maxBodyBytes(), problems));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        registration.addUrlPatterns("/api/*", "/dev/*");
        return registration;
    }
}
