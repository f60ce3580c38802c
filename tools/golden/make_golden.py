#!/usr/bin/python3
"""Golden values for pase4j's labeller features, from independent implementations.

For each test signal (the first second of three bundled-corpus utterances and a synthetic 150 Hz
tone with an unvoiced gap) this writes, under lib/src/test/resources/golden/:
  NAME.mfcc.csv     20 rows (c0..c19) x 100 frames: torchaudio.transforms.MFCC
  NAME.lps.csv      every 31st bin and bin 1024, each row "bin, 100 frames": log1p(|torch.stft|^2)
  NAME.prosody.csv  100 rows "frame, f0_praat, rms, zcr": Praat's To Pitch (ac) and numpy framing
and the tone itself as lib/src/test/resources/audio/tone-150hz.wav (16-bit, so Java reads the same
samples). Everything is computed in float64 from the 16-bit samples divided by 32768, exactly what
org.pase4j.audio.AudioReader returns.

Run through make_golden.sh (Debian's python3 with python3-torchaudio, python3-scipy, python3-numpy,
python3-soundfile and praat).
"""
import os
import subprocess
import sys
import tempfile

import numpy as np
import soundfile as sf
import torch
import torchaudio

SR = 16000
CHUNK = 16000           # one second
HOP = 160
FRAMES = CHUNK // HOP   # 100
N_FFT = 2048
WIN = 400
PROSODY_WIN = 320
F0_PAD = 400            # pase4j reflect-pads the chunk by this much before pitch tracking
PRAAT_PAD = 760         # 0.0475 s: puts Praat's 0.01 s frame grid on sample multiples of 160
LPS_BINS = list(range(0, N_FFT // 2 + 1, 31)) + [N_FFT // 2]

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
CORPUS = os.path.join(REPO, "data", "LibriSynth", "train-synth")
GOLDEN = os.path.join(REPO, "lib", "src", "test", "resources", "golden")
AUDIO = os.path.join(REPO, "lib", "src", "test", "resources", "audio")
UTTERANCES = ["1001-100101-0000", "1006-100601-0000", "1016-101601-0000"]


def utterance_path(utt):
    spk, chapter, _ = utt.split("-")
    return os.path.join(CORPUS, spk, chapter, utt + ".flac")


def read_int16(path):
    data, rate = sf.read(path, dtype="int16")
    assert rate == SR and data.ndim == 1, (path, rate, data.shape)
    return data


def make_tone(path):
    """1 s of a 150 Hz harmonic tone (10 harmonics, amplitude 1/k) with low noise from 0.35 to 0.65 s."""
    t = np.arange(CHUNK) / SR
    x = sum(np.sin(2 * np.pi * 150 * k * t) / k for k in range(1, 11))
    x = 0.5 * x / np.max(np.abs(x))
    gap = (t >= 0.35) & (t < 0.65)
    x[gap] = np.random.default_rng(150).normal(0.0, 0.002, gap.sum())
    pcm = np.clip(np.round(x * 32768), -32768, 32767).astype(np.int16)
    sf.write(path, pcm, SR, subtype="PCM_16")


def mfcc(x):
    transform = torchaudio.transforms.MFCC(
        sample_rate=SR, n_mfcc=20, dct_type=2, norm="ortho", log_mels=False,
        melkwargs=dict(n_fft=N_FFT, win_length=WIN, hop_length=HOP, f_min=0.0, f_max=SR / 2, n_mels=40,
                       window_fn=torch.hamming_window, power=2.0, center=True, pad_mode="reflect",
                       norm=None, mel_scale="htk")).double()
    # One utterance at a time: amplitude_to_DB's top_db takes its maximum over the whole input.
    return transform(torch.from_numpy(x)).numpy()[:, :FRAMES]


def lps(x):
    spec = torch.stft(torch.from_numpy(x), N_FFT, hop_length=HOP, win_length=WIN,
                      window=torch.hamming_window(WIN, dtype=torch.float64), center=True, pad_mode="reflect",
                      return_complex=True)
    return torch.log1p(spec.abs() ** 2).numpy()[:, :FRAMES]


def frames_320(x):
    padded = np.pad(x, HOP, mode="reflect")
    return np.stack([padded[i * HOP: i * HOP + PROSODY_WIN] for i in range(FRAMES)])


def rms(x):
    return np.sqrt(np.mean(frames_320(x) ** 2, axis=1))


def zcr(x):
    negative = frames_320(x) < 0
    return np.sum(negative[:, 1:] != negative[:, :-1], axis=1) / (PROSODY_WIN - 1)


def praat_f0(pcm, tmp):
    padded = np.pad(np.pad(pcm, F0_PAD, mode="reflect"), PRAAT_PAD - F0_PAD)
    wav = os.path.join(tmp, "padded.wav")
    sf.write(wav, padded, SR, subtype="PCM_16")
    out = subprocess.run(["praat", "--run", os.path.join(HERE, "pitch.praat"), wav], check=True,
                         stdout=subprocess.PIPE, text=True).stdout
    rows = [line.split() for line in out.splitlines() if line.strip()]
    times = np.array([float(r[0]) for r in rows])
    f0 = np.array([float(r[1]) for r in rows])
    # Frame j of the padded sound is centred at time (j - 2) * 0.01 s of the chunk.
    assert len(rows) == FRAMES + 5, len(rows)
    expected = PRAAT_PAD / SR + (np.arange(len(rows)) - 2) * 0.01
    assert np.max(np.abs(times - expected)) < 1e-6, (times[:3], expected[:3])
    return f0[2:2 + FRAMES]


def write_rows(path, header, rows):
    with open(path, "w") as out:
        out.write("# " + header + "\n")
        for row in rows:
            out.write(",".join(v if isinstance(v, str) else "%.9g" % v for v in row) + "\n")


def main():
    os.makedirs(GOLDEN, exist_ok=True)
    tone = os.path.join(AUDIO, "tone-150hz.wav")
    make_tone(tone)
    signals = {u: read_int16(utterance_path(u))[:CHUNK] for u in UTTERANCES}
    signals["tone-150hz"] = read_int16(tone)
    source = {u: os.path.relpath(utterance_path(u), REPO) for u in UTTERANCES}
    source["tone-150hz"] = os.path.relpath(tone, REPO)
    versions = "torch %s, torchaudio %s, numpy %s, %s" % (
        torch.__version__, torchaudio.__version__, np.__version__,
        subprocess.run(["praat", "--version"], stdout=subprocess.PIPE, text=True).stdout.strip())
    with tempfile.TemporaryDirectory() as tmp:
        for name, pcm in signals.items():
            x = pcm.astype(np.float64) / 32768.0
            assert len(x) == CHUNK, (name, len(x))
            what = "first %d samples of %s; %s" % (CHUNK, source[name], versions)
            m = mfcc(x)
            write_rows(os.path.join(GOLDEN, name + ".mfcc.csv"),
                       "MFCC c0..c19 (rows) x 100 frames, torchaudio.transforms.MFCC; " + what, m)
            s = lps(x)
            write_rows(os.path.join(GOLDEN, name + ".lps.csv"),
                       "log1p(|STFT|^2): bin, then 100 frames, torch.stft; " + what,
                       [["%d" % b] + list(s[b]) for b in LPS_BINS])
            f0, energy, rate = praat_f0(pcm, tmp), rms(x), zcr(x)
            write_rows(os.path.join(GOLDEN, name + ".prosody.csv"),
                       "frame,f0_praat_hz(0=unvoiced),rms,zcr; " + what,
                       [["%d" % i, f0[i], energy[i], rate[i]] for i in range(FRAMES)])
            voiced = f0 > 0
            print("%-18s mfcc c0 %.1f..%.1f  lps max %.2f  voiced %d/%d  median f0 %.1f" % (
                name, m[0].min(), m[0].max(), s.max(), voiced.sum(), FRAMES,
                np.median(f0[voiced]) if voiced.any() else 0))


if __name__ == "__main__":
    sys.exit(main())
