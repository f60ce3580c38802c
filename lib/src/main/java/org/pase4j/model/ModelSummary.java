package org.pase4j.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A torchinfo-like summary of an initialised model: each encoder module and each worker with its output
 * shape for one (anchor, positive, negative) triple of chunks and its trainable parameter count.
 */
public final class ModelSummary {

    private ModelSummary() {}

    /**
     * One row of the summary.
     *
     * @param module the module's name
     * @param kind what it is
     * @param output its output shape
     * @param parameters its trainable parameters
     */
    public record Row(String module, String kind, Shape output, long parameters) {}

    /**
     * Summarises a model.
     *
     * @param model an initialised model
     * @param chunkSize samples per chunk
     * @return the rows: encoder modules, then workers
     */
    public static List<Row> rows(PaseModel model, int chunkSize) {
        List<Row> rows = new ArrayList<>();
        Encoder encoder = model.encoder();
        Shape s = new Shape(3, 1, chunkSize);
        int i = 0;
        long skipParameters = 0;
        for (Pair<String, Block> child : encoder.getChildren()) {
            Block block = child.getValue();
            String name = child.getKey().replaceFirst("^\\d+", "");
            if (name.startsWith("skip")) {
                skipParameters += trainable(block);
                continue;
            }
            s = block.getOutputShapes(new Shape[] {s})[0];
            String kind = block instanceof ConvBlock ? describe(encoder.config(), i++) : block.getClass().getSimpleName();
            rows.add(new Row("encoder." + name, kind, s, trainable(block)));
        }
        if (skipParameters > 0) {
            rows.add(new Row("encoder.skips", encoder.config().skipConns() + " x 1x1 conv, time-pooled, summed", s,
                    skipParameters));
        }
        for (WorkerSlot w : model.workers()) {
            Shape out = w.worker().getOutputShapes(new Shape[] {s})[0];
            rows.add(new Row("worker." + w.name(), w.kind() + " " + w.worker().getClass().getSimpleName()
                    + " <- " + w.labeller().getClass().getSimpleName(), out, trainable(w.worker())));
        }
        return rows;
    }

    private static String describe(EncoderConfig c, int i) {
        String conv = i == 0 && c.useSincnet() ? "SincConv" : "Conv1d";
        return conv + " k" + c.blocksKernelSizes().get(i) + " s" + c.blocksStrides().get(i) + " + BN + PReLU";
    }

    /**
     * Counts the trainable parameters of a block (BatchNorm running statistics excluded).
     *
     * @param block an initialised block
     * @return the number of trainable values
     */
    public static long trainable(Block block) {
        long n = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                n += p.getValue().getArray().size();
            }
        }
        return n;
    }

    /**
     * The summary as a table with a total row.
     *
     * @param rows the rows
     * @return the table
     */
    public static Table table(List<Row> rows) {
        StringColumn module = StringColumn.create("module");
        StringColumn kind = StringColumn.create("kind");
        StringColumn shape = StringColumn.create("output shape");
        LongColumn params = LongColumn.create("parameters");
        long encoder = 0;
        long total = 0;
        for (Row r : rows) {
            module.append(r.module());
            kind.append(r.kind());
            shape.append(r.output().toString());
            params.append(r.parameters());
            total += r.parameters();
            encoder += r.module().startsWith("encoder.") ? r.parameters() : 0;
        }
        module.append("encoder total").append("workers total").append("total");
        kind.append("").append("").append("");
        shape.append("").append("").append("");
        params.append(encoder).append(total - encoder).append(total);
        return Table.create("model summary (one triple of chunks)", module, kind, shape, params);
    }
}
