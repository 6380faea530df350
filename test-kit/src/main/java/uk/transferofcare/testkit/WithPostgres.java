package uk.transferofcare.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class a database of its own on the JVM's shared PostgreSQL server ({@link PostgresInfrastructure}).
 *
 * <ul>
 *   <li>A Spring test context of the class gets a fresh database when the context is created ({@code
 *       spring.datasource.url}, {@code .username}, {@code .password}, through {@link PostgresContextCustomizerFactory}):
 *       contexts cached and shared between test classes keep theirs, so one context always sees one database. Use
 *       the context's {@code DataSource} to look into it.
 *   <li>Without Spring, a test method or constructor may declare a {@link TestDatabase} parameter: one fresh database
 *       per test class.
 * </ul>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(PostgresExtension.class)
public @interface WithPostgres {}
