package io.myblog.service.account;

/** The name belonged to a deleted account: its articles still carry it, so a new account would inherit them. */
public class AccountNameRetired extends AccountExists {

    AccountNameRetired(String name) {
        super(name, "The name " + name + " belonged to a deleted account and is not given out again: its articles still "
                + "carry it. Choose another name.");
    }
}
