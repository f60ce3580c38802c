package org.pase4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import me.tongfei.progressbar.ProgressBar;
import org.pase4j.util.Checksums;
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

    private final int timeoutMillis;
    private final int maxAttempts;
    private final Duration retryDelay;

    /**
     * Creates a downloader.
     *
     * @param maxAttempts how many connections to try before giving up (at least 1)
     * @param retryDelay pause before each retry, multiplied by the attempt number
     * @param timeout how long a connection may stay silent before it counts as lost
     */
    public HttpDownloader(int maxAttempts, Duration retryDelay, Duration timeout) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts " + maxAttempts + ", expected >= 1");
        }
        this.timeoutMillis = Math.toIntExact(timeout.toMillis());
        this.maxAttempts = maxAttempts;
        this.retryDelay = retryDelay;
    }

    /** A downloader with 5 attempts, a 2 s back-off and a 60 s timeout. */
    public HttpDownloader() {
        this(5, Duration.ofSeconds(2), Duration.ofSeconds(60));
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
                LOG.warn("{}: {}; retrying from byte {} (attempt {}/{})", uri, last.getMessage(), sizeOf(part),
                        attempt, maxAttempts);
                sleep(retryDelay.multipliedBy(attempt - 1));
            }
            try {
                transfer(uri, part);
                break;
            } catch (PermanentFailure e) {
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
            String actual = Checksums.sha256(part);
            if (!actual.equalsIgnoreCase(sha256)) {
                Files.delete(part);
                throw new IOException("download of " + uri + ": SHA-256 " + actual + ", expected "
                        + sha256.toLowerCase(Locale.ROOT) + "; the corrupt file was deleted, run again");
            }
        }
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return true;
    }

    /** One connection; returns normally when the part file is complete. */
    private void transfer(URI uri, Path part) throws IOException {
        long offset = sizeOf(part);
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        connection.setConnectTimeout(timeoutMillis);
        connection.setReadTimeout(timeoutMillis);
        connection.setInstanceFollowRedirects(true);
        if (offset > 0) {
            connection.setRequestProperty("Range", "bytes=" + offset + "-");
        }
        long total;
        try {
            int status = responseCode(uri, connection);
            String contentRange = Objects.requireNonNullElse(connection.getHeaderField("Content-Range"), "");
            if (status == 416) {
                Matcher m = UNSATISFIED_RANGE.matcher(contentRange);
                if (m.matches() && Long.parseLong(m.group(1)) == offset) {
                    return;
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
                total = connection.getContentLengthLong();
                append = false;
                offset = 0;
            } else if (status >= 400 && status < 500 && status != 408 && status != 429) {
                throw new PermanentFailure("HTTP " + status + " for " + uri);
            } else {
                throw new IOException("HTTP " + status + " for " + uri);
            }
            String type = Objects.requireNonNullElse(connection.getContentType(), "").toLowerCase(Locale.ROOT);
            if (type.startsWith("text/html")) {
                throw new PermanentFailure("download of " + uri + ": the server sent a web page (" + type
                        + ") instead of the archive, e.g. an error or sign-in page; check the address or download the"
                        + " archive by hand");
            }
            try (InputStream body = connection.getInputStream()) {
                copy(uri, body, part, append, offset, total);
            }
        } finally {
            connection.disconnect();
        }
        long size = sizeOf(part);
        if (total >= 0 && size > total) {
            Files.delete(part);
            throw new PermanentFailure("download of " + uri + ": received " + size
                    + " bytes, the server announced " + total + "; the file was deleted");
        }
        if (total >= 0 && size < total) {
            throw new IOException("connection closed after " + size + " of " + total + " bytes");
        }
    }

    /**
     * Connects and returns the HTTP status, saying in words what went wrong with the connection: a host that
     * is not found cannot succeed on a retry, a refused or timed-out connection may.
     */
    private int responseCode(URI uri, HttpURLConnection connection) throws IOException {
        try {
            return connection.getResponseCode();
        } catch (UnknownHostException e) {
            throw new PermanentFailure("download of " + uri + ": host " + uri.getHost() + " not found (no network,"
                    + " or no name server that knows it); connect this machine or copy the archive here by hand");
        } catch (ConnectException e) {
            throw new IOException("connection to " + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                    + " refused (" + e.getMessage() + ")", e);
        } catch (SocketTimeoutException e) {
            throw new IOException("no answer from " + uri.getHost() + " in " + timeoutMillis / 1000 + " s (timed out)", e);
        }
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

    /** A failure that retrying cannot fix (a missing file, a size mismatch). */
    private static final class PermanentFailure extends IOException {
        private static final long serialVersionUID = 1L;

        PermanentFailure(String message) {
            super(message);
        }
    }
}
