package uk.transferofcare.api.report;

import java.util.List;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import uk.transferofcare.api.sites.ReferenceDataProperties;
import uk.transferofcare.api.sites.SiteCatalogue;
import uk.transferofcare.api.sites.SiteType;
import uk.transferofcare.testkit.TestDatabase;

/**
 * The report engine as the hand-computed tests drive it: what the projection writes for a closed or open case or a
 * tombstone ({@link ReportTable}), and the reports PostgreSQL computes from it ({@link ReportQueries}), on a database
 * migrated by the API's own Flyway migrations and emptied for each test.
 */
final class ReportStore {

    /** Kept from the in-memory engine's tests: a number of cases worth three of its blocks. */
    static final int BLOCK_SIZE = 4096;

    /** A tombstone on handover-completed ({@code closedCase}) or handover-state. */
    record Forget(String caseId, boolean closedCase) {}

    record Counts(long open, long closed, long enteredInError) {}

    private final JdbcTemplate jdbc;
    private final ReportTable table;
    private final ReportQueries queries;

    private ReportStore(JdbcTemplate jdbc, SiteCatalogue sites, long windowsFrom, long packedUpTo) {
        this.jdbc = jdbc;
        this.table = new ReportTable(jdbc);
        this.queries = new ReportQueries(jdbc, sites, windowsFrom, packedUpTo);
    }

    /**
     * The reference data of the report tests: EDs, a place of safety and a safe space in two boards (a case at a site
     * not listed here, such as NOPE, has an UNKNOWN board and type).
     */
    static SiteCatalogue sites() {
        return new SiteCatalogue(new ReferenceDataProperties(
                List.of(
                        new ReferenceDataProperties.Site("QEUH", "Queen Elizabeth", SiteType.EMERGENCY_DEPARTMENT, GGC),
                        new ReferenceDataProperties.Site(
                                "GRI", "Glasgow Royal Infirmary", SiteType.EMERGENCY_DEPARTMENT, GGC),
                        new ReferenceDataProperties.Site("LEVH", "Leverndale", SiteType.PLACE_OF_SAFETY, GGC),
                        new ReferenceDataProperties.Site(
                                "RIE", "Royal Infirmary of Edinburgh", SiteType.EMERGENCY_DEPARTMENT, LOTHIAN),
                        new ReferenceDataProperties.Site("REH", "Royal Edinburgh", SiteType.PLACE_OF_SAFETY, LOTHIAN),
                        new ReferenceDataProperties.Site(
                                "ECC", "Edinburgh Crisis Centre", SiteType.SAFE_SPACE, LOTHIAN)),
                List.of(
                        new ReferenceDataProperties.Division("G", "Greater Glasgow"),
                        new ReferenceDataProperties.Division("E", "Edinburgh City"))));
    }

    static final String GGC = "NHS Greater Glasgow and Clyde";
    static final String LOTHIAN = "NHS Lothian";

    static ReportStore on(TestDatabase database) {
        return on(database, ReportWindows.WINDOWS_FROM);
    }

    /**
     * The store with the reports' windows used from {@code windowsFrom} cases ({@code Long.MAX_VALUE}: never, every
     * value sorted).
     */
    static ReportStore on(TestDatabase database, long windowsFrom) {
        return on(database, windowsFrom, ReportSql.PACKED_UP_TO);
    }

    /**
     * The store with the reports' windows used from {@code windowsFrom} cases and the packed counters read for groups
     * of at most {@code packedUpTo} cases (0: never, every count a FILTER).
     */
    static ReportStore on(TestDatabase database, long windowsFrom, long packedUpTo) {
        SingleConnectionDataSource dataSource =
                new SingleConnectionDataSource(database.url(), database.username(), database.password(), true);
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("TRUNCATE projection.report_cases");
        return new ReportStore(jdbc, sites(), windowsFrom, packedUpTo);
    }

    void closed(ClosedCase record) {
        table.closed(record);
    }

    void open(OpenCase record) {
        table.open(record);
    }

    void forget(Forget forget) {
        table.forget(forget.caseId(), forget.closedCase());
    }

    Counts counts() {
        ReportQueries.Counts counts = queries.counts();
        return new Counts(counts.open(), counts.closed(), counts.enteredInError());
    }

    HandoverTimesReport report(ReportQuery query) {
        return queries.report(query);
    }

    HandoverTimeDistribution distribution(DistributionQuery query) {
        return queries.distribution(query);
    }

    ReportQueries queries() {
        return queries;
    }

    JdbcTemplate jdbc() {
        return jdbc;
    }
}
