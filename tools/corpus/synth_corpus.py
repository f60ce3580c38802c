#!/usr/bin/python3
"""Generate LibriSynth: a small multi-speaker synthetic speech corpus in LibriSpeech layout.

Called by tools/corpus/make_corpus.sh (use Debian's /usr/bin/python3 with python3-numpy and
python3-scipy). Voices come from the Debian packages espeak-ng, flite and festival (+ festvox
kal/ked diphone voices); sox applies per-utterance nuisance; flac encodes.

Everything random is drawn from one random.Random(seed), so a run is deterministic for a given set
of package versions. Nuisance (pitch/formant jitter, tempo, coloured noise, reverb, silence
padding, peak level) is drawn per utterance, never per speaker.
"""
import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile

import numpy as np
from scipy.io import wavfile

SR = 16000
SUBSET = "train-synth"

# ---------------------------------------------------------------------------------------------
# Speakers: (id, sex, engine, voice, options).  Per-speaker pitch/rate offsets are part of the
# identity; "shift" is a fixed sox pitch shift in cents (moves F0 and formants together).
# espeak: p = pitch 0-99, s = words per minute.  flite/festival: x = duration stretch,
# f0 = target mean F0 (flite kal16/awb/slt only).
# ---------------------------------------------------------------------------------------------
SPEAKERS = [
    (1001, "F", "espeak", "en-us+f2", dict(p=55, s=150)),
    (1002, "M", "flite", "kal16", dict(x=1.00, f0=100)),
    (1003, "M", "flite", "awb", dict(x=0.95)),
    (1004, "M", "flite", "rms", dict(x=1.05)),
    (1005, "F", "flite", "slt", dict(x=1.00)),
    (1006, "M", "festival", "kal", dict(x=1.00)),
    (1007, "M", "festival", "ked", dict(x=1.05)),
    (1008, "M", "espeak", "en-us+m3", dict(p=40, s=165)),
    (1009, "F", "espeak", "en+f3", dict(p=65, s=155)),
    (1010, "M", "espeak", "en+m1", dict(p=30, s=145)),
    (1011, "F", "espeak", "en-us+f4", dict(p=50, s=170)),
    (1012, "M", "espeak", "en-us+m7", dict(p=50, s=150)),
    (1013, "F", "espeak", "en+f5", dict(p=70, s=160)),
    (1014, "F", "festival", "kal", dict(x=0.95, shift=450)),
    (1015, "M", "espeak", "en-us+m5", dict(p=25, s=140)),
    (1016, "F", "flite", "slt", dict(x=1.10, f0=200, shift=200)),
]


def speaker_name(engine, voice, o):
    parts = [engine, voice]
    if "p" in o:
        parts.append("p%d s%d" % (o["p"], o["s"]))
    if "x" in o:
        parts.append("x%.2f" % o["x"])
    if "f0" in o:
        parts.append("f0 %d" % o["f0"])
    if o.get("shift"):
        parts.append("%+dc" % o["shift"])
    return " ".join(parts)


# ---------------------------------------------------------------------------------------------
# Sentences: plain English built from word lists with the seeded RNG; every utterance gets a
# different sentence.
# ---------------------------------------------------------------------------------------------
DETS = ["THE", "A", "MY", "OUR", "HIS", "HER", "THAT", "ONE"]
ADJS = ["OLD", "YOUNG", "TALL", "QUIET", "HAPPY", "TIRED", "CLEVER", "BRAVE", "GENTLE", "ANGRY",
        "BUSY", "PROUD", "SHY", "KIND", "LAZY", "CAREFUL", "HUNGRY", "LONELY", "CHEERFUL", "SLEEPY"]
PEOPLE = ["SOLDIER", "FARMER", "BAKER", "TEACHER", "SAILOR", "DOCTOR", "PAINTER", "FISHERMAN",
          "NEIGHBOUR", "STRANGER", "GARDENER", "MERCHANT", "SHEPHERD", "CARPENTER", "DRIVER",
          "STUDENT", "WIDOW", "PRINCE", "MILLER", "HUNTER", "NURSE", "CLERK", "BOY", "GIRL",
          "UNCLE", "AUNT", "COUSIN", "WOMAN", "MAN", "CHILD"]
VERBS = ["CARRIED", "PAINTED", "FOUND", "OPENED", "WATCHED", "BOUGHT", "SOLD", "MENDED",
         "FOLLOWED", "HID", "CLEANED", "DROPPED", "WASHED", "BUILT", "COUNTED", "LIFTED", "PUSHED",
         "PULLED", "CAUGHT", "BORROWED", "LOST", "KEPT", "WRAPPED", "FILLED", "POLISHED",
         "TOUCHED", "CHOSE", "BROKE", "SHARED", "SEARCHED FOR"]
