"""A stand-in for snnTorch's neurons (snntorch 0.7 semantics), for the tests
of maps/snntorch.json: scriptable, under the same qualified class names
(`snntorch._neurons.leaky.Leaky`, `snntorch._neurons.synaptic.Synaptic`).
Not the real package (not installable here)."""
