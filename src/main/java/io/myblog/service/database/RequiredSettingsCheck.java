package io.myblog.service.database;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Stops start-up with one line when MYSQL_HOST is missing or the database TLS settings cannot be met, instead of a
 * config stack trace or a service that is never ready for a reason nobody reads.
 */
@ApplicationScoped
public class RequiredSettingsCheck {

    private static final Logger LOG = Logger.getLogger(RequiredSettingsCheck.class);
    static final int EXIT_CONFIG_MISSING = 78; // EX_CONFIG from sysexits.h

    void verify(@Observes @Priority(1) StartupEvent event, DatabaseSettings settings) {
        missingVariable(settings).ifPresent(variable -> {
            LOG.errorf("%s is not set: myblog needs it to reach MySQL (it comes from ConfigMap myblog)", variable);
            Quarkus.asyncExit(EXIT_CONFIG_MISSING);
        });
        tlsProblem(settings).ifPresent(problem -> {
            LOG.errorf("%s: myblog will not connect to MySQL without it", problem);
            Quarkus.asyncExit(EXIT_CONFIG_MISSING);
        });
    }

    /** The refused MYSQL_SSL_MODE / MYSQL_SSL_CA, as DatabaseTlsConfig read them for the clients. */
    static java.util.Optional<String> tlsProblem(DatabaseSettings settings) {
        if (!settings.monitorEnabled()) {
            return java.util.Optional.empty();
        }
        var parsed = DatabaseTls.parse(settings.sslMode(), settings.sslCaFile().filter(f -> !f.isBlank())
                .map(java.nio.file.Path::of));
        return parsed instanceof DatabaseTls.Refused refused ? java.util.Optional.of(refused.problem())
                : java.util.Optional.empty();
    }

    static java.util.Optional<String> missingVariable(DatabaseSettings settings) {
        if (settings.monitorEnabled() && settings.host().filter(h -> !h.isBlank()).isEmpty()) {
            return java.util.Optional.of("MYSQL_HOST");
        }
        return java.util.Optional.empty();
    }
}