THINGS = ["BASKET", "LANTERN", "LETTER", "WAGON", "BLANKET", "KETTLE", "LADDER", "SADDLE",
          "BUCKET", "MIRROR", "COAT", "HAMMER", "MAP", "BOOK", "CANDLE", "BOTTLE", "PARCEL",
          "WINDOW", "FENCE", "BOAT", "BICYCLE", "CLOCK", "TABLE", "ROPE", "PAIL", "HAT", "KEY",
          "BOX", "CHAIR", "GATE", "JAR", "SPOON", "NET", "BELL", "DRUM", "SHOVEL", "TRUNK",
          "PILLOW", "PAINTING", "VIOLIN"]
OBJ_ADJS = ["RED", "HEAVY", "SMALL", "BROKEN", "WOODEN", "SHINY", "DUSTY", "NEW", "CRACKED",
            "GREEN", "EMPTY", "ROUND", "SILVER", "WET", "FAMOUS", "STRANGE"]
TAILS = ["NEAR THE RIVER", "BEFORE DINNER", "IN THE MORNING", "AFTER THE STORM",
         "ON A COLD NIGHT", "BY THE OLD MILL", "AT THE MARKET", "UNDER THE BRIDGE",
         "BEHIND THE BARN", "IN THE GARDEN", "ON SUNDAY", "AT NOON", "DURING THE RAIN",
         "ACROSS THE FIELD", "IN THE KITCHEN", "BESIDE THE CHURCH", "WITHOUT A WORD",
         "WITH GREAT CARE", "FOR HIS MOTHER", "FOR THE WEDDING", "ALL AFTERNOON",
         "LAST WINTER", "AT THE HARBOUR", "NEAR THE STATION", "IN THE VILLAGE"]
OPENERS = ["YESTERDAY", "LATER", "THAT EVENING", "AT DAWN", "SUDDENLY", "ONCE AGAIN",
           "EARLY ONE DAY", "LAST SPRING"]
INTRANS = ["LAUGHED", "WAITED", "SANG", "SLEPT", "SMILED", "RESTED", "WANDERED AWAY",
           "SAT DOWN", "STOOD STILL", "LOOKED AROUND", "WAVED", "SIGHED"]


def make_sentences(rng, n):
    def a_an(det, word):
        return "AN" if det == "A" and word[0] in "AEIOU" else det

    def subj():
        det = rng.choice(DETS)
        words = [rng.choice(ADJS)] if rng.random() < 0.6 else []
        words.append(rng.choice(PEOPLE))
        return " ".join([a_an(det, words[0])] + words)

    def two_intrans():
        a, b = rng.sample(INTRANS, 2)
        return "%s AND %s" % (a, b)

    def obj():
        det = rng.choice(["THE", "A", "HER", "HIS", "THEIR", "AN OLD"])
        if det == "AN OLD":
            return "AN OLD %s" % rng.choice(THINGS)
        if rng.random() < 0.5:
            adj = rng.choice(OBJ_ADJS)
            return "%s %s %s" % (a_an(det, adj), adj, rng.choice(THINGS))
        thing = rng.choice(THINGS)
        return "%s %s" % (a_an(det, thing), thing)

    templates = [
        lambda: "%s %s %s" % (subj(), rng.choice(VERBS), obj()),
        lambda: "%s %s %s" % (subj(), rng.choice(VERBS), obj()),
        lambda: "%s %s %s %s" % (subj(), rng.choice(VERBS), obj(), rng.choice(TAILS)),
        lambda: "%s %s %s %s" % (rng.choice(OPENERS), subj(), rng.choice(VERBS), obj()),
        lambda: "%s %s %s" % (subj(), rng.choice(INTRANS), rng.choice(TAILS)),
        lambda: "%s %s" % (subj(), two_intrans()),
    ]
    seen, out = set(), []
    while len(out) < n:
        s = rng.choice(templates)()
        if s not in seen:
            seen.add(s)
            out.append(s)
    return out


# ---------------------------------------------------------------------------------------------
# Audio helpers
# ---------------------------------------------------------------------------------------------
def run(cmd, **kw):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kw)


