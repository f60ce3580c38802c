package org.pase4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import me.tongfei.progressbar.ProgressBar;
import org.pase4j.util.Progress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads one file over HTTP(S) safely: bytes go to {@code <target>.part}, an interrupted transfer
 * resumes from where it stopped with an HTTP {@code Range} request (or restarts if the server ignores
 * ranges), the size is checked against the size the server announced, an optional SHA-256 is checked,
 * and only then is the file renamed to its target. A target that exists is never downloaded again.
 */
public final class HttpDownloader {

    private static final Logger LOG = LoggerFactory.getLogger(HttpDownloader.class);
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");
    private static final Pattern UNSATISFIED_RANGE = Pattern.compile("bytes \\*/(\\d+)");

    private final HttpClient client;
    private final int maxAttempts;
    private final Duration retryDelay;

    /**
     * Creates a downloader.
     *
     * @param maxAttempts how many connections to try before giving up (at least 1)
     * @param retryDelay pause before each retry, multiplied by the attempt number
     */
    public HttpDownloader(int maxAttempts, Duration retryDelay) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts " + maxAttempts + ", expected >= 1");
        }
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30))
                .build();
        this.maxAttempts = maxAttempts;
        this.retryDelay = retryDelay;
    }

    /** A downloader with 5 attempts and a 2 s back-off. */
    public HttpDownloader() {
        this(5, Duration.ofSeconds(2));
    }

    /**
     * Downloads {@code uri} to {@code target} unless the target already exists.
     *
     * @param uri where the file is
     * @param target where it goes
     * @param sha256 expected SHA-256 in hex, or {@code null} to skip the check
     * @return true if a download happened, false if the target was already there
     * @throws IOException if every attempt failed, the size or the checksum is wrong
     */
    public boolean download(URI uri, Path target, String sha256) throws IOException {
        if (Files.isRegularFile(target)) {
            return false;
        }
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path part = target.resolveSibling(target.getFileName() + ".part");
        IOException last = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            if (attempt > 1) {
                LOG.warn("{}: {}; resuming from byte {} (attempt {}/{})", uri, last.getMessage(), sizeOf(part),
                        attempt, maxAttempts);
                sleep(retryDelay.multipliedBy(attempt - 1));
            }
            try {
                if (transfer(uri, part)) {
                    break;
                }
                last = new IOException("transfer ended early");
            } catch (SizeException e) {
                throw e;
            } catch (IOException e) {
                last = e;
            }
            if (attempt == maxAttempts) {
                throw new IOException("download of " + uri + " failed after " + maxAttempts + " attempts ("
                        + last.getMessage() + "); " + sizeOf(part) + " bytes kept in " + part
                        + ", run again to resume", last);
            }
        }
        if (sha256 != null) {
            String actual = sha256Of(part);
            if (!actual.equalsIgnoreCase(sha256)) {
                Files.delete(part);
                throw new IOException("download of " + uri + ": SHA-256 " + actual + ", expected "
                        + sha256.toLowerCase(Locale.ROOT) + "; the corrupt file was deleted, run again");
            }
        }
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return true;
    }

    /** One connection. Returns true when the part file is complete. */
    private boolean transfer(URI uri, Path part) throws IOException {
        long offset = sizeOf(part);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2)).GET();
        if (offset > 0) {
            request.header("Range", "bytes=" + offset + "-");
        }
        HttpResponse<InputStream> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        long total;
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            String contentRange = response.headers().firstValue("Content-Range").orElse("");
            if (status == 416) {
                Matcher m = UNSATISFIED_RANGE.matcher(contentRange);
                if (m.matches() && Long.parseLong(m.group(1)) == offset) {
                    return true;
                }
                Files.deleteIfExists(part);
                throw new IOException("server refused to resume at byte " + offset + "; starting again");
            }
            boolean append;
            if (status == 206) {
                Matcher m = CONTENT_RANGE.matcher(contentRange);
                if (!m.matches() || Long.parseLong(m.group(1)) != offset) {
                    Files.deleteIfExists(part);
                    throw new IOException("unexpected Content-Range '" + contentRange + "' for a resume at byte "
                            + offset + "; starting again");
                }
                total = m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3));
                append = true;
            } else if (status == 200) {
                total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
                append = false;
                offset = 0;
            } else {
                throw new IOException("HTTP " + status + " for " + uri);
            }
            copy(uri, body, part, append, offset, total);
        }
        long size = sizeOf(part);
        if (total >= 0 && size > total) {
            Files.delete(part);
            throw new SizeException("download of " + uri + ": received " + size + " bytes, the server announced "
                    + total + "; the file was deleted");
        }
        return total < 0 || size == total;
    }

    private static void copy(URI uri, InputStream body, Path part, boolean append, long offset, long total)
            throws IOException {
        String name = Path.of(uri.getPath()).getFileName().toString();
        try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
                ProgressBar bar = Progress.bar(name, total, "MB", 1 << 20)) {
            bar.stepTo(offset);
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = body.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                bar.stepBy(n);
            }
        }
    }

    /**
     * Computes the SHA-256 of a file.
     *
     * @param file the file
     * @return the digest in lower-case hex
     * @throws IOException if it cannot be read
     */
    public static String sha256Of(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long sizeOf(Path file) throws IOException {
        return Files.isRegularFile(file) ? Files.size(file) : 0;
    }

    private static void sleep(Duration d) throws IOException {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** A size mismatch that retrying cannot fix. */
    private static final class SizeException extends IOException {
        private static final long serialVersionUID = 1L;

        SizeException(String message) {
            super(message);
        }
    }
}
