package uk.transferofcare.api.report;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The report engine is plain Java; this makes its store a bean. */
@Configuration(proxyBeanMethods = false)
class ReportBeans {

    @Bean
    CaseReportStore caseReportStore() {
        return new CaseReportStore();
    }
}
