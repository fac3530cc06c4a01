package io.myblog.service.account;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** What an account may do: an author writes and changes its own articles, an admin everything and the accounts. */
public final class Role {

    public static final String AUTHOR = "author";
    public static final String ADMIN = "admin";
    public static final Set<String> ALL = Set.of(AUTHOR, ADMIN);

    private Role() {
    }

    static String join(Set<String> roles) {
        return String.join(",", new TreeSet<>(roles));
    }

    static Set<String> split(String roles) {
        return Arrays.stream(roles.split(",")).map(String::trim).filter(r -> !r.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
