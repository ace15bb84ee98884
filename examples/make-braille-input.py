#!/usr/bin/python3
"""Writes examples/braille-input.csv: a synthetic input for the braille SRNN.

The braille reading dataset (12 event channels of a tactile fingertip sliding
over braille letters) is not redistributed here, so the demo feeds the model
a deterministic stand-in of the same form: 256 time steps x 12 channels of
0/1 events, a background of rare events plus bursts on the channels of a few
"dots" as the fingertip passes them. Rerun to regenerate the file exactly.
"""
import argparse
import pathlib

import numpy as np

STEPS, CHANNELS = 256, 12


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=pathlib.Path,
                        default=pathlib.Path(__file__).with_name("braille-input.csv"))
    out = parser.parse_args().output
    rng = np.random.default_rng(2024)
    events = rng.random((STEPS, CHANNELS)) < 0.01
    # Three dots passing under the sensor: each drives an on/off channel pair
    # with a burst whose rate rises and falls.
    for start, channel in [(30, 2), (90, 6), (150, 9)]:
        window = np.arange(60)
        rate = 0.5 * np.sin(np.pi * window / 60.0)
        burst = rng.random((60, 2)) < rate[:, None]
        events[start:start + 60, channel:channel + 2] |= burst
    header = "synthetic braille-like events: %d steps x %d channels (make-braille-input.py)" % (
        STEPS, CHANNELS)
    np.savetxt(out, events.astype(np.int8), fmt="%d", delimiter=",", header=header)


if __name__ == "__main__":
    main()
