package org.pase4j.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pase4j.util.Options;

/**
 * The encoder's architecture, read from {@code encoder_model} in train.yaml. Defaults reproduce the
 * SpeechBrain PASE recipe; {@link #officialPase()} and {@link #officialPasePlus()} give the layouts of
 * the official santi-pdp/pase encoders ({@code cfg/frontend/PASE.cfg} and {@code PASE+.cfg}), whose
 * checkpoints {@code python/convert_official.py} converts.
 *
 * @param useSincnet first block is a {@link SincConv} (else a plain convolution)
 * @param useQrnn a {@link Qrnn} between the last block and the output projection
 * @param useSkipConns 1×1 projections of the blocks' outputs, average-pooled in time and summed into the
 *     output
 * @param inChannels input channels (1 for a waveform)
 * @param blocksChannels output channels of each block, the last entry being the output size {@code emb_dim}
 * @param blocksKernelSizes kernel of each block, the last one being the output projection's
 * @param blocksStrides stride of each block, the last one being the output projection's
 * @param qrnnHiddenNeurons QRNN hidden units
 * @param perChannelPrelu per-channel PReLU slopes initialised at 0 (official) instead of one shared
 *     slope initialised at 0.25 (recipe)
 * @param padding {@code recipe} (symmetric reflect padding k/2 for strided blocks) or {@code official}
 *     ({@code (k/2 − 1, k/2)} for strided or even kernels)
 * @param sincMelStartHz where SincConv's initial mel grid starts (recipe 50, official 30)
 * @param lastBlockSkipConn with {@code useSkipConns}, whether the last block before the output projection
 *     has a skip connection too (recipe: every block has one) or only the blocks before it (official
 *     PASE+: the first 7 of 8)
 * @param batchNorm BatchNorm after every block's convolution and on the output (the recipe and the official
 *     encoders); without it the encoder has no batch statistics, so a batch split across devices gives the same
 *     gradients as the whole batch on one
 */
