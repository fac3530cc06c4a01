package io.myblog.service.account;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Set;

/** A new account, as an admin sends it. */
public record AccountInput(
        @NotBlank @Size(max = NAME_MAX) @Pattern(regexp = NAME_PATTERN, message = NAME_MESSAGE) String name,
        @NotBlank @Size(min = PASSWORD_MIN, max = PASSWORD_MAX) String password,
        @NotEmpty Set<@Pattern(regexp = ROLE_PATTERN, message = ROLE_MESSAGE) String> roles) {

    public static final int NAME_MAX = 100;
    /** Lower case, so a name is never a look-alike of another; it is the author shown on the articles. */
    static final String NAME_PATTERN = "[a-z0-9][a-z0-9._-]*";
    static final String NAME_MESSAGE = "must be lower-case letters, digits, '.', '_' or '-'";
    public static final int PASSWORD_MIN = 12;
    /** bcrypt reads at most 72 bytes; a longer password would be cut silently. */
    public static final int PASSWORD_MAX = 72;
    static final String ROLE_PATTERN = Role.AUTHOR + "|" + Role.ADMIN;
    static final String ROLE_MESSAGE = "must be author or admin";
}
