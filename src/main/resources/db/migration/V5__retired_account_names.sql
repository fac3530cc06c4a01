-- Names of deleted accounts. Articles keep their author's name after the account is gone, so a new account of that
-- name would inherit them (edit, delete, their drafts): such a name is never given out again (issue 24). An operator
-- who wants to give one back deletes its row here. Binary collation as account.name: names compare exactly.
CREATE TABLE retired_account_name (
    name       VARCHAR(100) NOT NULL,
    retired_at DATETIME(6)  NOT NULL,
    PRIMARY KEY (name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
