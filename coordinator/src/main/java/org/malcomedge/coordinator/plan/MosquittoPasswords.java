package org.malcomedge.coordinator.plan;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Mosquitto's password file, written in Java so {@code plan} needs no mosquitto on the
 * coordinator's machine: one {@code user:$7$101$SALT$HASH} line per user, the format
 * {@code mosquitto_passwd} 2.x writes (PBKDF2-HMAC-SHA512, 101 iterations, 12-byte salt, 64-byte
 * hash, both base64). Tests check it against a hash made by mosquitto_passwd and against a live broker.
 */
public final class MosquittoPasswords {

    static final int ITERATIONS = 101;
    static final int SALT_BYTES = 12;
    private static final int HASH_BITS = 512;
    private static final int GENERATED_PASSWORD_BYTES = 18;

    private MosquittoPasswords() {
    }

    /** The password file for these users, sorted by user name. */
    public static String file(Map<String, String> passwordsByUser, SecureRandom random) {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(passwordsByUser).forEach((user, password) -> {
            if (user.isEmpty() || user.contains(":") || user.contains("\n")) {
                throw new IllegalArgumentException("user name '" + user + "' cannot stand in a mosquitto password file");
            }
            byte[] salt = new byte[SALT_BYTES];
            random.nextBytes(salt);
            out.append(user).append(':').append(hash(password, salt)).append('\n');
        });
        return out.toString();
    }

    /** {@code $7$101$SALT$HASH} for this password and salt. */
    static String hash(String password, byte[] salt) {
        Base64.Encoder base64 = Base64.getEncoder();
        return "$7$" + ITERATIONS + "$" + base64.encodeToString(salt) + "$" + base64.encodeToString(pbkdf2(password, salt));
    }

    private static byte[] pbkdf2(String password, byte[] salt) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, ITERATIONS, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no PBKDF2WithHmacSHA512", e);
        } finally {
            spec.clearPassword();
        }
    }

    /** A fresh random password: 144 bits, URL-safe base64 (24 characters). */
    public static String generate(SecureRandom random) {
        byte[] bytes = new byte[GENERATED_PASSWORD_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
