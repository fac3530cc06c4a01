package io.myblog.service.account;

/** An account of that name exists already, or the name cannot be given out (409). */
public class AccountExists extends RuntimeException {

    public AccountExists(String name) {
        this(name, "An account named " + name + " exists already.");
    }

    protected AccountExists(String name, String message) {
        super(message, null, false, false);
    }
}
