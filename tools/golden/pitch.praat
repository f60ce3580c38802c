# Praat's autocorrelation pitch tracker on one sound; prints "time f0" per frame, f0 = 0 when unvoiced.
# Usage: praat --run pitch.praat SOUND.wav
form Pitch of a sound
    sentence Sound_file
endform
Read from file: sound_file$
# time step, floor, max candidates, very accurate, silence, voicing, octave cost, octave-jump cost,
# voiced/unvoiced cost, ceiling (Praat's defaults except time step, floor and ceiling)
To Pitch (ac): 0.01, 60, 15, "no", 0.03, 0.45, 0.01, 0.35, 0.14, 300
frames = Get number of frames
for frame to frames
    time = Get time from frame number: frame
    f0 = Get value in frame: frame, "Hertz"
    if f0 = undefined
        f0 = 0
    endif
    appendInfoLine: fixed$ (time, 6), " ", fixed$ (f0, 6)
endfor
