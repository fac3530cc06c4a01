package io.myblog.service.database;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.flywaydb.core.Flyway;

/**
 * {@code myblog migrate}: applies this image's pending schema migrations and exits, the program of the Job that
 * {@code deploy} runs before a rollout (issue 25). Plain Java rather than Quarkus, so no port opens and none of the
 * service's beans start; the database settings are read from the same application.properties as the service's.
 */
public final class MigrateProgram {

    public static final String NAME = "migrate";
    static final int MIGRATED = 0;
    static final int FAILED = 1;
    /** Quarkus' own ordinal for application.properties in the class path. */
    private static final int APPLICATION_PROPERTIES_ORDINAL = 250;

    private MigrateProgram() {
    }

    /** The service's configuration as the prod profile reads it: env, system properties, application.properties. */
    public static SmallRyeConfig configuration(ConfigSource... overrides) {
        var url = MigrateProgram.class.getClassLoader().getResource("application.properties");
        if (url == null) {
            throw new IllegalStateException("application.properties is not on the class path");
        }
        try {
            return new SmallRyeConfigBuilder().withProfile("prod").addDefaultInterceptors().addDefaultSources()
                    .withSources(new PropertiesConfigSource(url, APPLICATION_PROPERTIES_ORDINAL))
                    // the JDBC URL ends with the TLS options this source derives from MYSQL_SSL_MODE, as in the service
                    .withSources(new DatabaseTlsConfig())
                    .withSources(overrides).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read application.properties", e);
        }
    }

    /** Exit code 0 once the schema is at this image's newest version, else the reason on {@code err} (no secret in it). */
    public static int run(SmallRyeConfig config, PrintStream out, PrintStream err) {
        var host = config.getOptionalValue("myblog.database.host", String.class).filter(h -> !h.isBlank());
        if (host.isEmpty()) {
            err.println("myblog migrate: MYSQL_HOST is not set: it names the MySQL server to migrate (ConfigMap myblog)");
            return RequiredSettingsCheck.EXIT_CONFIG_MISSING;
        }
        var tls = DatabaseTls.parse(config.getOptionalValue("myblog.database.ssl-mode", String.class).orElse("disabled"),
                config.getOptionalValue("myblog.database.ssl-ca-file", String.class).filter(f -> !f.isBlank())
                        .map(java.nio.file.Path::of));
        if (tls instanceof DatabaseTls.Refused refused) {
            err.println("myblog migrate: " + refused.problem());
            return RequiredSettingsCheck.EXIT_CONFIG_MISSING;
        }
        var url = config.getValue("quarkus.datasource.jdbc.url", String.class);
        var password = config.getOptionalValue("quarkus.datasource.password", String.class);
        var flyway = Flyway.configure()
                .dataSource(url, config.getOptionalValue("quarkus.datasource.username", String.class).orElse(""),
                        password.orElse(""))
                .locations(Arrays.stream(config.getValue("quarkus.flyway.locations", String[].class))
                        .map(location -> location.contains(":") ? location : "classpath:" + location)
                        .toArray(String[]::new))
                .load();
        var location = DatabaseFailures.location(url);
        var outcome = SchemaMigration.run(flyway, location, new SecretRedactor(password));
        if (!outcome.migrated()) {
            err.println("myblog migrate: " + outcome.problem());
            return FAILED;
        }
        out.println(outcome.executed() == 0
                ? "myblog migrate: database at " + location + " is up to date, schema version " + outcome.version()
                : "myblog migrate: applied " + outcome.executed() + " migration(s) to database at " + location
                        + ", schema now at version " + outcome.version());
        return MIGRATED;
    }
}
