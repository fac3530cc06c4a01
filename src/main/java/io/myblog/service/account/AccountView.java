package io.myblog.service.account;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Set;

/** An account as the API shows it: never its password hash. */
// Also sent as a Response entity (create), which the native build does not trace for Jackson.
@RegisterForReflection
public record AccountView(String name, Set<String> roles) {

    static AccountView of(Account account) {
        return new AccountView(account.name(), account.roles());
    }
}
