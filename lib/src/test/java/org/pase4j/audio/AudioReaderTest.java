package org.pase4j.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pase4j.TestFiles;

class AudioReaderTest {

    @TempDir
    Path tmp;

    @Test
    void flacDecodesBitExactlyLikeSox() throws Exception {
        float[] flac = AudioReader.read(TestFiles.audio("speech.flac"));
        float[] sox = AudioReader.read(TestFiles.audio("speech.sox.wav"));
        assertEquals(24000, flac.length, "1.5 s at 16 kHz");
        assertArrayEquals(sox, flac);
        // Independent of our WAV path: the raw int16 bytes that sox wrote, divided by 32768.
        try (AudioInputStream in = AudioSystem.getAudioInputStream(TestFiles.audio("speech.sox.wav").toFile())) {
            byte[] pcm = in.readAllBytes();
            for (int i = 0; i < flac.length; i++) {
                short s = (short) ((pcm[2 * i] & 0xff) | (pcm[2 * i + 1] << 8));
                assertEquals(s / 32768f, flac[i], 0f, "sample " + i);
            }
        }
        double max = 0;
        for (float v : flac) {
            assertTrue(v >= -1f && v < 1f);
            max = Math.max(max, Math.abs(v));
        }
        assertTrue(max > 0.3, "the fixture is real speech, peak " + max);
    }

    @Test
    void bundledCorpusFilesDecode() throws Exception {
        Path file = TestFiles.bundledCorpus().resolve("train-synth/1001/100101/1001-100101-0000.flac");
        float[] wav = AudioReader.read(file);
        assertTrue(wav.length > 16000, "longer than one second: " + wav.length);
    }

    @Test
    void aStreamDecodesLikeItsFileAndItsNameNamesItInErrors() throws IOException {
        for (String fixture : new String[] {"speech.flac", "speech.sox.wav"}) {
            Path file = TestFiles.audio(fixture);
            assertArrayEquals(AudioReader.read(file),
                    AudioReader.read(Files.newInputStream(file), "hdfs:/corpus/" + fixture), fixture);
        }
        byte[] bytes = Files.readAllBytes(TestFiles.audio("speech.flac"));
        String cut = "s3a:/bucket/cut.flac";
        AudioFileException e = assertThrows(AudioFileException.class,
                () -> AudioReader.read(new ByteArrayInputStream(Arrays.copyOf(bytes, bytes.length / 2)), cut));
        assertTrue(e.getMessage().startsWith(cut + ": truncated: decoded "), e.getMessage());
        assertEquals(Path.of(cut), e.file());
        assertEquals("x.flac: empty file, expected 16000 Hz mono 16-bit audio", assertThrows(AudioFileException.class,
                () -> AudioReader.read(new ByteArrayInputStream(new byte[0]), "x.flac")).getMessage());
        assertEquals("x.mp3: unsupported file type, expected .flac or .wav", assertThrows(AudioFileException.class,
                () -> AudioReader.read(new ByteArrayInputStream(bytes), "x.mp3")).getMessage());
    }

    @Test
    void refusesOtherSampleRatesChannelsAndSampleSizes() {
        assertProblem("speech-44k.flac", "sample rate 44100 Hz, expected 16000 Hz");
        assertProblem("speech-stereo.flac", "2 channels, expected mono");
        assertProblem("speech-24bit.flac", "24-bit samples, expected 16-bit");
        assertProblem("speech-8k.wav", "sample rate 8000 Hz, expected 16000 Hz");
    }

    private static void assertProblem(String fixture, String expected) {
        Path file = TestFiles.audio(fixture);
        AudioFileException e = assertThrows(AudioFileException.class, () -> AudioReader.read(file));
        assertEquals(file + ": " + expected, e.getMessage().substring(0, (file + ": " + expected).length()));
        assertEquals(file, e.file());
        assertEquals(e.getMessage(), assertThrows(AudioFileException.class, () -> AudioReader.samples(file)).getMessage(),
                "the header's check refuses the file as decoding does");
    }

