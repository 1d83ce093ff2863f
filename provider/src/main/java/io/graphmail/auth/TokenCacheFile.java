package io.graphmail.auth;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The delegated sign-in's file ({@code mail.graph.tokencache}): one {@link CachedSignIn}, encrypted with AES-256-GCM
 * under a key derived from the password (PBKDF2-HMAC-SHA256), readable by its owner only (mode 0600).
 *
 * <p>Several JVMs of one cluster may share the file. Every change happens under an exclusive lock on a sidecar
 * {@code .lock} file (and a lock per path inside this JVM, since file locks are per process): read the newest
 * content, change it, write it to a temporary file in the same folder, force it to disk and move it over the old one
 * atomically. A crash at any point leaves either the old or the new file, never a torn one. The format is described
 * in docs/admin-guide.md (delegated sign-in).
 */
public final class TokenCacheFile {

    private static final byte[] MAGIC = "GMTC".getBytes(StandardCharsets.US_ASCII);
    private static final byte VERSION = 1;
    private static final int SALT = 16;
    private static final int IV = 12;
    private static final int ITERATIONS = 600_000;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Map<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();
    /** Derived keys by salt and password: derivation is deliberately slow, and a file keeps its salt. */
    private static final Map<String, SecretKey> KEYS = new ConcurrentHashMap<>();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path file;
    private final char[] password;

