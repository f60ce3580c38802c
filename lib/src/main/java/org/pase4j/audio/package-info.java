/**
 * Audio input: decoding FLAC and WAV files into float samples, the 16 kHz mono contract, and cropping
 * fixed-size chunks out of utterances.
 */
package org.pase4j.audio;
