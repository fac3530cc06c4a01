package io.myblog.service.account;

import java.util.Set;

/** What a token is checked against: the account's roles now, and a stamp that changes with its password. */
public record Credentials(String name, Set<String> roles, String stamp) {
}
