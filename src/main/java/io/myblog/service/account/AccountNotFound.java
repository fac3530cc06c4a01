package io.myblog.service.account;

/** No account of that name. */
public class AccountNotFound extends RuntimeException {

    public AccountNotFound(String name) {
        super("There is no account named " + name + ".", null, false, false);
    }
}