def synthesize(spk, text, out_wav, tmp):
    _, _, engine, voice, o = spk
    if engine == "espeak":
        run(["espeak-ng", "-v", voice, "-p", str(o["p"]), "-s", str(o["s"]), "-w", out_wav, text.lower()])
    elif engine == "flite":
        cmd = ["flite", "-voice", voice, "--setf", "duration_stretch=%.2f" % o["x"]]
        if "f0" in o:
            cmd += ["--setf", "int_f0_target_mean=%d" % o["f0"]]
        run(cmd + ["-t", text.lower(), "-o", out_wav])
    elif engine == "festival":
        txt = os.path.join(tmp, "text.txt")
        with open(txt, "w") as f:
            f.write(text.lower() + "\n")
        ev = "(begin (voice_%s_diphone) (Parameter.set 'Duration_Stretch %.2f))" % (voice, o["x"])
        run(["text2wave", "-eval", ev, "-o", out_wav, txt])
    else:
        raise ValueError(engine)


def read_float(path):
    sr, x = wavfile.read(path)
    assert sr == SR, (path, sr)
    x = x.astype(np.float64)
    if x.ndim > 1:
        x = x.mean(axis=1)
    return x


def make_noise_beds(tmp, seconds=180):
    """One long bed per colour, made once with sox synth in repeatable mode; utterances take
    random crops of it (random offset drawn from the seeded RNG)."""
    beds = {}
    for colour in ("whitenoise", "pinknoise", "brownnoise"):
        p = os.path.join(tmp, colour + ".wav")
        run(["sox", "-R", "-n", "-r", str(SR), "-c", "1", "-e", "floating-point", "-b", "32", p,
             "synth", str(seconds), colour])
        beds[colour] = read_float(p)
    return beds


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True, help="corpus root, e.g. data/LibriSynth")
    ap.add_argument("--seed", type=int, default=20240607)
    ap.add_argument("--utts", type=int, default=12, help="utterances per speaker")
    ap.add_argument("--min-dur", type=float, default=2.0)
    ap.add_argument("--max-dur", type=float, default=4.5)
    ap.add_argument("--jitter-cents", type=float, default=100.0)
    ap.add_argument("--tempo", type=float, default=0.10)
    ap.add_argument("--snr", type=float, nargs=2, default=(10.0, 30.0))
    ap.add_argument("--reverb-prob", type=float, default=0.30)
    args = ap.parse_args()

    rng = random.Random(args.seed)
    sentences = make_sentences(rng, 2000)
    next_sentence = 0

    root = args.out
    if os.path.exists(root):
        shutil.rmtree(root)
    os.makedirs(os.path.join(root, SUBSET))
    tmp = tempfile.mkdtemp(prefix="librisynth.")
    beds = make_noise_beds(tmp)

    spk_rows, chap_rows, nuis_rows = [], [], []
    total_sec = 0.0
    try:
        for si, spk in enumerate(SPEAKERS):
            sid, sex, engine, voice, o = spk
            # one or two chapters per speaker (alternating)
            n_ch = 2 if si % 2 == 1 else 1
            per_ch = [args.utts // n_ch + (1 if k < args.utts % n_ch else 0) for k in range(n_ch)]
            spk_sec = 0.0
            for ci in range(n_ch):
                chap = sid * 100 + ci + 1
                cdir = os.path.join(root, SUBSET, str(sid), str(chap))
                os.makedirs(cdir)
                trans, ch_sec = [], 0.0
                for ui in range(per_ch[ci]):
                    uid = "%d-%d-%04d" % (sid, chap, ui)
                    while True:  # draw sentence + nuisance until the duration fits
                        if next_sentence >= len(sentences):
                            sys.exit("ran out of sentences")
                        text = sentences[next_sentence]
                        next_sentence += 1
                        jitter = rng.uniform(-args.jitter_cents, args.jitter_cents)
                        cents = o.get("shift", 0) + jitter
                        tempo = 1.0 + rng.uniform(-args.tempo, args.tempo)
                        pre, post = rng.uniform(0.10, 0.45), rng.uniform(0.10, 0.45)
                        colour = rng.choice(["whitenoise", "pinknoise", "brownnoise"])
                        snr = rng.uniform(*args.snr)
                        peak_db = rng.uniform(-6.0, -1.0)
                        rev = None
                        if rng.random() < args.reverb_prob:
                            rev = (rng.randint(20, 85), rng.randint(10, 90), rng.randint(20, 100),
                                   rng.randint(0, 40))
                        noff = rng.random()

                        raw = os.path.join(tmp, "raw.wav")
                        synthesize(spk, text, raw, tmp)
                        # trim synthesiser silence, pitch/formant + tempo jitter, resample.
                        a = os.path.join(tmp, "a.wav")
                        run(["sox", "-R", raw, "-c", "1", "-e", "floating-point", "-b", "32", a,
                             "silence", "1", "0.01", "0.3%", "reverse", "silence", "1", "0.01",
                             "0.3%", "reverse",
                             "pitch", "%.1f" % cents, "tempo", "-s", "%.4f" % tempo,
                             "rate", "-v", str(SR)])
                        speech = read_float(a)
                        dur = (len(speech) + round(pre * SR) + round(post * SR)) / SR
                        if not (args.min_dur <= dur <= args.max_dur):
                            continue
                        break
                    npre, npost = round(pre * SR), round(post * SR)
                    x = np.concatenate([np.zeros(npre), speech, np.zeros(npost)])
                    if rev is not None:
                        b = os.path.join(tmp, "b.wav")
                        c = os.path.join(tmp, "c.wav")
                        wavfile.write(b, SR, x.astype(np.float32))
                        run(["sox", "-R", b, c, "reverb", str(rev[0]), str(rev[1]), str(rev[2]),
                             "100", str(rev[3])])
                        y = read_float(c)
                        x = y[:len(x)]
                    p_speech = np.mean(speech ** 2)
                    bed = beds[colour]
                    start = int(noff * (len(bed) - len(x)))
                    nz = bed[start:start + len(x)].copy()
                    nz -= nz.mean()
                    nz *= np.sqrt(p_speech / (np.mean(nz ** 2) * 10 ** (snr / 10.0)))
                    x = x + nz
                    x *= 10 ** (peak_db / 20.0) / np.max(np.abs(x))
                    pcm = np.clip(np.round(x * 32768.0), -32768, 32767).astype(np.int16)
                    w = os.path.join(tmp, "out.wav")
                    wavfile.write(w, SR, pcm)
                    run(["flac", "-8", "--no-padding", "-s", "-f", "-o",
                         os.path.join(cdir, uid + ".flac"), w])
                    d = len(pcm) / SR
                    ch_sec += d
                    trans.append("%s %s" % (uid, text))
                    nuis_rows.append("%s\t%.2f\t%.1f\t%.3f\t%.3f\t%.3f\t%s\t%.1f\t%s\t%.1f" % (
                        uid, d, jitter, tempo, pre, post, colour, snr,
                        "-" if rev is None else "%d/%d/%d/%d" % rev, peak_db))
                with open(os.path.join(cdir, "%d-%d.trans.txt" % (sid, chap)), "w") as f:
                    f.write("\n".join(trans) + "\n")
                chap_rows.append((chap, sid, ch_sec / 60.0, ci + 1))
                spk_sec += ch_sec
                print("speaker %d chapter %d: %d utts, %.1f s" % (sid, chap, len(trans), ch_sec),
                      flush=True)
            spk_rows.append((sid, sex, spk_sec / 60.0, speaker_name(engine, voice, o)))
            total_sec += spk_sec
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    with open(os.path.join(root, "SPEAKERS.TXT"), "w") as f:
        f.write("; LibriSynth Speakers (synthetic, made by tools/corpus/make_corpus.sh)\n;\n")
        f.write(";ID  |SEX| SUBSET           |MINUTES| NAME\n")
        for sid, sex, mins, name in spk_rows:
            f.write("%-5d| %s | %-17s| %5.2f | %s\n" % (sid, sex, SUBSET, mins, name))
    with open(os.path.join(root, "CHAPTERS.TXT"), "w") as f:
        f.write("; LibriSynth Chapters (synthetic, made by tools/corpus/make_corpus.sh)\n;\n")
        f.write(";ID    |READER|MINUTES| SUBSET           | PROJ.|BOOK ID| CH. TITLE"
                "            | PROJECT TITLE\n")
        for chap, sid, mins, k in chap_rows:
            f.write("%-7d|%-6d| %5.2f | %-17s| %-5d| %-6d| %-20s | %s\n" % (
                chap, sid, mins, SUBSET, 0, 0, "Synthetic chapter %d" % k, "LibriSynth"))
    with open(os.path.join(root, "NUISANCE.TSV"), "w") as f:
        f.write("utt\tseconds\tpitch_jitter_cents\ttempo\tpad_pre_s\tpad_post_s\tnoise\tsnr_db"
                "\treverb(rev/hf/room/predelay_ms)\tpeak_dbfs\n")
        f.write("\n".join(nuis_rows) + "\n")
    print("speakers %d, utterances %d, total %.1f s" % (len(spk_rows), len(nuis_rows), total_sec))


if __name__ == "__main__":
    main()
