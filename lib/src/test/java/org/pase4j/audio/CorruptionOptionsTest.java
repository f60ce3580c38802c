package org.pase4j.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CorruptionOptionsTest {

    @Test
    void fromMapReadsYamlKeysAndKeepsRecipeDefaults() {
        assertEquals(CorruptionOptions.recipe(), CorruptionOptions.fromMap(Map.of()));
        Map<String, Object> yaml = new HashMap<>(Map.of("noise_prob", 0.5, "snr_low", 0, "snr_high", 5.5,
                "reverb_prob", 1, "rt60_low", 0.3, "rt60_high", 0.3));
        yaml.put("noise_folder", null);
        assertEquals(new CorruptionOptions(0.5, 0, 5.5, 1, 0.3, 0.3, null, null), CorruptionOptions.fromMap(yaml));
    }

    @Test
    void errorsNameTheKey() {
        assertMessage(Map.of("snr_lo", 5), "env_corrupt: unknown key 'snr_lo', expected one of [eq_db, gain_db,"
                + " noise_folder, noise_prob, reverb_prob, rir_folder, rt60_high, rt60_low, snr_high, snr_low]");
        assertMessage(Map.of("snr_low", "ten"), "env_corrupt.snr_low: 'ten', expected a number");
        assertMessage(Map.of("noise_folder", 3), "env_corrupt.noise_folder: '3', expected a string");
        assertMessage(Map.of("rir_folder", " "), "env_corrupt.rir_folder: ' ', expected a folder");
        assertMessage(Map.of("noise_prob", 1.5), "env_corrupt.noise_prob: 1.5, expected a probability in [0, 1]");
        assertMessage(Map.of("reverb_prob", -0.1), "env_corrupt.reverb_prob: -0.1, expected a probability in [0, 1]");
        assertMessage(Map.of("snr_low", 40), "env_corrupt: snr_low 40.0 > snr_high 30.0, expected snr_low <= snr_high");
        assertMessage(Map.of("snr_high", Double.NaN), "env_corrupt.snr_high: NaN, expected a finite number of dB");
        assertMessage(Map.of("rt60_low", 0), "env_corrupt.rt60_low: 0.0, expected a positive number of seconds");
        assertMessage(Map.of("rt60_low", 0.9), "env_corrupt: rt60_low 0.9 > rt60_high 0.8, expected rt60_low <= rt60_high");
        assertMessage(Map.of("rt60_high", 12), "env_corrupt.rt60_high: 12.0, expected at most 10 s");
    }

    private static void assertMessage(Map<String, Object> yaml, String expected) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class,
                () -> CorruptionOptions.fromMap(yaml)).getMessage());
    }
}
