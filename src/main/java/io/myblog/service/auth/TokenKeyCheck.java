package io.myblog.service.auth;

import io.myblog.service.account.AuthSettings;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Stops start-up with one line when a token key is too short or a previous key has no end, before any token is
 * issued with it: a pod that cannot sign safely should not become ready, and a stack trace would hide the reason.
 */
@ApplicationScoped
public class TokenKeyCheck {

    private static final Logger LOG = Logger.getLogger(TokenKeyCheck.class);
    private static final int EXIT_CONFIG_INVALID = 78; // EX_CONFIG from sysexits.h

    void verify(@Observes @Priority(1) StartupEvent event, AuthSettings settings) {
        SessionTokens.misconfiguration(settings).ifPresent(problem -> {
            LOG.error(problem);
            Quarkus.asyncExit(EXIT_CONFIG_INVALID);
        });
    }
}
