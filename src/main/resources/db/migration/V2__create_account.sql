-- Accounts that may write. password_hash is bcrypt in modular crypt format ($2a$…, 60 characters), never the password;
-- roles is a comma-separated list of author and admin. Binary collation: names compare exactly, as they are signed.
CREATE TABLE account (
    name          VARCHAR(100) NOT NULL,
    password_hash VARCHAR(100) NOT NULL,
    roles         VARCHAR(100) NOT NULL,
    PRIMARY KEY (name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