    @Test
    void samplesReadsTheLengthFromTheHeaderWithoutDecoding() throws IOException {
        assertEquals(24000, AudioReader.samples(TestFiles.audio("speech.flac")));
        assertEquals(24000, AudioReader.samples(TestFiles.audio("speech.sox.wav")));
        assertEquals(5, AudioReader.samples(TestFiles.writeWav(tmp.resolve("x.wav"), new short[5], 16000, 1)));
        byte[] bytes = Files.readAllBytes(TestFiles.audio("speech.flac"));
        Path cut = Files.write(tmp.resolve("cut.flac"), Arrays.copyOf(bytes, bytes.length * 6 / 10));
        assertEquals(24000, AudioReader.samples(cut), "what the header announces; decoding finds the file truncated");
        Path missing = tmp.resolve("missing.flac");
        assertEquals(missing + ": no such file",
                assertThrows(AudioFileException.class, () -> AudioReader.samples(missing)).getMessage());
        Path garbage = Files.write(tmp.resolve("garbage.flac"), "this is not audio at all".getBytes());
        assertTrue(assertThrows(AudioFileException.class, () -> AudioReader.samples(garbage)).getMessage()
                .startsWith(garbage + ": not a valid FLAC stream"));
    }

    @Test
    void refusesEmptyMissingAndUnknownFiles() throws IOException {
        Path empty = Files.createFile(tmp.resolve("empty.flac"));
        assertEquals(empty + ": empty file, expected 16000 Hz mono 16-bit audio",
                assertThrows(AudioFileException.class, () -> AudioReader.read(empty)).getMessage());
        Path missing = tmp.resolve("missing.flac");
        assertEquals(missing + ": no such file",
                assertThrows(AudioFileException.class, () -> AudioReader.read(missing)).getMessage());
        Path mp3 = Files.write(tmp.resolve("x.mp3"), new byte[] {1, 2, 3});
        assertEquals(mp3 + ": unsupported file type, expected .flac or .wav",
                assertThrows(AudioFileException.class, () -> AudioReader.read(mp3)).getMessage());
        Path garbage = Files.write(tmp.resolve("garbage.flac"), "this is not audio at all".getBytes());
        assertTrue(assertThrows(AudioFileException.class, () -> AudioReader.read(garbage)).getMessage()
                .startsWith(garbage + ": not a valid FLAC stream"));
    }

    @Test
    void refusesTruncatedFlac() throws IOException {
        byte[] bytes = Files.readAllBytes(TestFiles.audio("speech.flac"));
        Path cut = Files.write(tmp.resolve("cut.flac"), Arrays.copyOf(bytes, bytes.length * 6 / 10));
        String message = assertThrows(AudioFileException.class, () -> AudioReader.read(cut)).getMessage();
        assertTrue(message.startsWith(cut + ": truncated: decoded "), message);
        assertTrue(message.endsWith("the header announces 24000"), message);
    }

    @Test
    void refusesCorruptFlac() throws IOException {
        byte[] bytes = Files.readAllBytes(TestFiles.audio("speech.flac"));
        for (int i = bytes.length / 2; i < bytes.length / 2 + 64; i++) {
            bytes[i] ^= (byte) 0x5a;
        }
        Path bad = Files.write(tmp.resolve("bad.flac"), bytes);
        String message = assertThrows(AudioFileException.class, () -> AudioReader.read(bad)).getMessage();
        assertTrue(message.startsWith(bad + ": corrupt FLAC data") || message.startsWith(bad + ": truncated"), message);
    }

    @Test
    void readsWavAndRefusesTruncatedWav() throws IOException {
        short[] pcm = {0, 16384, -16384, 32767, -32768};
        Path wav = TestFiles.writeWav(tmp.resolve("x.wav"), pcm, 16000, 1);
        assertArrayEquals(new float[] {0f, 0.5f, -0.5f, 32767 / 32768f, -1f}, AudioReader.read(wav));
        byte[] bytes = Files.readAllBytes(wav);
        Path cut = Files.write(tmp.resolve("cut.wav"), Arrays.copyOf(bytes, bytes.length - 4));
        assertEquals(cut + ": truncated: holds 3 samples, the header announces 5",
                assertThrows(AudioFileException.class, () -> AudioReader.read(cut)).getMessage());
        Path stereo = TestFiles.writeWav(tmp.resolve("stereo.wav"), pcm, 16000, 2);
        assertTrue(assertThrows(AudioFileException.class, () -> AudioReader.read(stereo)).getMessage()
                .startsWith(stereo + ": 2 channels, expected mono"));
    }
}
