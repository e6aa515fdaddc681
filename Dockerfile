# Spotlink's image: JRE 17, a non-root user, and nothing written under / at run time (the pod mounts config/ and
# routes/ read-only, and a data volume at /var/lib/spotlink). Build the jar first: ./mvnw -B -DskipTests package
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 spotlink \
 && useradd --system --uid 10001 --gid spotlink --home-dir /app --shell /usr/sbin/nologin spotlink \
 && mkdir -p /var/lib/spotlink && chown spotlink:spotlink /var/lib/spotlink
WORKDIR /app
COPY target/lib/ /app/lib/
COPY target/spotlink.jar /app/spotlink.jar
COPY config/ /etc/spotlink/config/
COPY routes/ /etc/spotlink/routes/
ENV SPOTLINK_CONFIG_DIR=/etc/spotlink/config \
    SPOTLINK_ROUTES_DIR=/etc/spotlink/routes \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -Djava.io.tmpdir=/tmp"
USER 10001:10001
EXPOSE 8080 2576
ENTRYPOINT ["java", "-jar", "/app/spotlink.jar"]
CMD ["run"]
