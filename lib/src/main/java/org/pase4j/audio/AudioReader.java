package org.pase4j.audio;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import org.jflac.FLACDecoder;
import org.jflac.FrameListener;
import org.jflac.frame.Frame;
import org.jflac.metadata.Metadata;
import org.jflac.metadata.StreamInfo;
import org.jflac.util.ByteData;

/**
 * Reads 16 kHz mono 16-bit FLAC ({@code .flac}) and WAV ({@code .wav}) files into float samples in
 * [-1, 1): sample {@code s} becomes {@code s / 32768f}, which is bit-exact with {@code sox}.
 *
 * <p>Every other sample rate, channel count or sample size, and every empty, truncated or corrupt
 * file, raises an {@link AudioFileException} naming the file and what was expected; no codec
 * exception escapes.
 */
public final class AudioReader {

    /** The only sample rate pase4j accepts, in Hz. */
    public static final int SAMPLE_RATE = 16_000;

    private static final float SCALE = 1f / 32768f;
    private static final String EXPECTED = "16000 Hz mono 16-bit";

    private AudioReader() {}

    /**
     * Decodes a whole file.
     *
     * @param file a {@code .flac} or {@code .wav} file
     * @return its samples in [-1, 1)
     * @throws AudioFileException if the file is missing or unusable
     */
    public static float[] read(Path file) throws AudioFileException {
        return decode(open(file), file);
    }

    /**
     * Reads how many samples a file holds from its header (FLAC's STREAMINFO, WAV's data size), checking
     * the format as {@link #read} does, without decoding: a cheap way to sort files by length. A file whose
     * header leaves the length out is decoded to count them. A file whose data is cut short of its header is
     * only found out by {@link #read}.
     *
     * @param file a {@code .flac} or {@code .wav} file
     * @return its number of samples
     * @throws AudioFileException if the file is missing or unusable
     */
    public static long samples(Path file) throws AudioFileException {
        long announced;
        try (InputStream in = checked(open(file), file)) {
            if (extension(file).equals(".flac")) {
                announced = streamInfo(file, new FLACDecoder(in)).getTotalSamples();
            } else {
                try (AudioInputStream stream = openWav(in, file)) {
                    announced = stream.getFrameLength() == AudioSystem.NOT_SPECIFIED ? 0 : stream.getFrameLength();
                }
            }
        } catch (AudioFileException e) {
            throw e;
        } catch (IOException e) {
            throw new AudioFileException(file, "cannot be read (" + e.getMessage() + ")", e);
        }
        return announced > 0 ? announced : read(file).length;
    }