public record EncoderConfig(boolean useSincnet, boolean useQrnn, boolean useSkipConns, int inChannels,
        List<Integer> blocksChannels, List<Integer> blocksKernelSizes, List<Integer> blocksStrides,
        int qrnnHiddenNeurons, boolean perChannelPrelu, String padding, float sincMelStartHz,
        boolean lastBlockSkipConn, boolean batchNorm) {

    private static final Set<String> KEYS = Set.of("use_sincnet", "use_qrnn", "use_skip_conns", "in_channels",
            "blocks_channels", "blocks_kernel_sizes", "blocks_strides", "qrnn_hidden_neurons", "per_channel_prelu",
            "padding", "sinc_mel_start_hz", "last_block_skip_conn", "batch_norm");

    /** Checks the values. */
    public EncoderConfig {
        blocksChannels = List.copyOf(blocksChannels);
        blocksKernelSizes = List.copyOf(blocksKernelSizes);
        blocksStrides = List.copyOf(blocksStrides);
        int n = blocksChannels.size();
        if (n < 2 || blocksKernelSizes.size() != n || blocksStrides.size() != n) {
            throw new IllegalArgumentException("encoder_model: blocks_channels, blocks_kernel_sizes and blocks_strides"
                    + " have " + n + ", " + blocksKernelSizes.size() + " and " + blocksStrides.size()
                    + " entries, expected the same number (at least 2: blocks, then the output projection)");
        }
        for (int i = 0; i < n; i++) {
            if (blocksChannels.get(i) < 1 || blocksKernelSizes.get(i) < 1 || blocksStrides.get(i) < 1) {
                throw new IllegalArgumentException("encoder_model: block " + i + " has channels "
                        + blocksChannels.get(i) + ", kernel " + blocksKernelSizes.get(i) + ", stride "
                        + blocksStrides.get(i) + ", expected all >= 1");
            }
        }
        if (!padding.equals("recipe") && !padding.equals("official")) {
            throw new IllegalArgumentException("encoder_model.padding: '" + padding + "', expected recipe or official");
        }
        if (useSincnet && (inChannels != 1 || blocksKernelSizes.get(0) % 2 == 0)) {
            throw new IllegalArgumentException("encoder_model: SincConv needs in_channels 1 and an odd kernel, got "
                    + inChannels + " and " + blocksKernelSizes.get(0));
        }
        if (inChannels < 1 || qrnnHiddenNeurons < 1) {
            throw new IllegalArgumentException("encoder_model: in_channels " + inChannels + " and qrnn_hidden_neurons "
                    + qrnnHiddenNeurons + ", expected >= 1");
        }
    }

    /** @return the recipe's configuration: SincConv, QRNN, skips, shared PReLU, kernel 21 */
    public static EncoderConfig recipe() {
        return new EncoderConfig(true, true, true, 1, List.of(64, 64, 128, 128, 256, 256, 512, 512, 100),
                List.of(251, 21, 11, 11, 11, 11, 11, 11, 1), List.of(1, 10, 2, 1, 2, 1, 2, 2, 1), 512, false,
                "recipe", 50f, true, true);
    }

    /**
     * @return plain PASE (2019, {@code PASE.cfg}): kernel 20, per-channel PReLU, official padding, no QRNN or
     *     skips, 100 dimensions
     */
    public static EncoderConfig officialPase() {
        return new EncoderConfig(true, false, false, 1, List.of(64, 64, 128, 128, 256, 256, 512, 512, 100),
                List.of(251, 20, 11, 11, 11, 11, 11, 11, 1), List.of(1, 10, 2, 1, 2, 1, 2, 2, 1), 512, true,
                "official", 30f, false, true);
    }

    /**
     * @return PASE+ (2020, {@code PASE+.cfg}): the {@link #officialPase()} blocks, a 512-unit QRNN, skip
     *     connections from the first 7 blocks only, 256 dimensions
     */
    public static EncoderConfig officialPasePlus() {
        return new EncoderConfig(true, true, true, 1, List.of(64, 64, 128, 128, 256, 256, 512, 512, 256),
                List.of(251, 20, 11, 11, 11, 11, 11, 11, 1), List.of(1, 10, 2, 1, 2, 1, 2, 2, 1), 512, true,
                "official", 30f, false, true);
    }

    /** @return the output size {@code emb_dim} */
    public int embDim() {
        return blocksChannels.get(blocksChannels.size() - 1);
    }

    /** @return the number of convolution blocks before the output projection */
    public int blocks() {
        return blocksChannels.size() - 1;
    }

    /** @return how many blocks, counted from the first, have a skip connection (0 without skips) */
    public int skipConns() {
        return useSkipConns ? blocks() - (lastBlockSkipConn ? 0 : 1) : 0;
    }

    /** @return the product of the strides: input samples per output frame */
    public int hop() {
        return blocksStrides.stream().reduce(1, (a, b) -> a * b);
    }

    /**
     * The {@code encoder_model} mapping of train.yaml with every key, which {@link #from} reads back to
     * an equal configuration.
     *
     * @return a new mutable mapping, keys in train.yaml's order
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("use_sincnet", useSincnet);
        m.put("use_qrnn", useQrnn);
        m.put("use_skip_conns", useSkipConns);
        m.put("in_channels", inChannels);
        m.put("blocks_channels", blocksChannels);
        m.put("blocks_kernel_sizes", blocksKernelSizes);
        m.put("blocks_strides", blocksStrides);
        m.put("qrnn_hidden_neurons", qrnnHiddenNeurons);
        m.put("per_channel_prelu", perChannelPrelu);
        m.put("padding", padding);
        m.put("sinc_mel_start_hz", Double.parseDouble(Float.toString(sincMelStartHz)));
        m.put("last_block_skip_conn", lastBlockSkipConn);
        m.put("batch_norm", batchNorm);
        return m;
    }

    /**
     * Reads the {@code encoder_model} mapping of train.yaml; missing keys keep the recipe's values.
     *
     * @param options the mapping
     * @return the configuration
     * @throws IllegalArgumentException naming an unknown key or a value of the wrong type
     */
    public static EncoderConfig from(Options options) {
        Options o = options.requireKnown(KEYS);
        EncoderConfig d = recipe();
        return new EncoderConfig(o.bool("use_sincnet", d.useSincnet()), o.bool("use_qrnn", d.useQrnn()),
                o.bool("use_skip_conns", d.useSkipConns()), o.integer("in_channels", d.inChannels()),
                o.integers("blocks_channels", d.blocksChannels()),
                o.integers("blocks_kernel_sizes", d.blocksKernelSizes()),
                o.integers("blocks_strides", d.blocksStrides()),
                o.integer("qrnn_hidden_neurons", d.qrnnHiddenNeurons()),
                o.bool("per_channel_prelu", d.perChannelPrelu()), o.string("padding", d.padding()),
                (float) o.number("sinc_mel_start_hz", d.sincMelStartHz()),
                o.bool("last_block_skip_conn", d.lastBlockSkipConn()), o.bool("batch_norm", d.batchNorm()));
    }
}
