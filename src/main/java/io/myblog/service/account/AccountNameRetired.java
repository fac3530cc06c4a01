package io.myblog.service.account;

/** The name belonged to a deleted account: its articles still carry it, so a new account would inherit them (409). */
public class AccountNameRetired extends RuntimeException {

    AccountNameRetired(String name) {
        super("The name " + name + " belonged to a deleted account and is not given out again: its articles still "
                + "carry it. Choose another name.", null, false, false);
    }
}
