#!/usr/bin/python3
"""MFCC speaker-ID baseline on a LibriSpeech-layout corpus (default data/LibriSynth).

20 MFCCs (25 ms Hamming window, 10 ms hop, n_fft 512, 40 mel bands 0-8 kHz, log, DCT-II ortho,
c0..c19), per-utterance mean+std (40 dims) -> z-score (fit on train) -> multinomial logistic
regression. Per speaker half of the utterances train, half test (seeded split). Reports accuracy
on (a) whole utterances and (b) one random 1 s crop per utterance (train and test both cropped),
as mean +- std over 5 split seeds.

Run with Debian's python: /usr/bin/python3 tools/corpus/mfcc_baseline.py [ROOT]
"""
import glob
import os
import subprocess
import sys

import numpy as np
from scipy.fft import dct
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

SR = 16000
WIN, HOP, NFFT, NMEL, NMFCC = 400, 160, 512, 40, 20


def load_flac(path):
    raw = subprocess.run(["sox", path, "-t", "raw", "-e", "signed-integer", "-b", "16", "-c", "1",
                          "-r", str(SR), "-"], check=True, stdout=subprocess.PIPE).stdout
    return np.frombuffer(raw, dtype="<i2").astype(np.float64) / 32768.0


def mel_filterbank():
    def hz2mel(f):
        return 2595.0 * np.log10(1.0 + f / 700.0)

    def mel2hz(m):
        return 700.0 * (10 ** (m / 2595.0) - 1.0)

    pts = mel2hz(np.linspace(hz2mel(0.0), hz2mel(SR / 2.0), NMEL + 2))
    freqs = np.linspace(0, SR / 2.0, NFFT // 2 + 1)
    fb = np.zeros((NMEL, len(freqs)))
    for i in range(NMEL):
        lo, c, hi = pts[i], pts[i + 1], pts[i + 2]
        up = (freqs - lo) / (c - lo)
        down = (hi - freqs) / (hi - c)
        fb[i] = np.maximum(0.0, np.minimum(up, down))
    return fb


FB = mel_filterbank()
HAMM = np.hamming(WIN)


def mfcc(x):
    n = 1 + max(0, (len(x) - WIN) // HOP)
    idx = np.arange(WIN)[None, :] + HOP * np.arange(n)[:, None]
    frames = x[idx] * HAMM
    power = np.abs(np.fft.rfft(frames, NFFT)) ** 2
    logmel = np.log(power @ FB.T + 1e-10)
    return dct(logmel, type=2, norm="ortho", axis=1)[:, :NMFCC]


def stats(x):
    m = mfcc(x)
    return np.concatenate([m.mean(axis=0), m.std(axis=0)])


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "data/LibriSynth"
    files = sorted(glob.glob(os.path.join(root, "*", "*", "*", "*.flac")))
    if not files:
        sys.exit("no FLAC files under " + root)
    spk = np.array([os.path.basename(f).split("-")[0] for f in files])
    audio = [load_flac(f) for f in files]
    speakers = sorted(set(spk))
    y = np.array([speakers.index(s) for s in spk])
    print("%d utterances, %d speakers, %.1f s; chance %.2f%%" % (
        len(files), len(speakers), sum(len(a) for a in audio) / SR, 100.0 / len(speakers)))
    whole = np.stack([stats(a) for a in audio])

    acc_whole, acc_crop = [], []
    for seed in range(5):
        rng = np.random.RandomState(seed)
        train = np.zeros(len(files), bool)
        for s in range(len(speakers)):
            idx = np.where(y == s)[0]
            train[rng.permutation(idx)[: len(idx) // 2]] = True
        crops = []
        for a in audio:
            st = rng.randint(0, len(a) - SR + 1)
            crops.append(stats(a[st:st + SR]))
        crops = np.stack(crops)
        for feats, acc in ((whole, acc_whole), (crops, acc_crop)):
            sc = StandardScaler().fit(feats[train])
            clf = LogisticRegression(max_iter=5000, C=1.0)  # lbfgs: multinomial softmax
            clf.fit(sc.transform(feats[train]), y[train])
            acc.append(100.0 * np.mean(clf.predict(sc.transform(feats[~train])) == y[~train]))
        print("  split seed %d: whole %.2f%%  1 s crop %.2f%%" % (seed, acc_whole[-1], acc_crop[-1]))
    print("MFCC baseline (5 seeds): whole utterance %.2f +- %.2f %%, 1 s crop %.2f +- %.2f %%" % (
        np.mean(acc_whole), np.std(acc_whole), np.mean(acc_crop), np.std(acc_crop)))


if __name__ == "__main__":
    main()
