package uk.transferofcare.testkit;

import org.postgresql.ds.PGSimpleDataSource;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/** The {@code postgres:17} image, as docker-compose runs it, for machines with a Docker engine. */
final class ContainerPostgresInfrastructure implements PostgresInfrastructure {

    /** Pinned image; keep in step with docker-compose.yml. */
    static final DockerImageName IMAGE = DockerImageName.parse("postgres:17");

    private final PostgreSQLContainer container;
    private final PGSimpleDataSource superuser;

    private ContainerPostgresInfrastructure(PostgreSQLContainer container) {
        this.container = container;
        this.superuser = new PGSimpleDataSource();
        superuser.setUrl(container.getJdbcUrl());
        superuser.setUser(container.getUsername());
        superuser.setPassword(container.getPassword());
    }

    static ContainerPostgresInfrastructure start() {
        if (!ContainerPlatformInfrastructure.dockerAvailable()) {
            throw new IllegalStateException("-D" + PlatformInfrastructure.SELECTOR
                    + "=containers needs a Docker engine and none answers; use the default embedded");
        }
        PostgreSQLContainer container = new PostgreSQLContainer(IMAGE).withCommand("postgres", "-c", "fsync=off");
        container.start();
        ContainerPostgresInfrastructure started = new ContainerPostgresInfrastructure(container);
        SharedPostgres.createRoles(started.superuser);
        return started;
    }

    @Override
    public synchronized TestDatabase createDatabase() {
        String name = SharedPostgres.createDatabase(superuser);
        return new TestDatabase(name, "jdbc:postgresql://" + address() + "/" + name, APP_ROLE, APP_PASSWORD);
    }

    @Override
    public String address() {
        return container.getHost() + ":" + container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT);
    }

    @Override
    public void close() {
        container.stop();
    }
}
