# syntax=docker/dockerfile:1
#
# One image recipe for every deployable module of the platform:
#
#   docker build --build-arg MODULE=handover-api         --build-arg PORT=8080 -t transfer-of-care/handover-api .
#   docker build --build-arg MODULE=handover-processor   --build-arg PORT=8082 -t transfer-of-care/handover-processor .
#   docker build --build-arg MODULE=notification-service --build-arg PORT=8083 -t transfer-of-care/notification-service .
#   docker build --build-arg MODULE=schema-registry      --build-arg PORT=8081 \
#                --build-arg HEALTH_PATH=/health -t transfer-of-care/schema-registry .
#
# docker-compose.yml builds the three services this way (it runs Confluent's own registry instead of ours).
# local-stack's DockerComposeConsistencyTest checks that the modules named here and there exist.

ARG MODULE=handover-api

# ---- build: the module and what it depends on, with the Maven wrapper as on a developer machine ----
FROM maven:3.9.11-eclipse-temurin-17 AS build
ARG MODULE
ARG VERSION=0.1.0-SNAPSHOT
WORKDIR /workspace
COPY . .
# The cache mount keeps ~/.m2 between builds, so only changed modules are rebuilt and nothing is re-downloaded.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -DskipTests -pl "$MODULE" -am package
# Spring Boot modules build one executable jar, unpacked here into app.jar and lib/ (Spring Boot's jarmode tools, the
# form Spring recommends for running: a third off each start, measured with ./run, which does the same); the registry
# builds a thin jar whose manifest names target/lib/*.
# The health check is one JDK-only class compiled on its own (see HealthCheck.java for why not curl or wget).
RUN mkdir -p /out/app /out/healthcheck \
 && if [ -d "$MODULE/target/lib" ]; then \
      cp "$MODULE/target/$MODULE-$VERSION.jar" /out/app/app.jar && cp -r "$MODULE/target/lib" /out/app/lib; \
    else \
      java -Djarmode=tools -jar "$MODULE/target/$MODULE-$VERSION.jar" extract --destination /out/app \
           --application-filename app.jar --force; \
    fi \
 && javac --release 17 -d /out/healthcheck local-stack/src/main/java/uk/transferofcare/stack/HealthCheck.java

# ---- runtime: a JRE, the jar, an unprivileged user ----
FROM eclipse-temurin:17.0.16_8-jre-noble
ARG MODULE
ARG PORT=8080
ARG HEALTH_PATH=/actuator/health/readiness
LABEL org.opencontainers.image.title="transfer-of-care $MODULE"
ENV MODULE=$MODULE \
    SERVER_PORT=$PORT \
    SCHEMA_REGISTRY_PORT=$PORT \
    SCHEMA_REGISTRY_HOST=0.0.0.0 \
    APP_DATA_DIR=/var/lib/transfer-of-care \
    HEALTHCHECK_URL=http://127.0.0.1:$PORT$HEALTH_PATH \
    JAVA_OPTS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --home-dir /app --shell /usr/sbin/nologin app \
 && mkdir -p /var/lib/transfer-of-care \
 && chown app:app /var/lib/transfer-of-care
WORKDIR /app
# Owned by root and read-only for the app user: the process cannot rewrite its own code.
COPY --from=build /out/app/ /app/
COPY --from=build /out/healthcheck/ /opt/healthcheck/
USER 10001:10001
VOLUME ["/var/lib/transfer-of-care"]
EXPOSE $PORT
# A JVM per check costs ~0.3 s of CPU; every 15 s that is noise, and it needs no extra package in the image.
HEALTHCHECK --interval=15s --timeout=10s --start-period=90s --retries=4 \
  CMD ["sh", "-c", "exec java -Xshare:auto -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx16m -cp /opt/healthcheck uk.transferofcare.stack.HealthCheck \"$HEALTHCHECK_URL\""]
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/app.jar"]
