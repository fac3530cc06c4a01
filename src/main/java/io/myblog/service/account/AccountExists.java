package io.myblog.service.account;

/** An account of that name exists already. */
public class AccountExists extends RuntimeException {

    public AccountExists(String name) {
        super("An account named " + name + " exists already.", null, false, false);
    }
}
