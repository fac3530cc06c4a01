package io.myblog.account;

import io.quarkus.security.jpa.Password;
import io.quarkus.security.jpa.PasswordType;
import io.quarkus.security.jpa.Roles;
import io.quarkus.security.jpa.UserDefinition;
import io.quarkus.security.jpa.Username;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An account that may write; Quarkus Security JPA checks Basic credentials against it ({@code db/migration/V2}). */
@Entity
@Table(name = "account")
@UserDefinition
public class Account {

    @Id
    @Username
    @Column(length = AccountInput.NAME_MAX)
    public String name;

    /** bcrypt, modular crypt format: the salt and cost travel with the hash. */
    @Password(PasswordType.MCF)
    @Column(name = "password_hash", nullable = false, length = 100)
    public String passwordHash;

    /** Comma-separated {@link Role} names. */
    @Roles
    @Column(nullable = false, length = 100)
    public String roles;
}