    private static InputStream open(Path file) throws AudioFileException {
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new AudioFileException(file, "no such file");
        } catch (IOException e) {
            throw new AudioFileException(file, "cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Decodes a whole stream, e.g. a file of a Hadoop file system or an HTTP body, and closes it.
     *
     * @param in the encoded bytes of a {@code .flac} or {@code .wav} file
     * @param name the file's name or path, ending in {@code .flac} or {@code .wav}: it chooses the decoder
     *     and names the file in errors ({@link AudioFileException#file()} is {@code Path.of(name)})
     * @return its samples in [-1, 1)
     * @throws AudioFileException if the stream cannot be read or its audio is unusable
     */
    public static float[] read(InputStream in, String name) throws AudioFileException {
        return decode(in, Path.of(name));
    }

    private static float[] decode(InputStream raw, Path file) throws AudioFileException {
        try (InputStream in = checked(raw, file)) {
            return extension(file).equals(".flac") ? DecoderOutput.quietly(() -> readFlac(in, file))
                    : readWav(in, file);
        } catch (AudioFileException e) {
            throw e;
        } catch (IOException e) {
            throw new AudioFileException(file, "cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /** Buffers a stream after checking that it is not empty and that its name is a .flac or .wav file's. */
    private static InputStream checked(InputStream raw, Path file) throws AudioFileException {
        InputStream in = new BufferedInputStream(raw, 1 << 16);
        try {
            in.mark(1);
            if (in.read() < 0) {
                throw new AudioFileException(file, "empty file, expected " + EXPECTED + " audio");
            }
            in.reset();
            if (!isAudioFile(file)) {
                throw new AudioFileException(file, "unsupported file type, expected .flac or .wav");
            }
            return in;
        } catch (IOException e) {
            try {
                in.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw e instanceof AudioFileException a ? a
                    : new AudioFileException(file, "cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /**
     * @param file a path
     * @return whether its name ends in {@code .flac} or {@code .wav} (any case): a file {@link #read} takes
     */
    public static boolean isAudioFile(Path file) {
        String extension = extension(file);
        return extension.equals(".flac") || extension.equals(".wav");
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot);
    }

    private static float[] readFlac(InputStream in, Path file) throws AudioFileException {
        FLACDecoder decoder = new FLACDecoder(in);
        ErrorCounter errors = new ErrorCounter();
        decoder.addFrameListener(errors);
        StreamInfo info = streamInfo(file, decoder);
        long expected = info.getTotalSamples();
        if (expected > Integer.MAX_VALUE) {
            throw new AudioFileException(file, "too long: " + expected + " samples");
        }
        SampleBuffer samples = new SampleBuffer(expected > 0 ? (int) expected : SAMPLE_RATE);
        ByteData pcm = null;
        try {
            Frame frame;
            while ((frame = decoder.readNextFrame()) != null) {
                pcm = decoder.decodeFrame(frame, pcm);
                samples.appendLittleEndian16(pcm.getData(), pcm.getLen());
            }
        } catch (IOException | RuntimeException e) {
            throw new AudioFileException(file, "corrupt FLAC data (" + e.getMessage() + ")", e);
        }
        boolean shortOfHeader = expected > 0 && samples.size() < expected;
        if (shortOfHeader && (errors.count == 0 || errors.last.contains("EOFException"))) {
            throw new AudioFileException(file, "truncated: decoded " + samples.size()
                    + " samples, the header announces " + expected);
        }
        if (decoder.getBadFrames() > 0 || errors.count > 0 || expected > 0 && samples.size() != expected) {
            throw new AudioFileException(file, "corrupt FLAC data (" + errors.count + " bad frames, first: "
                    + errors.first + "; decoded " + samples.size() + " of " + expected + " samples)");
        }
        if (samples.size() == 0) {
            throw new AudioFileException(file, "no audio samples, expected " + EXPECTED + " audio");
        }
        return samples.toArray();
    }

    /** Reads a FLAC stream's STREAMINFO and the metadata after it, and checks the format. */
    private static StreamInfo streamInfo(Path file, FLACDecoder decoder) throws AudioFileException {
        StreamInfo info;
        try {
            info = decoder.readStreamInfo();
            decoder.readMetadata(info);
        } catch (IOException | RuntimeException e) {
            throw new AudioFileException(file, "not a valid FLAC stream (" + e.getMessage() + ")", e);
        }
        checkFormat(file, info.getSampleRate(), info.getChannels(), info.getBitsPerSample());
        return info;
    }

    /** Opens a WAV stream and checks its format; the caller closes it. */
    private static AudioInputStream openWav(InputStream in, Path file) throws AudioFileException {
        AudioInputStream stream;
        try {
            stream = AudioSystem.getAudioInputStream(in);
        } catch (UnsupportedAudioFileException | IOException | RuntimeException e) {
            throw new AudioFileException(file, "not a valid WAV file (" + e.getMessage() + ")", e);
        }
        AudioFormat format = stream.getFormat();
        if (format.getEncoding() != AudioFormat.Encoding.PCM_SIGNED || format.isBigEndian()) {
            throw new AudioFileException(file, "encoding " + format.getEncoding()
                    + (format.isBigEndian() ? " big-endian" : "") + ", expected 16-bit signed little-endian PCM");
        }
        checkFormat(file, Math.round(format.getSampleRate()), format.getChannels(), format.getSampleSizeInBits());
        return stream;
    }

    private static float[] readWav(InputStream in, Path file) throws AudioFileException {
        try (AudioInputStream stream = openWav(in, file)) {
            long frames = stream.getFrameLength();
            byte[] bytes = stream.readAllBytes();
            if (frames != AudioSystem.NOT_SPECIFIED && bytes.length != frames * 2) {
                throw new AudioFileException(file, "truncated: holds " + bytes.length / 2
                        + " samples, the header announces " + frames);
            }
            if (bytes.length < 2) {
                throw new AudioFileException(file, "no audio samples, expected " + EXPECTED + " audio");
            }
            SampleBuffer samples = new SampleBuffer(bytes.length / 2);
            samples.appendLittleEndian16(bytes, bytes.length);
            return samples.toArray();
        } catch (AudioFileException e) {
            throw e;
        } catch (IOException e) {
            throw new AudioFileException(file, "cannot be read (" + e.getMessage() + ")", e);
        }
    }

    private static void checkFormat(Path file, int sampleRate, int channels, int bits) throws AudioFileException {
        if (sampleRate != SAMPLE_RATE) {
            throw new AudioFileException(file, "sample rate " + sampleRate + " Hz, expected " + SAMPLE_RATE
                    + " Hz (resample it, e.g. sox in.flac -r 16000 out.flac)");
        }
        if (channels != 1) {
            throw new AudioFileException(file, channels + " channels, expected mono (1 channel)");
        }
        if (bits != 16) {
            throw new AudioFileException(file, bits + "-bit samples, expected 16-bit");
        }
    }

    /** Counts the errors jflac reports through its listener instead of throwing (e.g. CRC mismatches). */
    /**
     * Counts the decoder's frame errors and stops it, by an unchecked exception out of its callback, after
     * {@value #LIMIT} of them: one already makes the file corrupt (it is refused once decoding ends), and a
     * damaged frame header can make the decoder report the same error forever without reading on.
     */
    private static final class ErrorCounter implements FrameListener {
        private static final int LIMIT = 100;
        int count;
        String first = "";
        String last = "";

        @Override
        public void processMetadata(Metadata metadata) {}

        @Override
        public void processFrame(Frame frame) {}

        @Override
        public void processError(String msg) {
            if (count++ == 0) {
                first = msg;
            }
            last = msg;
            if (count > LIMIT) {
                throw new IllegalStateException("more than " + LIMIT + " frame errors, the first: " + first);
            }
        }
    }

    /** A growable float array fed with 16-bit little-endian PCM. */
    private static final class SampleBuffer {
        private float[] data;
        private int size;

        SampleBuffer(int capacity) {
            data = new float[Math.max(capacity, 1)];
        }

        void appendLittleEndian16(byte[] bytes, int length) {
            int n = length / 2;
            if (size + n > data.length) {
                data = java.util.Arrays.copyOf(data, Math.max(size + n, data.length * 2));
            }
            for (int i = 0; i < n; i++) {
                int lo = bytes[2 * i] & 0xff;
                int hi = bytes[2 * i + 1];
                data[size++] = (short) ((hi << 8) | lo) * SCALE;
            }
        }

        int size() {
            return size;
        }

        float[] toArray() {
            return size == data.length ? data : java.util.Arrays.copyOf(data, size);
        }
    }
}
