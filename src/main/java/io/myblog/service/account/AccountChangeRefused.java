package io.myblog.service.account;

/** An author asked to change another account, or its own roles. */
public class AccountChangeRefused extends RuntimeException {

    AccountChangeRefused(String detail) {
        super(detail, null, false, false);
    }
}
