package io.myblog.service.account;

import java.util.Set;

/** An account that may write, as stored ({@code db/migration/V2}): bcrypt in modular crypt format, never the password. */
public record Account(String name, String passwordHash, Set<String> roles) {
}
