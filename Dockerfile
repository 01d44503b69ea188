# smart-operator image: built with Maven, run on a JRE as a non-root user.
#   docker build -t registry.example.org/smart-operator:0.1.0 .
# Jib builds the same image without Docker: see "Container image" in the README.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# Dependencies first: a change to the sources does not download them again.
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
# The image ships the operator, not its tests (they need kubectl and a Helm engine).
RUN mvn -B -q package -DskipTests

FROM eclipse-temurin:17-jre
# A numeric user, so that Kubernetes can verify runAsNonRoot; 65532 is the chart's runAsUser.
USER 65532:65532
WORKDIR /app
COPY --from=build --chown=0:0 /src/target/smart-operator.jar /app/smart-operator.jar
# The heap follows the container's memory limit; an out-of-memory JVM exits and is restarted.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/smart-operator.jar"]
CMD ["run"]
