package io.myblog.service.account;

/** The change would leave no account that may manage accounts: nobody could undo it. */
public class LastAdmin extends RuntimeException {

    LastAdmin(String name) {
        super("Account " + name + " is the last admin: make another account admin first.", null, false, false);
    }
}
