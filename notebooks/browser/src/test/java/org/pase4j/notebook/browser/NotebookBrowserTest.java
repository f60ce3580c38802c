package org.pase4j.notebook.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;

/**
 * The notebooks as a researcher uses them: {@code notebooks/serve.sh} (fast mode) serves them, headless Chromium
 * opens {@code 01-data} through the server, and everything is done from the Notebook UI: menu Cell &gt; Run All,
 * then new cells typed with the keyboard and stopped with menu Kernel &gt; Interrupt. Checks that every code cell
 * ran, that none shows an error, that each cell that displays a chart shows a loaded image, that an interrupt
 * ends a sleeping cell and a busy loop with an "InterruptedException" while the kernel keeps its state and
 * answers the next cell, that the notebook file is left as it was, and that Ctrl-C (SIGINT) stops the server
 * and its kernel. Screenshots and the server's log go to {@code results/browser/}.
 *
 * <p>Needs Debian's {@code chromium} and {@code chromium-driver} and what {@code serve.sh} installs; {@code
 * notebooks/browser-test.sh} installs them and runs this. Nothing is skipped: what is missing fails the test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NotebookBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String NOTEBOOK = "01-data.ipynb";
    private static final Duration SERVER_START = Duration.ofSeconds(600);
    private static final Duration KERNEL_READY = Duration.ofSeconds(180);
    private static final Duration RUN_ALL = Duration.ofSeconds(900);
    private static final Duration CELL = Duration.ofSeconds(120);
    /** A cell that shows a chart: it calls {@code display(...)}, or draws with XChart or {@code Charts}. */
    private static final Pattern CHART = Pattern.compile("(^|[^.\\w])display\\(|BitmapEncoder\\.getBufferedImage\\(|Charts\\.grid\\(",
            Pattern.MULTILINE);
    private static final Pattern PROMPT = Pattern.compile("In \\[(\\d+|\\*| )\\]:");

    private final Path repo = Path.of(System.getProperty("pase4j.repo", "../..")).toAbsolutePath().normalize();
    private final Path out = repo.resolve("results").resolve("browser");
    private final String token = UUID.randomUUID().toString().replace("-", "");
    private final String marker = UUID.randomUUID().toString();
    private final List<String> timings = new ArrayList<>();
    private final long began = System.nanoTime();
    private Process server;
    private ChromeDriver driver;
    private String notebookSha;
    private String kernelId;
    private int port;

    @BeforeAll
    void startServerAndOpenNotebook() throws Exception {
        Files.createDirectories(out);
        for (String stale : List.of("01-data.png", "01-data-interrupt.png", "failure.png", "timings.txt")) {
            Files.deleteIfExists(out.resolve(stale));
        }
        for (Path p : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(p)) {
                fail(p + " is missing: apt-get install -y chromium chromium-driver (notebooks/browser-test.sh does)");
            }
        }
        notebookSha = sha256(repo.resolve("notebooks").resolve(NOTEBOOK));
        long t = System.nanoTime();
        startServer();
        time("server up (install check, mvn package, Jupyter)", t);

        t = System.nanoTime();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1024", "--user-data-dir=" + Files.createTempDirectory("pase4j-chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .withLogFile(out.resolve("chromedriver.log").toFile())
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(120)).scriptTimeout(Duration.ofSeconds(30));
        time("browser up", t);

        t = System.nanoTime();
        driver.get(url("/notebooks/" + NOTEBOOK));
        waitFor("the notebook page and its kernel", KERNEL_READY,
                () -> Boolean.TRUE.equals(js("return !!(window.Jupyter && Jupyter.notebook && Jupyter.notebook._fully_loaded"
                        + " && Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected());")) && kernelIdle());
        // the test changes the notebook only in the browser: no autosave may write it back
        js("Jupyter.notebook.set_autosave_interval(0);");
        kernelId = (String) js("return Jupyter.notebook.kernel.id;");
        assertEquals("Java (pase4j)", kernelIndicatorName(), "the notebook's kernel, as the UI names it");
        time("notebook open, kernel idle", t);
    }

    @Test
    @Order(1)
    void runAllFromTheCellMenuRunsEveryCellWithoutErrorAndShowsThePlots() throws IOException {
        long t = System.nanoTime();
        // the repository's copy carries a full-mode run's outputs: clear them, so that only this run's count
        js("Jupyter.notebook.clear_all_output();");
        assertTrue(codeCells().stream().noneMatch(c -> prompt(c).matches("\\d+")), "outputs cleared before Run All");
        menu("celllink", "run_all_cells");
        waitFor("Run All to finish", RUN_ALL, () -> {
            List<Map<String, Object>> cells = codeCells();
            boolean running = cells.stream().anyMatch(c -> "*".equals(prompt(c)));
            boolean allRan = cells.stream().allMatch(c -> prompt(c).matches("\\d+"));
            boolean failed = cells.stream().anyMatch(c -> !((String) c.get("errors")).isEmpty());
            return !running && (allRan || failed) && kernelIdle();
        });
        time("Run All (menu Cell > Run All) until the kernel is idle", t);
        screenshot("01-data.png");

        List<Map<String, Object>> cells = codeCells();
        assertTrue(cells.size() >= 5, "code cells in " + NOTEBOOK + ": " + cells.size());
        int previous = 0;
        int charts = 0;
        for (int i = 0; i < cells.size(); i++) {
            Map<String, Object> cell = cells.get(i);
            String where = "code cell " + (i + 1) + " (" + firstLine((String) cell.get("source")) + ")";
            assertEquals("", cell.get("errors"), where + " shows an error");
            String prompt = prompt(cell);
            assertTrue(prompt.matches("\\d+"), where + " did not run: In [" + prompt + "]");
            int count = Integer.parseInt(prompt);
            assertTrue(count > previous, where + " ran out of order: In [" + count + "] after In [" + previous + "]");
            previous = count;
            if (CHART.matcher(((String) cell.get("source")).replaceAll("//.*", "")).find()) {
                charts++;
                assertTrue(((Number) cell.get("images")).intValue() >= 1, where + " draws a chart but shows no loaded image");
            }
        }
        assertTrue(charts >= 3, "cells that draw a chart: " + charts);
        System.out.printf("01-data: %d code cells ran (In [1..%d]), no error, %d charts shown%n", cells.size(), previous, charts);
    }

    @Test
    @Order(2)
    void interruptFromTheKernelMenuStopsARunningCellAndTheKernelAnswersTheNext() throws IOException {
        int cellsBefore = codeCells().size();
        runNewCell("int before = 41;");
        int firstCount = Integer.parseInt(prompt(codeCells().get(cellsBefore)));

        interruptNewCell("while (true) { Thread.sleep(100); }", "sleeping loop");
        interruptNewCell("long spins = 0; while (true) { spins++; }", "busy loop");

        long t = System.nanoTime();
        Map<String, Object> state = runNewCell("before + 1");
        Map<String, Object> two = runNewCell("1 + 1");
        time("cells after the interrupts: before + 1, 1 + 1", t);
        assertEquals("42", ((String) state.get("text")).strip(), "a variable defined before the interrupts");
        assertEquals("2", ((String) two.get("text")).strip(), "1 + 1 after the interrupts");
        assertEquals(kernelId, js("return Jupyter.notebook.kernel.id;"), "the kernel was restarted");
        int lastCount = Integer.parseInt(prompt(two));
        assertEquals(firstCount + 4, lastCount, "execution counts go on from In [" + firstCount + "] (a restart starts again at 1)");
        screenshot("01-data-interrupt.png");
    }

    @AfterAll
    void stopBrowserAndServer() throws Exception {
        try {
            if (driver != null) {
                driver.quit();
            }
        } finally {
            stopServerWithCtrlC();
            Files.write(out.resolve("timings.txt"), timings, StandardCharsets.UTF_8);
        }
        assertEquals(notebookSha, sha256(repo.resolve("notebooks").resolve(NOTEBOOK)), NOTEBOOK + " was changed on disk");
    }

    // --- the server ---

    private void startServer() throws IOException, InterruptedException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder("bash", "notebooks/serve.sh").directory(repo.toFile())
                .redirectErrorStream(true).redirectOutput(out.resolve("server.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("PASE4J_FAST", "1");
        pb.environment().put("PASE4J_NOTEBOOK_PORT", Integer.toString(port));
        pb.environment().put("PASE4J_NOTEBOOK_TOKEN", token);
        pb.environment().put("PASE4J_BROWSER_TEST", marker);   // inherited by the kernels: finds them afterwards
        server = pb.start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest status = HttpRequest.newBuilder(URI.create(url("/api/status"))).timeout(Duration.ofSeconds(5)).build();
        waitFor("notebooks/serve.sh to answer on port " + port, SERVER_START, () -> {
            if (!server.isAlive()) {
                fail("notebooks/serve.sh ended with exit " + server.exitValue() + ":\n" + tail(out.resolve("server.log")));
            }
            try {
                return http.send(status, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }

    private void stopServerWithCtrlC() throws IOException, InterruptedException {
        if (server == null) {
            return;
        }
        long t = System.nanoTime();
        new ProcessBuilder("kill", "-INT", Long.toString(server.pid())).inheritIO().start().waitFor();
        boolean ended = server.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
        if (!ended) {
            server.destroyForcibly();
        }
        List<Long> kernels = List.of();
        for (int i = 0; i < 20; i++) {
            kernels = processesMarked();
            if (kernels.isEmpty()) {
                break;
            }
            Thread.sleep(500);
        }
        kernels.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        time("server stopped with Ctrl-C (SIGINT)", t);
        assertTrue(ended, "the server did not stop within 60 s of Ctrl-C (SIGINT):\n" + tail(out.resolve("server.log")));
        assertEquals(List.of(), kernels, "kernel processes left running after the server stopped (now killed)");
    }

    private List<Long> processesMarked() throws IOException {
        List<Long> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String environ = new String(Files.readAllBytes(proc.resolve("environ")), StandardCharsets.ISO_8859_1);
                    if (environ.contains("PASE4J_BROWSER_TEST=" + marker)) {
                        found.add(Long.parseLong(proc.getFileName().toString()));
                    }
                } catch (IOException | UncheckedIOException e) {
                    // gone, or not ours to read
                }
            }
        }
        return found;
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path + "?token=" + token;
    }

    // --- the notebook UI ---

    private void menu(String menuId, String itemId) {
        driver.findElement(By.id(menuId)).click();
        driver.findElement(By.cssSelector("#" + itemId + " > a")).click();
    }

    /** Clicks the last cell, adds a cell below with the keyboard (Esc, B, Enter), types the code, runs it (Ctrl-Enter). */
    private int typeNewCell(String code) {
        List<WebElement> cells = driver.findElements(By.cssSelector("#notebook-container .cell"));
        WebElement last = cells.get(cells.size() - 1);
        new Actions(driver).moveToElement(last.findElement(By.cssSelector(".input_prompt"))).click().perform();
        new Actions(driver).sendKeys(Keys.ESCAPE).sendKeys("b").sendKeys(Keys.ENTER).sendKeys(code).perform();
        assertEquals(code, js("return Jupyter.notebook.get_selected_cell().get_text();"), "the text typed into the new cell");
        new Actions(driver).keyDown(Keys.CONTROL).sendKeys(Keys.ENTER).keyUp(Keys.CONTROL).perform();
        return codeCells().size() - 1;
    }

    private Map<String, Object> runNewCell(String code) {
        int index = typeNewCell(code);
        waitFor("cell `" + code + "` to run", CELL, () -> prompt(codeCells().get(index)).matches("\\d+") && kernelIdle());
        Map<String, Object> cell = codeCells().get(index);
        assertEquals("", cell.get("errors"), "cell `" + code + "` shows an error");
        return cell;
    }

    private void interruptNewCell(String code, String what) {
        int index = typeNewCell(code);
        waitFor("cell `" + code + "` to start", CELL, () -> "*".equals(prompt(codeCells().get(index))) && !kernelIdle());
        sleep(3000);   // running for a while
        assertEquals("*", prompt(codeCells().get(index)), "the " + what + " ended by itself");
        long t = System.nanoTime();
        menu("kernellink", "int_kernel");
        waitFor("the interrupted " + what + " to end", CELL,
                () -> prompt(codeCells().get(index)).matches("\\d+") && kernelIdle());
        time("interrupt of a " + what + " (menu Kernel > Interrupt) until the cell ended", t);
        String errors = (String) codeCells().get(index).get("errors");
        assertTrue(errors.contains("InterruptedException"), "the interrupted " + what + " shows: " + errors);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> codeCells() {
        return (List<Map<String, Object>>) js("""
                return Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code').map(c => {
                  const el = c.element[0];
                  const all = sel => Array.from(el.querySelectorAll(sel));
                  return {
                    source: c.get_text(),
                    prompt: el.querySelector('.input_prompt').innerText,
                    errors: all('.output_error').map(e => e.innerText).join('\\n'),
                    images: all('.output_area img').filter(i => i.complete && i.naturalWidth > 0).length,
                    text: all('.output_subarea').map(e => e.innerText).join('\\n')
                  };
                });""");
    }

    /** @return the number in a cell's "In [n]:", "*" while it runs, " " if it never ran */
    private static String prompt(Map<String, Object> cell) {
        Matcher m = PROMPT.matcher(((String) cell.get("prompt")).replace('\u00a0', ' ').strip());
        return m.find() ? m.group(1) : "?";
    }

    private boolean kernelIdle() {
        Object cls = js("const i = document.getElementById('kernel_indicator_icon'); return i ? i.className : '';");
        return String.valueOf(cls).contains("kernel_idle_icon");
    }

    private String kernelIndicatorName() {
        Object name = js("const n = document.querySelector('.kernel_indicator_name'); return n ? n.innerText : '';");
        return String.valueOf(name).strip();
    }

    private void screenshot(String name) throws IOException {
        Dimension normal = driver.manage().window().getSize();
        Number height = (Number) js("return document.getElementById('header').offsetHeight"
                + " + document.getElementById('site').scrollHeight + 20;");
        driver.manage().window().setSize(new Dimension(normal.getWidth(), Math.min(height.intValue(), 16000)));
        sleep(700);   // Notebook resizes its scroll area on the window's resize event
        js("document.getElementById('site').scrollTop = 0;");
        sleep(200);
        Files.write(out.resolve(name), driver.getScreenshotAs(OutputType.BYTES));
        driver.manage().window().setSize(normal);
        System.out.println("screenshot: " + out.resolve(name));
    }

    private Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    // --- helpers ---

    private void waitFor(String what, Duration limit, BooleanSupplier condition) {
        long end = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                String shot = "";
                if (driver != null) {
                    try {
                        screenshot("failure.png");
                        shot = " (screenshot results/browser/failure.png)";
                    } catch (IOException | RuntimeException e) {
                        shot = " (no screenshot: " + e + ")";
                    }
                }
                fail("timed out after " + limit.toSeconds() + " s waiting for " + what + shot);
            }
            sleep(250);
        }
    }

    private void time(String step, long startNanos) {
        String line = String.format("%-62s %6.1f s   (at %6.1f s)", step, (System.nanoTime() - startNanos) / 1e9,
                (System.nanoTime() - began) / 1e9);
        timings.add(line);
        System.out.println("timing: " + line);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String firstLine(String source) {
        String line = source.strip().lines().findFirst().orElse("");
        return line.length() > 60 ? line.substring(0, 60) + "..." : line;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
