package io.myblog.service.account;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Set;

/**
 * A change to an account; a field left out stays as it is. Only an admin may change roles. A new password sent with
 * a session token needs {@code currentPassword}, the signed-in account's own password: a stolen token must not be
 * turned into the password.
 */
public record AccountChange(
        @Size(min = AccountInput.PASSWORD_MIN, max = AccountInput.PASSWORD_MAX) String password,
        @Size(min = 1) Set<@Pattern(regexp = AccountInput.ROLE_PATTERN, message = AccountInput.ROLE_MESSAGE) String> roles,
        @Size(max = AccountInput.PASSWORD_MAX) String currentPassword) {
}
