package io.myblog.service.account;

import io.myblog.service.database.SchemaReady;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Sets up account {@code admin} from {@code MYBLOG_ADMIN_PASSWORD} once the schema is ready, if no account is an admin
 * yet: never later, so neither a rotated password nor a deleted admin comes back at the next start. Without it and without
 * any admin, reads still work and readiness is unaffected; the log says once how to create one.
 */
@ApplicationScoped
public class FirstAdmin {

    private static final Logger LOG = Logger.getLogger(FirstAdmin.class);
    /** The monitor's thread waits for the store, never a request's. */
    private static final Duration STATEMENT_BOUND = Duration.ofSeconds(30);

    private final AccountService accounts;
    private final AuthSettings settings;
    private volatile boolean done;

    FirstAdmin(AccountService accounts, AuthSettings settings) {
        this.accounts = accounts;
        this.settings = settings;
    }

    void announceDevAccount(@Observes StartupEvent event) {
        if (LaunchMode.current() == LaunchMode.DEVELOPMENT) {
            settings.adminPassword().ifPresent(password -> LOG.infof(
                    "Dev mode: sign in as %s with password %s (the dev profile's own, see README)",
                    AccountService.FIRST_ADMIN, password));
        }
    }

    /** Runs on the database monitor's thread each time the schema becomes ready; acts the first time it succeeds. */
    void onSchemaReady(@Observes SchemaReady event) {
        if (done) {
            return;
        }
        try {
            var password = settings.adminPassword();
            if (password.isPresent() && accounts.createFirstAdminIfNone(password.get()).await().atMost(STATEMENT_BOUND)) {
                LOG.infof("Account %s set up from MYBLOG_ADMIN_PASSWORD (used once: later changes go through the API)",
                        AccountService.FIRST_ADMIN);
            } else if (!accounts.anyAdmin().await().atMost(STATEMENT_BOUND)) {
                LOG.infof("No admin account yet: writes are refused until there is one. Set MYBLOG_ADMIN_PASSWORD "
                        + "(key MYBLOG_ADMIN_PASSWORD of Secret myblog) and restart; the README says how.");
            }
            done = true;
        } catch (RuntimeException e) {
            // The database went away between the check and here; the next SchemaReady tries again.
            LOG.warnf("Could not check the admin account yet: %s", e.getClass().getSimpleName());
        }
    }
}
