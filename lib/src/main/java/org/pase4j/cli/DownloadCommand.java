package org.pase4j.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.pase4j.data.HttpDownloader;
import org.pase4j.data.MiniLibriSpeech;
import org.pase4j.data.MiniLibriSpeech.Subset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pase4j download}: fetches Mini LibriSpeech into a data folder. */
@Command(name = "download", mixinStandardHelpOptions = true,
        description = {"Downloads and extracts Mini LibriSpeech (OpenSLR resource 31).",
            "Subsets go to DATA_FOLDER/LibriSpeech/<subset>; partial downloads resume, present subsets are skipped."})
final class DownloadCommand implements Callable<Integer> {

    @Option(names = "--data-folder", required = true, paramLabel = "DIR", description = "where the corpus goes")
    Path dataFolder;

    @Option(names = "--subset", split = ",", paramLabel = "NAME",
            description = "subsets to fetch: train-clean-5, dev-clean-2 (default: ${DEFAULT-VALUE})",
            defaultValue = "train-clean-5")
    List<String> subsets;

    @Option(names = "--sha256", paramLabel = "HEX",
            description = "expected SHA-256 of the archive (only with a single --subset)")
    String sha256;

    @Option(names = "--base-url", paramLabel = "URL", description = "where the archives are (default: ${DEFAULT-VALUE})")
    URI baseUrl = MiniLibriSpeech.DEFAULT_BASE;

    @Override
    public Integer call() throws Exception {
        if (sha256 != null && subsets.size() != 1) {
            throw new IllegalArgumentException("--sha256 applies to one archive, but " + subsets.size()
                    + " subsets were asked for");
        }
        MiniLibriSpeech corpus = new MiniLibriSpeech(baseUrl, new HttpDownloader());
        for (String name : subsets) {
            Subset subset = parse(name);
            boolean fetched = corpus.fetch(dataFolder, subset, sha256);
            System.out.println((fetched ? "downloaded " : "already present: ")
                    + MiniLibriSpeech.subsetFolder(dataFolder, subset));
        }
        return 0;
    }

    private static Subset parse(String name) {
        for (Subset s : Subset.values()) {
            if (s.folderName().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown subset '" + name + "', expected train-clean-5 or dev-clean-2");
    }
}
