/**
 * Audio input: decoding FLAC and WAV files into float samples, the 16 kHz mono contract, cropping
 * fixed-size chunks out of utterances, and environment corruption of the encoder's input (synthetic or
 * user-supplied noise and room responses).
 */
package org.pase4j.audio;
