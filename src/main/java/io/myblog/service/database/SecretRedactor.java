package io.myblog.service.database;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Removes the database password from any text before it is logged or shown. */
@ApplicationScoped
public class SecretRedactor {

    static final String MASK = "****";

    private final Optional<String> password;

    SecretRedactor(@ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.password = password.filter(p -> !p.isEmpty());
    }

    public String redact(String text) {
        if (text == null) {
            return "";
        }
        return password.map(p -> text.replace(p, MASK)).orElse(text);
    }
}
