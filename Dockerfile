# One image per service of bulk user import, from the jar Maven builds (no build inside Docker):
#
#   mvn -B install -DskipTests
#   docker build --build-arg SERVICE=ingest-service -t bulk-user-import/ingest-service .
#
# docker-compose.yml builds the four this way. The service runs as an unprivileged user; its Kafka
# Streams state lives under /var/lib/bulkimport/state (a volume: restored from Kafka when lost).
FROM eclipse-temurin:17-jre

# ingest-service, validation-service, provisioning-service or notification-service
ARG SERVICE
ARG VERSION=0.1.0-SNAPSHOT

RUN groupadd --system --gid 10001 bulkimport \
    && useradd --system --uid 10001 --gid bulkimport --home-dir /app --no-create-home bulkimport \
    && mkdir -p /app /var/lib/bulkimport/state \
    && chown bulkimport:bulkimport /var/lib/bulkimport/state

# Spring Boot's executable jar (the -exec classifier; the plain jar is the module's library artifact)
COPY ${SERVICE}/target/${SERVICE}-${VERSION}-exec.jar /app/app.jar
# The health check (com.bulkimport.localrun.HttpProbe): the image has no curl or wget
COPY local-run/target/local-run-${VERSION}.jar /app/probe.jar

USER bulkimport:bulkimport
WORKDIR /app
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
