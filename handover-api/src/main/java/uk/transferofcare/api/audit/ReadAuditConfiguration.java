package uk.transferofcare.api.audit;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Puts {@link ReadAudit} behind every handler; it records only {@link AuditedRead} ones. */
@Configuration(proxyBeanMethods = false)
class ReadAuditConfiguration implements WebMvcConfigurer {

    private final ReadAudit audit;

    ReadAuditConfiguration(ReadAudit audit) {
        this.audit = audit;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(audit).addPathPatterns("/api/**");
    }
}