    /**
     * @param file     the cache file; it need not exist yet
     * @param password its password, never empty
     */
    public TokenCacheFile(Path file, String password) {
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("the token cache needs a password (mail.graph.tokencache.password)");
        }
        this.file = file.toAbsolutePath();
        this.password = password.toCharArray();
    }

    public Path path() {
        return file;
    }

    /** A change to the stored sign-in, made while the file is locked; returns the sign-in to store (or null to keep). */
    @FunctionalInterface
    public interface Change<T> {
        T apply(CachedSignIn current, java.util.function.Consumer<CachedSignIn> store) throws TokenException;
    }

    /**
     * Reads the stored sign-in, or null when the file does not exist. Takes the lock too, so that it never sees a file
     * half-way through another JVM's write (the move is atomic anyway; the lock also orders it after a running change).
     *
     * @throws TokenException when the file cannot be read or decrypted (wrong password, not a token cache)
     */
    public CachedSignIn read() throws TokenException {
        return update((current, store) -> current);
    }

    /**
     * Runs {@code change} with the newest stored sign-in while holding the lock; what it passes to {@code store} is
     * written before the lock is released.
     *
     * @throws TokenException when the file cannot be read, decrypted or written, or as {@code change} throws
     */
    public <T> T update(Change<T> change) throws TokenException {
        ReentrantLock local = IN_JVM.computeIfAbsent(file, f -> new ReentrantLock());
        local.lock();
        try (FileChannel lockChannel = openLock(); FileLock ignored = lockChannel.lock()) {
            Stored current = load();
            CachedSignIn[] next = {null};
            T result = change.apply(current == null ? null : current.signIn, s -> next[0] = s);
            if (next[0] != null) {
                write(next[0], current == null ? newSalt() : current.salt);
            }
            return result;
        } catch (IOException e) {
            throw new TokenException("the token cache " + file + " could not be read or written: " + e.getMessage()
                    + " (check mail.graph.tokencache and the folder's permissions)", null, true, e);
        } finally {
            local.unlock();
        }
    }

    private FileChannel openLock() throws IOException {
        Path lock = file.resolveSibling(file.getFileName() + ".lock");
        Files.createDirectories(file.getParent());
        try {
            Files.createFile(lock, ownerOnly());
        } catch (FileAlreadyExistsException e) {
            // another process made it first; it is only ever locked, never read
        }
        return FileChannel.open(lock, StandardOpenOption.WRITE);
    }

    private record Stored(CachedSignIn signIn, byte[] salt) {
    }

    private Stored load() throws IOException, TokenException {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
        int header = MAGIC.length + 1;
        if (all.length < header + SALT + IV + 16 || !Arrays.equals(Arrays.copyOf(all, MAGIC.length), MAGIC)
                || all[MAGIC.length] != VERSION) {
            throw new TokenException(file + " is not a graphmail token cache (mail.graph.tokencache): point it at"
                    + " the file graphmail authorize wrote, or at a new path and run graphmail authorize again",
                    null, true, null);
        }
        byte[] salt = Arrays.copyOfRange(all, header, header + SALT);
        byte[] iv = Arrays.copyOfRange(all, header + SALT, header + SALT + IV);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key(salt), new GCMParameterSpec(128, iv));
            c.updateAAD(all, 0, header);
            byte[] plain = c.doFinal(all, header + SALT + IV, all.length - header - SALT - IV);
            try {
                return new Stored(CachedSignIn.fromJson(plain), salt);
            } finally {
                Arrays.fill(plain, (byte) 0);
            }
        } catch (AEADBadTagException e) {
            throw new TokenException("the token cache " + file + " could not be decrypted: mail.graph.tokencache.password"
                    + " is not the password it was written with (or the file was altered); set the right password,"
                    + " or run graphmail authorize again to write a new file", null, true, e);
        } catch (GeneralSecurityException e) {
            throw new IOException("decryption failed: " + e.getMessage(), e);
        }
    }

    private void write(CachedSignIn signIn, byte[] salt) throws IOException {
        byte[] iv = new byte[IV];
        RANDOM.nextBytes(iv);
        byte[] plain = signIn.toJson();
        byte[] sealed;
        ByteBuffer header = ByteBuffer.allocate(MAGIC.length + 1).put(MAGIC).put(VERSION);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key(salt), new GCMParameterSpec(128, iv));
            c.updateAAD(header.array());
            sealed = c.doFinal(plain);
        } catch (GeneralSecurityException e) {
            throw new IOException("encryption failed: " + e.getMessage(), e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
        Path tmp = file.resolveSibling(file.getFileName() + "." + Long.toHexString(RANDOM.nextLong()) + ".tmp");
        try (FileChannel out = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                ownerOnly())) {
            for (ByteBuffer b : new ByteBuffer[]{ByteBuffer.wrap(header.array()), ByteBuffer.wrap(salt),
                    ByteBuffer.wrap(iv), ByteBuffer.wrap(sealed)}) {
                while (b.hasRemaining()) out.write(b);
            }
            out.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.deleteIfExists(tmp);
            throw new IOException("the file system of " + file.getParent() + " cannot replace a file atomically;"
                    + " put the token cache on a local or POSIX file system", e);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        syncFolder();
    }

    /** Makes the rename itself durable; not every platform can open a folder, and then the rename is left to the OS. */
    private void syncFolder() {
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort
        }
    }

    private static FileAttribute<?>[] ownerOnly() {
        return java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(OWNER_ONLY)} : new FileAttribute<?>[0];
    }

    private static byte[] newSalt() {
        byte[] salt = new byte[SALT];
        RANDOM.nextBytes(salt);
        return salt;
    }

    private SecretKey key(byte[] salt) throws GeneralSecurityException {
        String id = java.util.Base64.getEncoder().encodeToString(salt) + ":" + fingerprint();
        SecretKey k = KEYS.get(id);
        if (k == null) {
            PBEKeySpec spec = new PBEKeySpec(password, salt, ITERATIONS, 256);
            try {
                byte[] raw = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
                k = new SecretKeySpec(raw, "AES");
                KEYS.put(id, k);
            } finally {
                spec.clearPassword();
            }
        }
        return k;
    }

    /** Tells passwords apart in the key cache without keeping them there. */
    private String fingerprint() throws GeneralSecurityException {
        java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-256");
        byte[] h = d.digest(new String(password).getBytes(StandardCharsets.UTF_8));
        return java.util.Base64.getEncoder().encodeToString(h);
    }

    @Override
    public String toString() {
        return "TokenCacheFile[" + file + "]";
    }
}
