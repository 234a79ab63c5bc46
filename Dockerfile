# syntax=docker/dockerfile:1
#
# One image definition for all seven Bulkhead applications:
#
#   docker build --build-arg MODULE=order-service -t bulkhead/order-service:local .
#
# docker compose builds each application with its MODULE. Needs only Docker: the JDK and Maven run in
# the build stage, so the host's Java does not matter.
#
# Stages:
#   build    ./mvnw package of the seven applications, once. This stage takes no argument, so the
#            seven images share it (BuildKit runs it once and caches ~/.m2 between builds).
#   layers   Spring Boot's layered extraction of the one application asked for (-Djarmode=tools).
#   runtime  a JRE, a non-root user, the layers in change-frequency order, JVM flags sized by the
#            container's memory limit.
#
# No JDK AOT cache here: training one means refreshing the Spring context, and our applications need
# Postgres (Flyway, the database check) and Kafka to do that, which a `docker build` does not have.
# The dev stack (./bulkhead up) trains one against its real infrastructure instead.

ARG JDK_IMAGE=eclipse-temurin:25.0.3_9-jdk-noble
ARG JRE_IMAGE=eclipse-temurin:25.0.3_9-jre-noble

FROM ${JDK_IMAGE} AS build
WORKDIR /workspace
# The wrapper and every pom first: they change least.
COPY mvnw ./
COPY .mvn/ .mvn/
COPY pom.xml ./
COPY resilience-lib/ resilience-lib/
COPY tooling/ tooling/
COPY gateway/ gateway/
COPY auth-service/ auth-service/
COPY user-service/ user-service/
COPY order-service/ order-service/
COPY payment-service/ payment-service/
COPY inventory-service/ inventory-service/
COPY notification-service/ notification-service/
# Tests run in CI (./mvnw verify), not in an image build; the formatter check needs no second run here.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp package \
      -pl gateway,auth-service,user-service,order-service,payment-service,inventory-service,notification-service -am \
      -Dmaven.test.skip=true -Dspotless.check.skip=true

FROM ${JDK_IMAGE} AS layers
ARG MODULE
WORKDIR /layers
COPY --from=build /workspace/${MODULE}/target/${MODULE}-*.jar application.jar
RUN java -Djarmode=tools -jar application.jar extract --layers --destination extracted

FROM ${JRE_IMAGE} AS runtime
ARG MODULE
LABEL org.opencontainers.image.title="bulkhead-${MODULE}"

# A fixed, unprivileged uid/gid, so Kubernetes' runAsNonRoot can verify it and volumes can be owned by it.
RUN groupadd --system --gid 10001 bulkhead \
 && useradd --system --uid 10001 --gid bulkhead --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin bulkhead \
 && mkdir -p /var/lib/bulkhead \
 && chown bulkhead:bulkhead /var/lib/bulkhead

# `healthcheck PORT [PATH]`: HTTP GET on this container, exit 0 on 200. Bash's /dev/tcp, so the image
# needs no curl; docker compose runs it (Kubernetes uses its own probes).
COPY --chmod=755 <<'EOF' /usr/local/bin/healthcheck
#!/bin/bash
set -eu
port="${1:?usage: healthcheck PORT [PATH]}"
path="${2:-/actuator/health/readiness}"
exec 3<>"/dev/tcp/127.0.0.1/${port}"
printf 'GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' "${path}" >&3
IFS=' ' read -r _ status _ <&3
[ "${status}" = "200" ]
EOF

WORKDIR /application
# Least to most often changed: third-party jars, Boot's loader, our snapshot jars (resilience-lib), our classes.
COPY --from=layers /layers/extracted/dependencies/ ./
COPY --from=layers /layers/extracted/spring-boot-loader/ ./
COPY --from=layers /layers/extracted/snapshot-dependencies/ ./
COPY --from=layers /layers/extracted/application/ ./

# Heap as a share of the container's memory limit, the rest for metaspace, threads, code cache and
# Netty/Tomcat buffers; die on OutOfMemoryError so the orchestrator restarts a clean JVM. Native access
# is granted (Netty loads its transport) so the JDK prints no warning lines into the JSON log stream.
# Replace the whole variable to change them (e.g. JAVA_OPTS="-XX:MaxRAMPercentage=60 -XX:+UseSerialGC").
ENV JAVA_OPTS="-XX:MaxRAMPercentage=65 -XX:InitialRAMPercentage=30 -XX:MaxMetaspaceSize=192m -Xss512k -XX:+ExitOnOutOfMemoryError --enable-native-access=ALL-UNNAMED -Djava.io.tmpdir=/tmp" \
    BULKHEAD_HOME=/var/lib/bulkhead

USER 10001:10001
# exec: java is PID 1 and gets SIGTERM itself, so Spring's graceful shutdown runs.
ENTRYPOINT ["sh", "-c", "exec java ${JAVA_OPTS} -jar /application/application.jar \"$@\"", "bulkhead"]
