package uk.transferofcare.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** Resolves a {@link TestDatabase} parameter: one fresh database per test class, created on first use. */
public class PostgresExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(PostgresExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        return parameter.getParameter().getType() == TestDatabase.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        ExtensionContext classContext = extension.getTestClass().isPresent() ? classContextOf(extension) : extension;
        return classContext
                .getStore(NAMESPACE)
                .computeIfAbsent(
                        "database", key -> PostgresInfrastructure.shared().createDatabase(), TestDatabase.class);
    }

    private static ExtensionContext classContextOf(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
            current = current.getParent().get();
        }
        return current;
    }
}
