package io.myblog.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A certificate authority made by the test, and server certificates it signs, written as PEM files. */
public final class TestCertificates {

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private final String name;
    private final KeyPair keys;
    private final X509Certificate certificate;

    private TestCertificates(String name, KeyPair keys, X509Certificate certificate) {
        this.name = name;
        this.keys = keys;
        this.certificate = certificate;
    }

    /** A self-signed CA named {@code CN=name}. */
    public static TestCertificates authority(String name) {
        try {
            var keys = rsa();
            var subject = new X500Name("CN=" + name);
            org.bouncycastle.cert.X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(), notBefore(), notAfter(), subject,
                    keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            return new TestCertificates(name, keys, sign(builder, keys));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes this CA's certificate as PEM: what Secret key MYSQL_SSL_CA holds. */
    public Path writeCertificate(Path file) {
        write(file, certificate);
        return file;
    }

    /**
     * A server certificate for the DNS names given (no IP address), signed by this CA: {@code cert.pem} and
     * {@code key.pem} in {@code directory}.
     */
    public ServerCertificate issueServer(Path directory, String... dnsNames) {
        try {
            var keys = rsa();
            var names = new GeneralName[dnsNames.length];
            for (int i = 0; i < dnsNames.length; i++) {
                names[i] = new GeneralName(GeneralName.dNSName, dnsNames[i]);
            }
            org.bouncycastle.cert.X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial(), notBefore(), notAfter(),
                    new X500Name("CN=" + dnsNames[0]), keys.getPublic())
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names))
                    .addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            var server = sign(builder, this.keys);
            Files.createDirectories(directory);
            var cert = directory.resolve("cert.pem");
            var key = directory.resolve("key.pem");
            write(cert, server);
            write(key, keys.getPrivate());
            return new ServerCertificate(cert, key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public record ServerCertificate(Path certificate, Path key) {
    }

    @Override
    public String toString() {
        return "CA " + name;
    }

    private static KeyPair rsa() {
        try {
            var generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate sign(org.bouncycastle.cert.X509v3CertificateBuilder builder, KeyPair signer) {
        try {
            var signed = builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(signer.getPrivate()));
            return new JcaX509CertificateConverter().getCertificate(signed);
        } catch (Exception e) {
            throw new IllegalStateException("Could not sign the test certificate", e);
        }
    }

    private static void write(Path file, Object pem) {
        try (Writer out = Files.newBufferedWriter(file); var writer = new JcaPEMWriter(out)) {
            writer.writeObject(pem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIAL.incrementAndGet());
    }

    private static Date notBefore() {
        return Date.from(Instant.now().minus(Duration.ofHours(1)));
    }

    private static Date notAfter() {
        return Date.from(Instant.now().plus(Duration.ofDays(2)));
    }
}
