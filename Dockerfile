# The gateway image, from the shaded jar:
#   mvn -B package -DskipTests && docker build -t xgate:0.1.0 .
FROM eclipse-temurin:17-jre
RUN useradd --uid 10001 --no-create-home --shell /usr/sbin/nologin xgate
COPY target/xgate.jar /opt/xgate/xgate.jar
USER 10001
EXPOSE 8080 5701 5800
ENTRYPOINT ["java", "-jar", "/opt/xgate/xgate.jar"]
CMD ["run", "--config", "/etc/xgate/strategy.yaml"]
