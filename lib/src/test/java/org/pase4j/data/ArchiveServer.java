package org.pase4j.data;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * A local HTTP server on 127.0.0.1 serving one file with Range support, able to cut the connection
 * after a number of bytes or to ignore Range headers, and recording the requests it saw.
 */
public final class ArchiveServer implements AutoCloseable {

    private final HttpServer server;
    private final byte[] body;
    private final String path;
    /** Range header of every request ("" when absent). */
    final List<String> ranges = Collections.synchronizedList(new ArrayList<>());
    /** Bytes to send before cutting the connection, per request in order; later requests are whole. */
    final List<Long> cuts = Collections.synchronizedList(new ArrayList<>());
    volatile boolean ignoreRange;
    /** The Content-Type header to send, or null for none. */
    volatile String contentType;

    /**
     * Starts serving.
     *
     * @param path the URL path of the file
     * @param body its bytes
     */
    public ArchiveServer(String path, byte[] body) throws IOException {
        this.path = path;
        this.body = body;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** @return the base URL, {@code http://127.0.0.1:<port>/resources/31/} */
    public URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/resources/31/");
    }

    private void handle(HttpExchange exchange) throws IOException {
        String range = exchange.getRequestHeaders().getFirst("Range");
        ranges.add(range == null ? "" : range);
        if (!exchange.getRequestURI().getPath().equals(path)) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        if (contentType != null) {
            exchange.getResponseHeaders().add("Content-Type", contentType);
        }
        int from = 0;
        if (range != null && !ignoreRange) {
            from = Integer.parseInt(range.replace("bytes=", "").replace("-", ""));
            exchange.getResponseHeaders().add("Content-Range",
                    "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
            exchange.sendResponseHeaders(206, body.length - from);
        } else {
            exchange.sendResponseHeaders(200, body.length);
        }
        long cut = cuts.isEmpty() ? Long.MAX_VALUE : cuts.remove(0);
        OutputStream out = exchange.getResponseBody();
        int n = (int) Math.min(body.length - from, cut);
        out.write(body, from, n);
        out.flush();
        if (n < body.length - from) {
            // Drop the connection in the middle of the body: the server closes it when a handler fails.
            throw new IOException("cutting the connection after " + n + " bytes");
        }
        out.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /**
     * Builds a small Mini-LibriSpeech-like archive.
     *
     * @param subset the subset folder name
     * @param files relative paths below {@code LibriSpeech/<subset>/} and their contents
     * @return the {@code .tar.gz} bytes
     */
    public static byte[] archive(String subset, Map<String, byte[]> files) throws IOException {
        Map<String, byte[]> all = new LinkedHashMap<>();
        all.put("LibriSpeech/SPEAKERS.TXT", "; speakers\n".getBytes(StandardCharsets.UTF_8));
        files.forEach((k, v) -> all.put("LibriSpeech/" + subset + "/" + k, v));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            for (Map.Entry<String, byte[]> e : all.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
                entry.setSize(e.getValue().length);
                tar.putArchiveEntry(entry);
                tar.write(e.getValue());
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }
}
